import { fleetCostWithOverflow } from "../model/breakEven";
import { hybridInputOf, hybridPlan, hybridPlans } from "../model/hybrid";
import { hourlyCapacity } from "../model/hourlyProfile";
import type { PeakTerms } from "../model/types";
import { truncate } from "../text/safe";
import { num, round, tokens, unitUsd, usd } from "./format";
import type { WorkloadReport } from "./schema";

/**
 * The hybrid model's terms as the report states them. A secret instance count (the report shows "[secret]") is
 * recovered from the fleet's hourly capacity: the chart costs the fleet at every volume, and never states the count.
 * Undefined when another term is "[secret]" (then the report carries the chart's points: `chart`).
 */
function peakTerms(w: WorkloadReport): PeakTerms | undefined {
  const peak = w.peak;
  if (!peak?.terms) return undefined;
  const { instances, hourlyProfile, tokensPerSecondPerInstance, discountShare, ...rest } = peak.terms;
  if (typeof hourlyProfile === "string" || typeof tokensPerSecondPerInstance === "string" || typeof discountShare === "string") return undefined;
  const terms = { ...rest, hourlyProfile, tokensPerSecondPerInstance, discountShare };
  if (typeof instances === "number") return { ...terms, instances };
  const perInstance = hourlyCapacity(tokensPerSecondPerInstance);
  return perInstance > 0 ? { ...terms, instances: Math.round(peak.fleetHourlyTokens / perInstance) } : undefined;
}

/** A Mermaid xychart of one workload, and the sentence that says which line is which (xychart has no legend). */
export interface CostChart {
  mermaid: string;
  caption: string;
}

/**
 * The lines' colours, in the order the chart draws them. Okabe–Ito hues (told apart with the common colour-vision
 * deficiencies) whose relative luminance lies between 0.12 and 0.30, so each has at least 3:1 contrast on GitHub's
 * light (#ffffff) and dark (#0d1117) backgrounds; the caption names them.
 */
export const CHART_PALETTE = [
  { line: "managed API", color: "#0072B2", name: "Blue" },
  { line: "fleet", color: "#D55E00", name: "Orange" },
  { line: "cheapest plan", color: "#009E73", name: "Green" },
] as const;

/** At most this many labels on the x axis: more overlap at the width GitHub gives a comment's chart. */
export const MAX_AXIS_LABELS = 8;

/** The chart's drawing size (Mermaid scales it down to the comment's width, keeping its proportions). */
const CHART_WIDTH = 900;
const CHART_HEIGHT = 500;

/** The most steps on the axis (and so the most multiples of V it spans, at one point per V). */
const MAX_MULTIPLE = MAX_AXIS_LABELS - 1;

/** Where the axis' points fall: `perV` points per V, MAX_AXIS_LABELS points from 0, and the marks on them. */
export interface ChartGrid {
  perV: number;
  /** The point within a quarter step of s·V (on it when stressExact), when it is neither 0 nor V. */
  stressIndex?: number;
  /** True when s·V falls exactly on a point. */
  stressExact: boolean;
  /** The point within a quarter step of V*, when that point carries no other mark. */
  breakEvenIndex?: number;
}

/**
 * The axis' grid, k points per V (k = 1 … 7), so that V is on a point. Among the grids, in this order of preference:
 * s·V exactly on a point; s·V within a quarter step of a point of its own; the axis reaching V* (when it lies within
 * 7 × V); V* within a quarter step of a point of its own; the axis reaching the fleet's capacity; then the coarsest
 * grid (the widest view).
 */
export function chartGrid(s: number, crossing?: number, capacityRatio?: number): ChartGrid {
  const stressExact = (k: number) => Math.abs(s * k - Math.round(s * k)) < 1e-9 && stressPoint(k) !== undefined;
  const stressPoint = (k: number) => nearPoint(s * k, (i) => i > 0 && i < k);
  const breakEvenPoint = (k: number) => (crossing === undefined ? undefined : nearPoint(crossing * k, (i) => i > 0 && i !== k && i !== stressPoint(k)));
  const reaches = (ratio: number | undefined, k: number) => ratio === undefined || ratio > MAX_MULTIPLE || Math.ceil(ratio * 1.1 * k - 1e-9) <= MAX_MULTIPLE;
  const score = (k: number) =>
    [stressExact(k), stressPoint(k) !== undefined, reaches(crossing, k), breakEvenPoint(k) !== undefined, reaches(capacityRatio, k)].map(Number);
  let perV = 1;
  for (let k = 2; k <= MAX_MULTIPLE; k++) if (better(score(k), score(perV))) perV = k; // ties keep the coarser
  const grid: ChartGrid = { perV, stressExact: stressExact(perV) };
  const stress = stressPoint(perV);
  if (stress !== undefined) grid.stressIndex = stress;
  const breakEven = breakEvenPoint(perV);
  if (breakEven !== undefined) grid.breakEvenIndex = breakEven;
  return grid;
}

/** The point (counted in steps) within a quarter step of `position`, when it is on the axis and `free` allows it. */
function nearPoint(position: number, free: (i: number) => boolean): number | undefined {
  const i = Math.round(position);
  return Math.abs(position - i) <= 0.25 + 1e-9 && i <= MAX_MULTIPLE && free(i) ? i : undefined;
}

/** True when score a beats score b, comparing from the first criterion on. */
function better(a: number[], b: number[]): boolean {
  const i = a.findIndex((x, j) => x !== b[j]);
  return i >= 0 && a[i] > b[i];
}

/** A chart's points: the axis' grid, and each line's dollars at each of its MAX_AXIS_LABELS points. */
export interface ChartSeries {
  grid: ChartGrid;
  managed: number[];
  fleet: number[];
  /** With an hourly profile: the cheapest hybrid plan. */
  hybrid?: number[];
  /** The managed API's price per token of this workload's mix, M(V) ÷ V. */
  rate: number;
  /** V* ÷ V, when there is a V*. */
  breakEvenRatio?: number;
}

/**
 * The chart's points from the report's figures, on at most 8 evenly spaced volumes from 0: the managed API's line
 * M(v) = v × M(V) ÷ V, the fleet's line (F, plus the API for what exceeds its capacity) and, with an hourly profile,
 * the cheapest hybrid plan. Undefined when there is no cost to draw, or a figure it needs is "[secret]" (the pack then
 * computes the points from the true figures and the report carries them: `chart`).
 */
export function chartSeries(w: WorkloadReport): ChartSeries | undefined {
  const F = w.fixedMonthlyUsd;
  const MV = w.managedAtVolumeUsd;
  const V = w.volumeTokens;
  const s = w.stressUtilization;
  if (F === undefined || MV === undefined || typeof V !== "number" || !(V > 0) || !w.managedModel) return undefined;
  // Terms the report hides cannot be charted from it.
  const terms = peakTerms(w);
  if (w.peak && !terms) return undefined;

  const rate = MV / V;
  const crossing = w.breakEvenTokens ? w.breakEvenTokens / V : undefined;
  const capacity = capacityOf(w);
  const grid = chartGrid(s, crossing, capacity !== undefined ? capacity / V : undefined);
  const step = V / grid.perV;
  const volumes = Array.from({ length: MAX_AXIS_LABELS }, (_, i) => i * step);
  const managed = volumes.map((x) => Math.round(x * rate));
  // With an hourly profile the fleet's line and the cheapest plan come from the hybrid model; without one the fleet
  // pays the API for what exceeds its monthly capacity (the same model at a flat profile).
  const fleet = volumes.map((x) =>
    Math.round(
      terms ? hybridPlan(hybridInputOf(terms, x), terms.instances).totalUsd : capacity !== undefined ? fleetCostWithOverflow(F, capacity, rate, x) : F,
    ),
  );
  const hybrid = terms ? volumes.map((x) => Math.round(hybridPlans(hybridInputOf(terms, x)).cheapest.totalUsd)) : undefined;
  return { grid, managed, fleet, ...(hybrid ? { hybrid } : {}), rate, ...(crossing !== undefined ? { breakEvenRatio: crossing } : {}) };
}

/** A chart's points as the report carries them (`chart`), when the figures behind them are hidden: carriedSeries' input. */
export function chartPoints(series: ChartSeries): NonNullable<WorkloadReport["chart"]> {
  const { grid } = series;
  return {
    perV: grid.perV,
    ...(grid.stressIndex !== undefined ? { stressIndex: grid.stressIndex } : {}),
    stressExact: grid.stressExact,
    ...(grid.breakEvenIndex !== undefined ? { breakEvenIndex: grid.breakEvenIndex } : {}),
    managedUsd: series.managed,
    fleetUsd: series.fleet,
    ...(series.hybrid ? { cheapestUsd: series.hybrid } : {}),
    usdPerMillion: series.rate * 1e6,
    ...(series.breakEvenRatio !== undefined ? { breakEvenRatio: series.breakEvenRatio } : {}),
  };
}

/** The points the report carries (`chart`), when the figures behind them are hidden: chartPoints' output. */
function carriedSeries(w: WorkloadReport): ChartSeries | undefined {
  const c = w.chart;
  if (!c) return undefined;
  const grid: ChartGrid = { perV: c.perV, stressExact: c.stressExact };
  if (c.stressIndex !== undefined) grid.stressIndex = c.stressIndex;
  if (c.breakEvenIndex !== undefined) grid.breakEvenIndex = c.breakEvenIndex;
  return {
    grid,
    managed: c.managedUsd,
    fleet: c.fleetUsd,
    ...(c.cheapestUsd ? { hybrid: c.cheapestUsd } : {}),
    rate: c.usdPerMillion / 1e6,
    ...(c.breakEvenRatio !== undefined ? { breakEvenRatio: c.breakEvenRatio } : {}),
  };
}

/**
 * Monthly cost against monthly token volume for one workload on at most 8 evenly spaced volumes from 0 (chartSeries),
 * s·V, V and V* marked on the axis. When V is "[secret]" (a secret declaration) the points come from the report's
 * `chart`, and the axis and caption state volumes only relative to V: "s·V", "V", "2·V", never V itself. Undefined when
 * there is no cost to draw.
 */
export function costChart(w: WorkloadReport): CostChart | undefined {
  const F = w.fixedMonthlyUsd;
  const V = w.volumeTokens;
  const relative = typeof V !== "number";
  // The report's own points when it carries them because a term is hidden (V, or the peak terms), else computed here.
  const series = (relative ? undefined : chartSeries(w)) ?? carriedSeries(w);
  if (F === undefined || w.managedAtVolumeUsd === undefined || !w.managedModel || !series) return undefined;
  const { grid, managed, fleet, hybrid } = series;
  const capacity = capacityOf(w);

  const labels = Array.from({ length: MAX_AXIS_LABELS }, (_, i) => {
    const x = relative ? 0 : i * (V / grid.perV);
    const at = (mark: string) => (relative ? mark : `${mark}=${tokens(x)}`);
    if (i === 0) return "0";
    if (i === grid.perV) return at("V");
    if (i === grid.stressIndex) return at(`${grid.stressExact ? "" : "~"}s·V`);
    if (i === grid.breakEvenIndex) return at("~V*");
    return relative ? `${num(i / grid.perV, 2)}·V` : tokens(x);
  });
  const top = niceCeiling(Math.max(F, managed[managed.length - 1], fleet[fleet.length - 1]) * 1.1);

  const title = `${safe(w.name)}: monthly cost vs monthly tokens`;
  const caption = chartCaption(w, {
    F,
    rate: series.rate,
    crossing: series.breakEvenRatio,
    capacity,
    grid,
    hasHybrid: hybrid !== undefined,
  });
  const mermaid = [
    `%%{init: ${JSON.stringify(chartConfig())}}%%`,
    "xychart-beta",
    `  accTitle: ${title}`,
    `  accDescr: ${accessibleText(caption)}`,
    `  title "${title}"`,
    `  x-axis "tokens per month" [${labels.map((l) => `"${safe(l)}"`).join(", ")}]`,
    `  y-axis "USD per month" 0 --> ${top}`,
    `  line [${managed.join(", ")}]`,
    `  line [${fleet.join(", ")}]`,
    ...(hybrid ? [`  line [${hybrid.join(", ")}]`] : []),
  ].join("\n");
  return { mermaid, caption };
}

/**
 * Mermaid's configuration for every chart: its size, the palette, and a transparent background, whichever theme GitHub
 * picks (Mermaid's dark theme would paint #333, on which the palette falls below 3:1; GitHub's page shows through).
 */
function chartConfig(): object {
  return {
    xyChart: { width: CHART_WIDTH, height: CHART_HEIGHT },
    themeVariables: { xyChart: { backgroundColor: "transparent", plotColorPalette: CHART_PALETTE.map((p) => p.color).join(", ") } },
  };
}

interface CaptionTerms {
  F: number;
  rate: number;
  crossing: number | undefined;
  capacity: number | undefined;
  grid: ChartGrid;
  hasHybrid: boolean;
}

/** Which line is which (by colour), where s·V sits, and where the lines cross. */
function chartCaption(w: WorkloadReport, t: CaptionTerms): string {
  const [managed, fleet, cheapest] = CHART_PALETTE;
  const parts = [`${managed.name} line: ${w.managedModel!.id} at ${unitUsd(round(t.rate * 1e6, 4))} per 1M tokens (this workload's input/output mix).`];
  if (t.hasHybrid) {
    parts.push(
      `${fleet.name} line: the fleet, F = ${usd(t.F)}/month, plus what the API charges for the tokens it cannot serve in their hour.`,
      `${cheapest.name} line: the cheapest plan at each volume, n × the instance type for the base load and the API for the peaks.`,
    );
  } else if (t.capacity !== undefined) {
    parts.push(`${fleet.name} line: the fleet, F = ${usd(t.F)}/month, plus the API for what exceeds its capacity of ${tokens(t.capacity)} tokens/month.`);
  } else {
    parts.push(`${fleet.name} line: the fleet, F = ${usd(t.F)}/month (flat: its capacity is unknown; declare tokensPerSecondPerInstance to draw it).`);
  }
  if (!t.grid.stressExact) {
    const V = w.volumeTokens;
    parts.push(`s·V = ${num(w.stressUtilization, 4)} × V${typeof V === "number" ? ` = ${tokens(w.stressUtilization * V)}` : ""}.`);
  }
  parts.push(crossingSentence(w, t));
  return parts.join(" ");
}

function crossingSentence(w: WorkloadReport, t: CaptionTerms): string {
  if (w.breakEvenTokens === null || w.breakEvenTokens === undefined || t.crossing === undefined) return "They never cross: the managed cost at V is $0.";
  const at = `V* = ${tokens(w.breakEvenTokens)} tokens/month (${num(t.crossing, 2)}× V)`;
  if (!t.hasHybrid && t.capacity !== undefined && w.breakEvenTokens > t.capacity) {
    return `${at} lies beyond the fleet's capacity: past it the fleet pays the API for the excess too, so the lines never meet.`;
  }
  return t.crossing * t.grid.perV <= MAX_MULTIPLE ? `They cross at ${at}.` : `They cross at ${at}, beyond the chart.`;
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
function safe(text: string, max = 60): string {
  return truncate(text.replace(/[^\p{L}\p{N} ._\-:/()+@·~*=]/gu, "_").replace(/\s+/g, " ").trim(), max);
}

/**
 * The caption as an accDescr line: one line (no control characters), no backticks or angle brackets (the chart sits in
 * a Markdown code fence that Mermaid renders as HTML), no %% (a Mermaid comment), cut at 400 characters.
 */
function accessibleText(text: string, max = 400): string {
  const cleaned = text
    .replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, " ")
    .replace(/[`<>{}]/g, "'")
    .replace(/%%/g, "%");
  return truncate(cleaned, max);
}

/** The fleet's monthly capacity, when the report knows one above 0. */
function capacityOf(w: WorkloadReport): number | undefined {
  return w.capacityTokensPerMonth !== undefined && w.capacityTokensPerMonth > 0 ? w.capacityTokensPerMonth : undefined;
}
