import type { WorkloadResult } from "../analysis/types";
import { inputUsdPerMillion } from "../model/managedCost";
import type { WorkloadCost } from "../model/types";
import { renderFixedCost } from "./costLines";
import { num, percent, tokens, unitUsd, usd } from "./format";

type Judged = WorkloadResult & { cost: WorkloadCost; managedModel: NonNullable<WorkloadResult["managedModel"]> };

/** The arithmetic every cost violation carries: cost lines, managed cost at V and s·V, break-even, capacity. */
export function costExplanation(w: Judged, catalogAsOf: string): string[] {
  const { cost, managedModel: m, declaration: d } = w;
  const s = cost.stressUtilization;
  const lines = [
    `Fleet: ${fleetNames(w)}`,
    ...renderFixedCost(cost),
    `Managed ${m.id} (${unitUsd(m.inputUsdPerMillion)} in / ${unitUsd(m.outputUsdPerMillion)} out per 1M tokens, ${m.source}):`,
    `  at V = ${tokens(cost.volumeTokens)} tokens: ${num(d.monthlyInputTokens / 1e6, 2)}M × ${inputPrice(w)} + ` +
      `${num(d.monthlyOutputTokens / 1e6, 2)}M × ${unitUsd(m.outputUsdPerMillion)} = ${usd(cost.managedAtVolumeUsd)}`,
    `  at ${s}·V = ${tokens(cost.volumeTokens * s)} tokens: ${usd(cost.managedAtStressUsd)}`,
    breakEvenLine(cost),
  ];
  if (cost.capacity) lines.push(capacityLine(cost));
  lines.push(`Catalog as of ${catalogAsOf}.`);
  return lines;
}

/** The workload's resources and owned servers, each named once. */
function fleetNames(w: WorkloadResult): string {
  const names = [...w.resources.map((r) => r.name), ...(w.declaration.ownedHardware ?? []).map((o) => `${o.name} (owned)`)];
  return [...new Set(names)].join(", ");
}

/** The input price as the arithmetic uses it: blended with the cached price when a share is cached. */
function inputPrice(w: Judged): string {
  const share = w.declaration.cachedInputShare;
  const m = w.managedModel;
  const blended = inputUsdPerMillion({ inputTokens: 0, outputTokens: 0, cachedInputShare: share }, m);
  if (!share) return unitUsd(m.inputUsdPerMillion);
  const cached = m.cachedInputUsdPerMillion === undefined
    ? "no cached price listed: billed as input"
    : `${unitUsd(m.cachedInputUsdPerMillion)} cached`;
  return `${unitUsd(round4(blended))} (${num(share * 100, 1)}% of input cached, ${cached})`;
}

function round4(n: number): number {
  return Math.round(n * 10000) / 10000;
}

function breakEvenLine(cost: WorkloadCost): string {
  if (cost.breakEvenTokens === null) return "Break-even volume: none (the managed cost at V is $0).";
  const ratio = cost.volumeTokens > 0 ? ` (${num(cost.breakEvenTokens / cost.volumeTokens, 2)}× the declared volume)` : "";
  const perMillion = cost.selfHostedUsdPerMillion === null ? "" : `; self-hosted cost ${unitUsd(round2(cost.selfHostedUsdPerMillion))} per 1M tokens at V`;
  return `Break-even volume V* = F ÷ (M(V) ÷ V) = ${tokens(cost.breakEvenTokens)} tokens/month${ratio}${perMillion}.`;
}

function capacityLine(cost: WorkloadCost): string {
  const c = cost.capacity!;
  const atBreakEven = c.breakEvenUtilization === null ? "" : `, ${percent(c.breakEvenUtilization)} at V*`;
  const hours = num(hoursOf(cost));
  const rate = c.estimated
    ? `Capacity (estimated from the served model): the fleet's ${num(c.tokensPerSecondPerInstance)} tokens/s × 3,600 s × ${hours} h`
    : `Capacity: ${num(cost.instanceCount)} × ${num(c.tokensPerSecondPerInstance)} tokens/s × 3,600 s × ${hours} h`;
  return `${rate} = ${tokens(c.tokensPerMonth)} tokens/month; utilization ${percent(c.utilization)} at V${atBreakEven}.`;
}

function hoursOf(cost: WorkloadCost): number {
  const line = cost.lines.find((l) => l.kind === "compute" || l.kind === "owned-power");
  return line && "hours" in line ? line.hours : 730;
}

/** self-hosting-break-even: the managed API is cheaper at the declared volume. */
export function failsMessage(w: Judged, catalogAsOf: string): string {
  const c = w.cost;
  return [
    `Workload ${w.name}: the fleet costs ${usd(c.fixedMonthlyUsd)}/month but ${w.managedModel.id} would serve the declared ` +
      `${tokens(c.volumeTokens)} tokens for ${usd(c.managedAtVolumeUsd)}/month (verdict: fails, F > M(V)).`,
    ...costExplanation(w, catalogAsOf),
    ...wayToPassLine(w),
    `To pass: call ${w.managedModel.id} instead (${usd(c.managedAtVolumeUsd)}/month, ${usd(c.fixedMonthlyUsd - c.managedAtVolumeUsd)} less), ` +
      `or cut the fixed cost to ${usd(c.managedAtVolumeUsd)} or below${cheaperFleetHint(w, c.managedAtVolumeUsd)}` +
      `${c.breakEvenTokens === null ? "" : `, or serve at least V* = ${tokens(c.breakEvenTokens)} tokens/month`}.`,
  ].join("\n");
}

/** self-hosting-fragile: the fleet wins only if utilization stays high. */
export function fragileMessage(w: Judged, catalogAsOf: string): string {
  const c = w.cost;
  const s = c.stressUtilization;
  return [
    `Workload ${w.name}: the fleet (${usd(c.fixedMonthlyUsd)}/month) beats ${w.managedModel.id} at the declared ${tokens(c.volumeTokens)} ` +
      `tokens (${usd(c.managedAtVolumeUsd)}) but not at ${s}·V (${usd(c.managedAtStressUsd)}): it wins only while utilization stays high (verdict: fragile).`,
    ...costExplanation(w, catalogAsOf),
    ...wayToPassLine(w),
    `To pass: cut the fixed cost to ${usd(c.managedAtStressUsd)} or below${cheaperFleetHint(w, c.managedAtStressUsd)}` +
      `${c.breakEvenTokens === null ? "" : `, or plan for at least V* ÷ ${s} = ${tokens(c.breakEvenTokens / s)} tokens/month`}.`,
  ].join("\n");
}

/** The cheapest catalog fleet that still serves V, when the search found one cheaper than this fleet. */
function wayToPassLine(w: WorkloadResult): string[] {
  const way = w.wayToPass;
  if (!way) return [];
  const estimate = [way.estimated ? "throughput estimated from the served model" : "", way.estimatePrices ? "price estimated" : ""].filter(Boolean);
  return [
    `Cheapest catalog fleet that serves V: ${way.count} × ${way.instanceType} in ${way.region}, ${usd(way.fixedMonthlyUsd)}/month with ops ` +
      `(capacity ${tokens(way.capacityTokensPerMonth)} tokens/month${estimate.length ? `; ${estimate.join(", ")}` : ""}): verdict ${way.verdict}.`,
  ];
}

/** A concrete smaller fleet of the same type that fits under `budgetUsd`, when there is one. */
function cheaperFleetHint(w: Judged, budgetUsd: number): string {
  const compute = w.cost.lines.filter((l) => l.kind === "compute");
  const ops = w.cost.lines.find((l) => l.kind === "ops")?.monthlyUsd ?? 0;
  if (compute.length !== 1 || compute[0].kind !== "compute") return "";
  const line = compute[0];
  const perInstance = line.usdPerHour * line.hours;
  const affordable = Math.floor((budgetUsd - ops) / perInstance);
  if (affordable >= 1 && affordable < line.count) {
    return ` — e.g. ${affordable} × ${line.instanceType} instead of ${line.count} (${usd(affordable * perInstance + ops)}), if ${affordable} can serve the volume`;
  }
  if (ops > 0 && ops >= budgetUsd) return ` — the ops hours alone (${usd(ops)}) exceed it`;
  return "";
}

/** fleet-capacity: the declared volume exceeds what the fleet can serve. */
export function capacityMessage(w: Judged): string {
  const c = w.cost;
  const cap = c.capacity!;
  const perInstance = cap.estimated ? cap.tokensPerSecondPerInstance / Math.max(1, c.instanceCount) : cap.tokensPerSecondPerInstance;
  const needed = perInstance > 0 ? Math.ceil(c.volumeTokens / (perInstance * 3600 * hoursOf(c))) : undefined;
  return [
    `Workload ${w.name}: the declared ${tokens(c.volumeTokens)} tokens/month exceed the fleet's capacity of ${tokens(cap.tokensPerMonth)} ` +
      `(${percent(cap.utilization)} utilization), so the cost comparison flatters the fleet.`,
    capacityLine(c),
    needed === undefined
      ? `To pass: run instances the model fits on (see above), or declare the measured tokensPerSecondPerInstance.`
      : cap.estimated
        ? `To pass: run at least ${needed} instances, or declare the measured tokensPerSecondPerInstance if the estimate is too low.`
        : `To pass: run at least ${needed} instances, or declare the measured tokensPerSecondPerInstance if ${num(cap.tokensPerSecondPerInstance)} is too low.`,
  ].join("\n");
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}
