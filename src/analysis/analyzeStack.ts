import { Assumptions } from "../assumptions/schema";
import { PriceBook } from "../catalog/prices";
import { Catalog } from "../catalog/schema";
import { parseWorkloads, WORKLOADS_KEY } from "../declaration/parse";
import { InstanceGroup, TokenVolume } from "../model/types";
import { workloadCost } from "../model/workloadCost";
import { capacityMessage, failsMessage, fragileMessage } from "../report/messages";
import { readStack } from "../resources/readStack";
import { GpuResource, ResourceLike, Unevaluable } from "../resources/types";
import { closest } from "../text/closest";
import { checkResource } from "./checkResource";
import { membershipOf, StackContext } from "./context";
import { ownedResidency, ownedServers } from "./owned";
import { priceSlice } from "./pricing";
import { instanceThroughput } from "./throughput";
import { cheapestFleet, ThroughputOf } from "./wayToPass";
import { Finding, StackAnalysis, WorkloadResult } from "./types";

/** The stack config as the pack read it: the raw workloads value (or why it could not be read) and aws:region. */
export interface StackConfigInput {
  workloads: unknown;
  workloadsError?: string;
  awsRegion?: string;
}

/** Builds the context every check shares from the stack config, assumptions and catalog. */
export function stackContext(config: StackConfigInput, assumptions: Assumptions, catalog: Catalog): StackContext {
  const parsed = parseWorkloads(config.workloads);
  const raw = config.workloads;
  const declaredNames = raw && typeof raw === "object" && !Array.isArray(raw) ? Object.keys(raw) : [];
  return { parsed, declaredNames, stackRegion: config.awsRegion, prices: new PriceBook(catalog, assumptions), configError: config.workloadsError };
}

/** Analyzes a whole stack: declarations, every GPU resource, each workload's cost, and every finding. */
export function analyzeStack(
  resources: ResourceLike[],
  config: StackConfigInput,
  assumptions: Assumptions,
  catalog: Catalog,
): StackAnalysis {
  const ctx = stackContext(config, assumptions, catalog);
  const findings: Finding[] = declarationFindings(ctx);
  const byWorkload = new Map<string, GpuResource[]>();
  const blocked = new Map<string, string[]>();
  const note = (workload: string, reason: string) => listIn(blocked, workload).push(reason);
  const reading = readStack(resources, ctx.stackRegion);

  for (const u of reading.unevaluable) {
    const m = membershipOf(u.workloadTag, ctx);
    if (m.kind === "workload") note(m.name, `${u.name}: ${u.reason}`);
    else if (u.cause === "invalid") findings.push(unreadableFinding(u));
  }
  const checked = new Set<string>();
  for (const gpu of reading.gpus) {
    // A group split into on-demand and spot slices is one resource: check it once.
    if (!checked.has(gpu.urn)) {
      checked.add(gpu.urn);
      findings.push(...checkResource(gpu, ctx));
      if (gpu.tagConflict) findings.push({ policy: "gpu-workload-declared", urn: gpu.urn, level: "advisory", message: gpu.tagConflict });
    }
    const m = membershipOf(gpu.workloadTag, ctx);
    if (m.kind !== "workload") continue;
    listIn(byWorkload, m.name).push(gpu);
  }

  const workloads: WorkloadResult[] = [];
  for (const [name, declaration] of ctx.parsed.workloads) {
    const result = judgeWorkload(name, declaration, byWorkload.get(name) ?? [], blocked.get(name) ?? [], ctx, assumptions);
    workloads.push(result);
    findings.push(...workloadFindings(result, catalog.asOf), ...ownedResidency(name, declaration));
  }
  return { assumptions, catalogAsOf: catalog.asOf, workloads, findings };
}

/** The list kept under `key`, created on first use. */
function listIn<T>(map: Map<string, T[]>, key: string): T[] {
  let list = map.get(key);
  if (!list) map.set(key, (list = []));
  return list;
}

/** A resource that belongs to no workload and cannot be read: say what is wrong and how to fix it. */
function unreadableFinding(u: Unevaluable): Finding {
  return {
    policy: "gpu-pricing-known",
    urn: u.urn,
    level: "advisory",
    message: `Could not price ${u.name} (${u.type}): ${u.reason}. Its capacity is not counted.`,
  };
}

function declarationFindings(ctx: StackContext): Finding[] {
  const findings: Finding[] = [];
  if (ctx.configError) {
    findings.push({ policy: "workload-declaration-valid", message: `${WORKLOADS_KEY} could not be read: ${ctx.configError}` });
  }
  for (const p of ctx.parsed.problems) {
    findings.push({ policy: "workload-declaration-valid", workload: p.workload, message: p.message });
  }
  return findings;
}

function judgeWorkload(
  name: string,
  declaration: WorkloadResult["declaration"],
  resources: GpuResource[],
  blockedReasons: string[],
  ctx: StackContext,
  assumptions: Assumptions,
): WorkloadResult {
  const result: WorkloadResult = { name, declaration, resources, notEvaluated: [...blockedReasons] };
  const modelId = declaration.managedModel ?? assumptions.defaultManagedModel;
  result.managedModel = ctx.prices.modelPrice(modelId);
  if (!result.managedModel) result.notEvaluated.push(unknownModelReason(name, modelId, declaration.managedModel !== undefined, ctx));

  const groups = new Map<string, InstanceGroup>();
  for (const r of resources) {
    if (r.coveredByReservation) continue; // billed through its capacity reservation
    const priced = priceSlice(r, declaration, ctx, assumptions);
    if (!priced.ok) {
      result.notEvaluated.push(priced.reason);
      continue;
    }
    const g = priced.group;
    const key = [g.instanceType, g.usdPerHour, g.priceSource, g.discount?.label, g.discount?.share, g.note].join("|");
    const existing = groups.get(key);
    if (existing) existing.count += g.count;
    else groups.set(key, g);
  }
  const owned = ownedServers(name, declaration, ctx, assumptions);
  result.notEvaluated.push(...owned.problems);
  const hasCapacity = resources.length > 0 || owned.servers.length > 0;
  if (result.notEvaluated.length > 0 || !hasCapacity || !result.managedModel) return result;

  const volume = {
    inputTokens: declaration.monthlyInputTokens,
    outputTokens: declaration.monthlyOutputTokens,
    cachedInputShare: declaration.cachedInputShare,
  };
  const estimated = declaration.tokensPerSecondPerInstance === undefined ? estimateFleet(result, declaration, ctx, volume) : undefined;
  result.cost = workloadCost({
    groups: [...groups.values()],
    owned: owned.servers,
    opsHoursPerMonth: declaration.opsHoursPerMonth,
    volume,
    managedPrice: result.managedModel,
    tokensPerSecondPerInstance: declaration.tokensPerSecondPerInstance,
    estimatedFleetTokensPerSecond: estimated,
    assumptions,
  });
  if (result.cost.verdict !== "robust") {
    result.wayToPass = cheapestFleet(result, ctx, assumptions, throughputFor(declaration, resources, ctx, volume));
  }
  return result;
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
  const doesNotFit = new Set<string>();
  for (const r of result.resources) {
    if (r.coveredByReservation) continue;
    const t = instanceThroughput(r.instanceType, model, volume, ctx.prices);
    if (!t) return undefined;
    if (t.ok) total += r.count * t.tokensPerSecond;
    else doesNotFit.add(t.reason);
  }
  if (doesNotFit.size > 0) result.doesNotFit = [...doesNotFit];
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

function unknownModelReason(workload: string, id: string, declared: boolean, ctx: StackContext): string {
  const guess = closest(id, ctx.prices.modelIds());
  const hint = guess ? ` (did you mean "${guess}"?)` : "";
  const where = declared ? `${WORKLOADS_KEY}.${workload}.managedModel` : "the policy config's defaultManagedModel";
  return `managed model "${id}" from ${where} is not in the catalog${hint}; name a catalog model or add its prices under the policy config's managedModels`;
}

function workloadFindings(w: WorkloadResult, catalogAsOf: string): Finding[] {
  const findings: Finding[] = redundancyFindings(w);
  const at = w.resources[0]?.urn;
  if (w.notEvaluated.length > 0) {
    findings.push(notEvaluatedFinding(w));
    return findings;
  }
  if (!w.cost || !w.managedModel) return findings;
  const judged = { ...w, cost: w.cost, managedModel: w.managedModel };
  const selfHostedOnly = w.declaration.dataResidency?.selfHostedOnly ?? false;
  if (w.cost.verdict === "fails" && !selfHostedOnly) {
    findings.push({ policy: "self-hosting-break-even", workload: w.name, urn: at, message: failsMessage(judged, catalogAsOf) });
  }
  if (w.cost.verdict === "fragile" && !selfHostedOnly) {
    findings.push({ policy: "self-hosting-fragile", workload: w.name, urn: at, message: fragileMessage(judged, catalogAsOf) });
  }
  for (const reason of w.doesNotFit ?? []) {
    findings.push({
      policy: "fleet-capacity",
      workload: w.name,
      urn: at,
      message: `Workload ${w.name}: the declared model (${w.declaration.model!.parametersBillions}B, ${w.declaration.model!.precision}) does not fit on ` +
        `${reason} Those instances are counted as serving nothing. Use an instance type with more accelerator memory, or a lower precision.`,
    });
  }
  if (w.cost.capacity && w.cost.volumeTokens > w.cost.capacity.tokensPerMonth) {
    findings.push({ policy: "fleet-capacity", workload: w.name, urn: at, message: capacityMessage(judged) });
  }
  return findings;
}

/**
 * Why a workload could not be judged. A managed model named in the declaration that nobody prices is the
 * declaration's fault and blocks; anything else (unknown during preview, an unpriced type) is advisory.
 */
function notEvaluatedFinding(w: WorkloadResult): Finding {
  const at = w.resources[0]?.urn;
  if (w.declaration.managedModel !== undefined && !w.managedModel) {
    return {
      policy: "self-hosting-break-even",
      workload: w.name,
      urn: at,
      message: `${w.notEvaluated.find((r) => r.startsWith("managed model"))}.`,
    };
  }
  return {
    policy: "self-hosting-break-even",
    workload: w.name,
    urn: at,
    level: "advisory",
    message: `Workload ${w.name} could not be evaluated, so its break-even is not checked:\n` +
      w.notEvaluated.map((r) => `  - ${r}`).join("\n") + "\nThe other workloads were evaluated.",
  };
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
  const at = w.resources[0]?.urn;
  const names = [...new Set([...w.resources.map((r) => r.name), ...owned.map((o) => o.name)])].join(", ");
  if (count < 2) {
    return [{
      policy: "production-redundancy",
      workload: w.name,
      urn: at,
      message: `Workload ${w.name} is production but runs on ${count} GPU instance${count === 1 ? "" : "s"} (${names}): ` +
        `one failure takes it down. Run at least 2 instances in 2 availability zones, or declare environment: staging.`,
    }];
  }
  if (allPinned && zones.size === 1) {
    return [{
      policy: "production-redundancy",
      workload: w.name,
      urn: at,
      message: `Workload ${w.name} is production but all ${count} GPU instances run in ${[...zones][0]}: one zone outage takes it down. ` +
        `Spread them over at least 2 availability zones.`,
    }];
  }
  return [];
}
