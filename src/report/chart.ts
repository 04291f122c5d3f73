import { hybridInputOf, hybridPlan, hybridPlans } from "../model/hybrid";
import { num, tokens, unitUsd, usd } from "./format";
import type { WorkloadReport } from "./schema";

/** A Mermaid xychart of one workload, and the sentence that says which line is which (xychart has no legend). */
export interface CostChart {
  mermaid: string;
  caption: string;
}

/** Points on the x axis, 0 included: enough to see the crossing, few enough to read the labels. */
const MAX_POINTS = 21;

/**
 * Monthly cost against monthly token volume for one workload: the managed API's line M(v) = v × M(V) ÷ V against the
 * fleet's flat line F, on evenly spaced volumes that include s·V and V (labelled on the axis) and, when it is near
 * enough, the break-even volume V*. Undefined when the workload has no cost to draw (not evaluated, or V = 0).
 */
export function costChart(w: WorkloadReport): CostChart | undefined {
  const F = w.fixedMonthlyUsd;
  const MV = w.managedAtVolumeUsd;
  const V = w.volumeTokens;
  const s = w.stressUtilization;
  if (F === undefined || MV === undefined || !(V > 0) || !w.managedModel) return undefined;

  // k points per V, so that s·V falls on the grid: s = 0.5 → k = 2, s = 0.3 → k = 10. Otherwise the nearest point.
  let k = 10;
  let sIndex = Math.max(1, Math.round(s * 10));
  let sExact = false;
  for (let candidate = 2; candidate <= 10; candidate++) {
    if (Math.abs(s * candidate - Math.round(s * candidate)) < 1e-9) {
      k = candidate;
      sIndex = Math.round(s * candidate);
      sExact = true;
      break;
    }
  }
  const maxMultiple = Math.max(1, Math.floor((MAX_POINTS - 1) / k));
  const crossing = w.breakEvenTokens ? w.breakEvenTokens / V : undefined;
  const multiple = Math.min(maxMultiple, Math.max(2, crossing !== undefined ? Math.ceil(crossing * 1.15) : 2));
  const points = multiple * k + 1;
  const step = V / k;
  const rate = MV / V;

  const labels: string[] = [];
  const managed: number[] = [];
  let breakEvenIndex = -1;
  if (crossing !== undefined) {
    const i = Math.round(crossing * k);
    if (i > 0 && i < points && i !== k && i !== sIndex) breakEvenIndex = i;
  }
  for (let i = 0; i < points; i++) {
    const x = i * step;
    managed.push(Math.round(x * rate));
    let label = i === 0 ? "0" : tokens(x);
    if (i === k) label = `V ${label}`;
    else if (i === sIndex) label = `${sExact ? "" : "~"}${num(s, 4)}·V ${label}`;
    else if (i === breakEvenIndex) label = `~V* ${label}`;
    labels.push(label);
  }
  // With an hourly profile the fleet's line rises past its capacity (the API takes the overflow), and a third line
  // draws the cheapest hybrid plan at each volume; both come from the model (src/model/hybrid.ts).
  const terms = w.peak?.terms;
  const volumes = labels.map((_, i) => i * step);
  const fleet = terms
    ? volumes.map((x) => Math.round(hybridPlan(hybridInputOf(terms, x), terms.instances).totalUsd))
    : new Array<number>(points).fill(Math.round(F));
  const hybrid = terms ? volumes.map((x) => Math.round(hybridPlans(hybridInputOf(terms, x)).cheapest.totalUsd)) : undefined;
  const top = niceCeiling(Math.max(F, managed[managed.length - 1], fleet[fleet.length - 1]) * 1.1);

  const mermaid = [
    "xychart-beta",
    `  title "${safe(w.name)}: monthly cost vs monthly tokens"`,
    `  x-axis "tokens per month" [${labels.map((l) => `"${safe(l)}"`).join(", ")}]`,
    `  y-axis "USD per month" 0 --> ${top}`,
    `  line [${managed.join(", ")}]`,
    `  line [${fleet.join(", ")}]`,
    ...(hybrid ? [`  line [${hybrid.join(", ")}]`] : []),
  ].join("\n");

  const perMillion = rate * 1e6;
  const where =
    w.breakEvenTokens === null || w.breakEvenTokens === undefined
      ? "They never cross: the managed cost at V is $0."
      : crossing !== undefined && crossing <= multiple
        ? `They cross at V* = ${tokens(w.breakEvenTokens)} tokens/month (${num(crossing, 2)}× V).`
        : `They cross at V* = ${tokens(w.breakEvenTokens)} tokens/month (${num(crossing ?? 0, 2)}× V), beyond the chart.`;
  const caption =
    `Rising line: ${w.managedModel.id} at ${unitUsd(round4(perMillion))} per 1M tokens (this workload's input/output mix). ` +
    (terms
      ? `Second line: the fleet, F = ${usd(F)}/month, plus what the API charges for the tokens it cannot serve in their hour. ` +
        `Third line: the cheapest plan at each volume, n × the instance type for the base load and the API for the peaks. `
      : `Flat line: the fleet, F = ${usd(F)}/month. `) +
    where;
  return { mermaid, caption };
}

/** The y axis' top: 1, 2, 2.5 or 5 × a power of ten. */
export function niceCeiling(value: number): number {
  if (!(value > 0)) return 1;
  const power = Math.pow(10, Math.floor(Math.log10(value)));
  for (const m of [1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10]) {
    if (m * power >= value) return Math.round(m * power);
  }
  return Math.round(10 * power);
}

/** Text Mermaid takes inside a quoted xychart string whatever the workload is called: no quotes, comments or newlines. */
export function safe(text: string, max = 60): string {
  const cleaned = text.replace(/[^\p{L}\p{N} ._\-:/()+@·~*]/gu, "_").replace(/\s+/g, " ").trim();
  return cleaned.length > max ? `${cleaned.slice(0, max - 1)}…` : cleaned;
}

function round4(n: number): number {
  return Math.round(n * 1e4) / 1e4;
}
