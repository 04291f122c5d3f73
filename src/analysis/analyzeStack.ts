import { Assumptions } from "../assumptions/schema";
import { PriceBook } from "../catalog/prices";
import { Catalog } from "../catalog/schema";
import { parseWorkloads, workloadNames, WORKLOADS_KEY } from "../declaration/parse";
import { InstanceGroup, TokenVolume, WorkloadCost } from "../model/types";
import { managedCostAt } from "../model/managedCost";
import { workloadCost } from "../model/workloadCost";
import { readStack } from "../resources/readStack";
import type { SecretIndex } from "../resources/secret";
import { GpuResource, ResourceLike, SecretFields } from "../resources/types";
import { closest } from "../text/closest";
import { checkResource } from "./checkResource";
import { membershipOf, StackContext } from "./context";
import type { Blocker, Finding, JudgedWorkload, SecretFigures } from "./findings";
import { ownedResidency, ownedServers } from "./owned";
import { priceSlice } from "./pricing";
import { apiRuledOut, managedChoice } from "./managedOffering";
import { instanceThroughput } from "./throughput";
import { ThroughputOf, wayToPass } from "./wayToPass";
import { AlternativeModel, StackAnalysis, WorkloadResult } from "./types";

/** The stack config as the pack read it: the raw workloads value (or why it could not be read) and aws:region. */
export interface StackConfigInput {
  workloads: unknown;
  /** Set when the value could not be read at all (not JSON). */
  workloadsUnreadable?: boolean;
  awsRegion?: string;
  /** Every gpu-breakeven:* key the stack config sets, so a misspelt one is caught. */
  keys?: string[];
  /** The plaintexts of the values the stack config marks secret (`pulumi config set --secret`). */
  secrets?: string[];
  /**
   * Set when the engine marks gpu-breakeven:workloads itself secret: its strings are in `secrets`, and its numbers
   * (volumes, ops hours, throughput, cached share, hourly profile, owned hardware, commitment) are used for the
   * arithmetic and shown as [secret] wherever a declared number would be printed.
   */
  workloadsSecret?: boolean;
}

/** Builds the context every check shares from the stack config, assumptions and catalog. */
export function stackContext(config: StackConfigInput, assumptions: Assumptions, catalog: Catalog, asOf?: Date): StackContext {
  const secret = config.workloadsSecret === true;
  return {
    parsed: parseWorkloads(config.workloads, { secret }),
    declaredNames: workloadNames(config.workloads),
    stackRegion: config.awsRegion,
    prices: new PriceBook(catalog, assumptions, asOf),
    configUnreadable: config.workloadsUnreadable,
    ...(secret ? { declarationSecret: true as const } : {}),
  };
}

/** Analyzes a whole stack: declarations, every GPU resource, each workload's cost, and every finding. */
export function analyzeStack(
  resources: ResourceLike[],
  config: StackConfigInput,
  assumptions: Assumptions,
  catalog: Catalog,
  /** The analysis date: the price in force on it applies (a catalog entry may carry price periods). */
  asOf?: Date,
  /** Where the request marks each resource's properties secret (src/policies/secrets.ts): flagged, used, never shown. */
  secretPaths?: SecretIndex,
): StackAnalysis {
  const ctx = stackContext(config, assumptions, catalog, asOf);
  const findings: Finding[] = [...declarationFindings(ctx), ...unknownKeyFindings(config.keys ?? [])];
  const byWorkload = new Map<string, GpuResource[]>();
  const blocked = new Map<string, Blocker[]>();
  const reading = readStack(resources, ctx.stackRegion, secretPaths);

  for (const u of reading.unevaluable) {
    const m = membershipOf(u.workloadTag, ctx);
    const kind = u.cause === "unknown" ? "unknown-value" : "unreadable";
    if (m.kind === "workload") listIn(blocked, m.name).push({ kind, resource: u.name, reason: u.reason });
    else if (u.cause === "invalid") {
      // A known, invalid value is no "unknown during preview": it is reported at the policy's own level.
      findings.push({ policy: "gpu-pricing-known", urn: u.urn, fact: { kind: "unreadable-resource", name: u.name, type: u.type, reason: u.reason } });
    }
  }
  const checked = new Set<string>();
  for (const gpu of reading.gpus) {
    // A group split into on-demand and spot slices is one resource: check it once.
    if (!checked.has(gpu.urn)) {
      checked.add(gpu.urn);
      findings.push(...checkResource(gpu, ctx));
      if (gpu.tagConflict) {
        findings.push({ policy: "gpu-workload-declared", urn: gpu.urn, level: "advisory", fact: { kind: "tag-conflict", resource: gpu.name, detail: gpu.tagConflict } });
      }
    }
    const m = membershipOf(gpu.workloadTag, ctx);
    if (m.kind === "workload") listIn(byWorkload, m.name).push(gpu);
  }

  const workloads: WorkloadResult[] = [];
  for (const [name, declaration] of ctx.parsed.workloads) {
    const result = judgeWorkload(name, declaration, byWorkload.get(name) ?? [], blocked.get(name) ?? [], ctx, assumptions);
    workloads.push(result);
    findings.push(...workloadFindings(result, catalog.asOf), ...ownedResidency(name, declaration));
  }
  return { assumptions, catalogAsOf: catalog.asOf, workloads, findings, gpuResources: reading.gpus.length + reading.unevaluable.length };
}

/** The list kept under `key`, created on first use. */
function listIn<T>(map: Map<string, T[]>, key: string): T[] {
  let list = map.get(key);
  if (!list) map.set(key, (list = []));
  return list;
}

function declarationFindings(ctx: StackContext): Finding[] {
  const findings: Finding[] = [];
  if (ctx.configUnreadable) findings.push({ policy: "workload-declaration-valid", fact: { kind: "declaration-unreadable", key: WORKLOADS_KEY } });
  for (const p of ctx.parsed.problems) {
    findings.push({ policy: "workload-declaration-valid", workload: p.workload, fact: { kind: "declaration-invalid", key: p.key, problem: p.message } });
  }
  return findings;
}

/** The gpu-breakeven:* stack config keys the pack knows; any other is a typo that would switch a check off. */
const KNOWN_STACK_KEYS = [WORKLOADS_KEY];

/** workload-declaration-valid: every gpu-breakeven:* key must be one the pack reads. */
function unknownKeyFindings(keys: string[]): Finding[] {
  return keys
    .filter((key) => !KNOWN_STACK_KEYS.includes(key))
    .map((key) => ({ policy: "workload-declaration-valid" as const, fact: { kind: "unknown-config-key" as const, key, guess: closest(key, KNOWN_STACK_KEYS) } }));
}

function judgeWorkload(
  name: string,
  declaration: WorkloadResult["declaration"],
  resources: GpuResource[],
  blockers: Blocker[],
  ctx: StackContext,
  assumptions: Assumptions,
): WorkloadResult {
  const volume: TokenVolume = {
    inputTokens: declaration.monthlyInputTokens,
    outputTokens: declaration.monthlyOutputTokens,
    cachedInputShare: declaration.cachedInputShare,
  };
  const result: WorkloadResult = { name, declaration, resources, notEvaluated: [...blockers], alternatives: alternativesFor(volume, declaration, ctx, assumptions) };
  // A secret declaration: its figures are hidden in every output, judged or not.
  if (ctx.declarationSecret) result.secret = { declaration: true };
  const modelId = declaration.managedModel ?? assumptions.defaultManagedModel;
  const listPrice = ctx.prices.modelPrice(modelId);
  const allowedRegions = declaration.dataResidency?.allowedRegions;
  const choice = listPrice && managedChoice(listPrice, ctx.prices.modelOfferings(modelId), allowedRegions);
  // With no compliant offering the fleet is still costed against the list price (for the report), but no cost verdict fires.
  result.managedModel = choice && choice.compliant ? choice.price : listPrice;
  if (choice && choice.compliant && choice.offering) result.managedOffering = choice.offering;
  if (choice && !choice.compliant) result.noCompliantApi = { modelId, allowedRegions: allowedRegions ?? [], offerings: choice.offerings };
  if (!result.managedModel) {
    const declaredAt = declaration.managedModel !== undefined ? `${WORKLOADS_KEY}.${name}.managedModel` : undefined;
    result.notEvaluated.push({ kind: "unknown-model", id: modelId, declaredAt, guess: closest(modelId, ctx.prices.modelIds()) });
  }

  const groups = new Map<string, InstanceGroup>();
  const secretCounts = new Set<InstanceGroup>();
  for (const r of resources) {
    if (r.coveredByReservation) continue; // billed through its capacity reservation
    const priced = priceSlice(r, declaration, ctx, assumptions);
    if (!priced.ok) {
      result.notEvaluated.push(priced.blocker);
      continue;
    }
    const g = priced.group;
    const key = [g.instanceType, g.usdPerHour, g.priceSource, g.discount?.label, g.discount?.share, g.discount?.secret, g.note].join("|");
    const existing = groups.get(key);
    if (existing) existing.count += g.count;
    else groups.set(key, g);
    if (r.secret?.count) secretCounts.add(existing ?? g);
  }
  const owned = ownedServers(name, declaration, ctx, assumptions);
  result.notEvaluated.push(...owned.blockers);
  const hasCapacity = resources.length > 0 || owned.servers.length > 0;
  if (result.notEvaluated.length > 0 || !hasCapacity || !result.managedModel) return result;

  const estimated = declaration.tokensPerSecondPerInstance === undefined ? estimateFleet(result, declaration, ctx, volume) : undefined;
  result.cost = workloadCost({
    groups: [...groups.values()],
    owned: owned.servers,
    opsHoursPerMonth: declaration.opsHoursPerMonth,
    volume,
    managedPrice: result.managedModel,
    tokensPerSecondPerInstance: declaration.tokensPerSecondPerInstance,
    estimatedFleetTokensPerSecond: estimated,
    ...(declaration.hourlyProfile ? { hourlyProfile: declaration.hourlyProfile } : {}),
    assumptions,
  });
  const secret = secretFigures([...groups.values()], secretCounts, result.cost, ctx.declarationSecret === true && owned.servers.length > 0);
  if (secret) result.secret = { ...result.secret, ...secret };
  if (result.cost.verdict !== "robust") {
    const costed = { ...result, cost: result.cost, managedModel: result.managedModel };
    result.wayToPass = wayToPass(costed, ctx, assumptions, throughputFor(declaration, resources, ctx, volume));
  }
  return result;
}

/**
 * The figures of the cost that come from secret counts: the compute lines of those groups (monthlyFixedCost writes
 * one per group, in order, first) and the fleet's instance count, which also counts the owned servers of a secret
 * declaration (`ownedSecret`; their own lines hide their counts with the declaration). Undefined when no count is secret.
 */
function secretFigures(groups: InstanceGroup[], secret: Set<InstanceGroup>, cost: WorkloadCost, ownedSecret: boolean): SecretFigures | undefined {
  if (secret.size === 0) return ownedSecret ? { instanceCount: true } : undefined;
  const lineCounts: number[] = [];
  let group = 0;
  cost.lines.forEach((line, i) => {
    if (line.kind !== "compute") return;
    if (secret.has(groups[group])) lineCounts.push(i);
    group++;
  });
  return { lineCounts, instanceCount: true };
}

/** "Try a frontier and a fast model": what each would charge for the declared volume. */
function alternativesFor(volume: TokenVolume, declaration: WorkloadResult["declaration"], ctx: StackContext, assumptions: Assumptions): WorkloadResult["alternatives"] {
  const allowedRegions = declaration.dataResidency?.allowedRegions;
  return ([["frontier", assumptions.frontierModel], ["fast", assumptions.fastModel]] as const).map(([role, id]): AlternativeModel => {
    const price = ctx.prices.modelPrice(id);
    if (!price) return { role, id };
    const choice = managedChoice(price, ctx.prices.modelOfferings(id), allowedRegions);
    if (!choice.compliant) return { role, id, noCompliantOffering: true };
    return { role, id, monthlyUsd: managedCostAt(volume, choice.price), ...(choice.offering ? { via: choice.offering.via } : {}) };
  });
}

/**
 * The fleet's input+output tokens/s estimated from the served model (declaration `model`), or undefined
 * when no model is declared or owned servers (whose memory the catalog does not know) are part of it.
 * Instance types the model does not fit on serve nothing and are listed in `doesNotFit`.
 */
function estimateFleet(result: WorkloadResult, declaration: WorkloadResult["declaration"], ctx: StackContext, volume: TokenVolume): number | undefined {
  const model = declaration.model;
  if (!model || (declaration.ownedHardware ?? []).length > 0) return undefined;
  let total = 0;
  const doesNotFit = new Map<string, string>();
  for (const r of result.resources) {
    if (r.coveredByReservation) continue;
    const t = instanceThroughput(r.instanceType, model, volume, ctx.prices);
    if (!t) return undefined;
    if (t.ok) total += r.count * t.tokensPerSecond;
    else doesNotFit.set(r.instanceType, t.reason);
  }
  if (doesNotFit.size > 0) result.doesNotFit = [...doesNotFit].map(([instanceType, reason]) => ({ instanceType, reason }));
  return total;
}

/** Per-instance throughput the way-to-pass search may use: measured for the fleet's own types, else estimated. */
function throughputFor(declaration: WorkloadResult["declaration"], resources: GpuResource[], ctx: StackContext, volume: TokenVolume): ThroughputOf {
  const own = new Set(resources.map((r) => r.instanceType));
  const measured = declaration.tokensPerSecondPerInstance;
  const model = declaration.model;
  return (type) => {
    if (measured !== undefined && own.has(type)) return { tokensPerSecond: measured, estimated: false };
    if (!model) return undefined;
    const t = instanceThroughput(type, model, volume, ctx.prices);
    return t?.ok ? { tokensPerSecond: t.tokensPerSecond, estimated: true } : undefined;
  };
}

/** The workload as a verdict or capacity finding states it. */
function judged(w: WorkloadResult): JudgedWorkload | undefined {
  if (!w.cost || !w.managedModel) return undefined;
  const fleet = [...new Set([...w.resources.map((r) => r.name), ...(w.declaration.ownedHardware ?? []).map((o) => `${o.name} (owned)`)])];
  return { name: w.name, declaration: w.declaration, fleet, managedModel: w.managedModel, ...(w.managedOffering ? { managedOffering: w.managedOffering } : {}), cost: w.cost, wayToPass: w.wayToPass, ...(w.secret ? { secret: w.secret } : {}) };
}

function workloadFindings(w: WorkloadResult, catalogAsOf: string): Finding[] {
  const findings: Finding[] = redundancyFindings(w);
  const base = { workload: w.name, urn: w.resources[0]?.urn };
  if (w.notEvaluated.length > 0) {
    findings.push(notEvaluatedFinding(w));
    return findings;
  }
  const j = judged(w);
  if (!j) return findings;
  const { cost } = j;
  // No managed API may take the data: a cost verdict would compare with an option the workload does not have.
  const selfHostedOnly = apiRuledOut(w);
  if (cost.verdict === "fails" && !selfHostedOnly) {
    findings.push({ ...base, policy: "self-hosting-break-even", fact: { kind: "verdict", verdict: "fails", workload: j, catalogAsOf } });
  }
  if (cost.verdict === "fragile" && !selfHostedOnly) {
    findings.push({ ...base, policy: "self-hosting-fragile", fact: { kind: "verdict", verdict: "fragile", workload: j, catalogAsOf } });
  }
  for (const misfit of w.doesNotFit ?? []) {
    findings.push({ ...base, policy: "fleet-capacity", fact: { kind: "model-does-not-fit", workload: w.name, model: w.declaration.model!, ...misfit, ...(w.secret ? { secret: w.secret } : {}) } });
  }
  const { capacity, peak } = cost;
  // With an hourly profile the fleet must cover its busiest hour; without one, the month's volume.
  if (peak && peak.peakHourTokens > peak.fleetHourlyTokens) {
    findings.push({ ...base, policy: "fleet-capacity", fact: { kind: "peak-exceeds-capacity", workload: j } });
  } else if (!peak && capacity && cost.volumeTokens > capacity.tokensPerMonth) {
    findings.push({ ...base, policy: "fleet-capacity", fact: { kind: "capacity-exceeded", workload: j } });
  }
  return findings;
}

/**
 * Why a workload could not be judged. A managed model named in the declaration that nobody prices, or a known
 * but invalid value, blocks; a value unknown during preview or an unpriced type is advisory.
 */
function notEvaluatedFinding(w: WorkloadResult): Finding {
  const base = { policy: "self-hosting-break-even" as const, workload: w.name, urn: w.resources[0]?.urn };
  const unknownModel = w.notEvaluated.find((b) => b.kind === "unknown-model");
  if (unknownModel?.kind === "unknown-model" && unknownModel.declaredAt) {
    return { ...base, fact: { kind: "unknown-managed-model", workload: w.name, blocker: unknownModel } };
  }
  // Only values unknown during preview (or prices nobody lists) may make the check advisory; a known, invalid
  // value (a negative count, a wrong type) blocks like the verdict it hides could.
  const invalid = w.notEvaluated.some((b) => b.kind === "unreadable");
  const fact = { kind: "not-evaluated" as const, workload: w.name, blockers: w.notEvaluated, invalidInput: invalid };
  return invalid ? { ...base, fact } : { ...base, level: "advisory", fact };
}

/** production-redundancy: at least two instances, and not all pinned to one availability zone. */
function redundancyFindings(w: WorkloadResult): Finding[] {
  const owned = w.declaration.ownedHardware ?? [];
  if (w.declaration.environment !== "production" || (w.resources.length === 0 && owned.length === 0)) return [];
  // Instances that run in the stack's capacity reservation are the reservation's slots, not extra ones.
  const cloud = w.resources.filter((r) => !r.coveredByReservation);
  const count = cloud.reduce((sum, r) => sum + r.count, 0) + owned.reduce((sum, o) => sum + o.count, 0);
  const zones = new Set(cloud.flatMap((r) => r.availabilityZones));
  const allPinned = owned.length === 0 && cloud.every((r) => r.availabilityZones.length > 0);
  const base = { policy: "production-redundancy" as const, workload: w.name, urn: w.resources[0]?.urn };
  const fleet = [...new Set([...w.resources.map((r) => r.name), ...owned.map((o) => o.name)])];
  // The count and the zone a message states are hidden when any value behind them is secret.
  const secret: SecretFields = {};
  // The owned servers' count is a declared figure: secret with the declaration.
  if (cloud.some((r) => r.secret?.count) || (owned.length > 0 && w.secret?.declaration)) secret.count = true;
  if (cloud.some((r) => r.secret?.zones)) secret.zones = true;
  const hidden = Object.keys(secret).length ? { secret } : {};
  if (count < 2) return [{ ...base, fact: { kind: "too-few-instances", workload: w.name, count, fleet, ...hidden } }];
  if (allPinned && zones.size === 1) return [{ ...base, fact: { kind: "one-zone", workload: w.name, count, zone: [...zones][0], ...hidden } }];
  return [];
}
