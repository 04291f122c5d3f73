import { Assumptions } from "../assumptions/schema";
import { PriceBook } from "../catalog/prices";
import { Catalog } from "../catalog/schema";
import { parseWorkloads, WORKLOADS_KEY } from "../declaration/parse";
import { InstanceGroup } from "../model/types";
import { workloadCost } from "../model/workloadCost";
import { capacityMessage, failsMessage, fragileMessage } from "../report/messages";
import { readResource } from "../resources/readInstance";
import { GpuResource, ResourceLike } from "../resources/types";
import { closest } from "../text/closest";
import { checkResource } from "./checkResource";
import { membershipOf, StackContext } from "./context";
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
  const note = (workload: string, reason: string) => blocked.set(workload, [...(blocked.get(workload) ?? []), reason]);

  for (const resource of resources) {
    const reading = readResource(resource, ctx.stackRegion);
    if (reading.kind === "other") continue;
    if (reading.kind === "unevaluable") {
      const m = membershipOf(reading.workloadTag, ctx);
      if (m.kind === "workload") note(m.name, `${reading.name}: ${reading.reason}`);
      continue;
    }
    const gpu = reading.resource;
    findings.push(...checkResource(gpu, ctx));
    const m = membershipOf(gpu.workloadTag, ctx);
    if (m.kind !== "workload") continue;
    byWorkload.set(m.name, [...(byWorkload.get(m.name) ?? []), gpu]);
  }

  const workloads: WorkloadResult[] = [];
  for (const [name, declaration] of ctx.parsed.workloads) {
    const result = judgeWorkload(name, declaration, byWorkload.get(name) ?? [], blocked.get(name) ?? [], ctx, assumptions);
    workloads.push(result);
    findings.push(...workloadFindings(result, catalog.asOf));
  }
  return { assumptions, catalogAsOf: catalog.asOf, workloads, findings };
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
    if (!r.region.known) {
      result.notEvaluated.push(`${r.name}: ${r.region.reason}`);
      continue;
    }
    const price = r.region.value ? ctx.prices.hourlyPrice(r.instanceType, r.region.value) : undefined;
    if (!price) {
      result.notEvaluated.push(`${r.name}: no price for ${r.instanceType} in ${r.region.value ?? "an unknown region"} (see gpu-pricing-known)`);
      continue;
    }
    const key = `${r.instanceType}@${price.usdPerHour}@${price.source}`;
    const group = groups.get(key) ?? { instanceType: r.instanceType, count: 0, usdPerHour: price.usdPerHour, priceSource: `${price.source}, ${r.region.value}`, estimate: price.estimate };
    group.count += r.count;
    groups.set(key, group);
  }
  if (result.notEvaluated.length > 0 || resources.length === 0 || !result.managedModel) return result;

  result.cost = workloadCost({
    groups: [...groups.values()],
    opsHoursPerMonth: declaration.opsHoursPerMonth,
    volume: { inputTokens: declaration.monthlyInputTokens, outputTokens: declaration.monthlyOutputTokens },
    managedPrice: result.managedModel,
    tokensPerSecondPerInstance: declaration.tokensPerSecondPerInstance,
    assumptions,
  });
  return result;
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
  if (w.declaration.environment !== "production" || w.resources.length === 0) return [];
  const count = w.resources.reduce((sum, r) => sum + r.count, 0);
  const zones = new Set(w.resources.map((r) => r.availabilityZone));
  const allPinned = !zones.has(undefined);
  const at = w.resources[0]?.urn;
  if (count < 2) {
    return [{
      policy: "production-redundancy",
      workload: w.name,
      urn: at,
      message: `Workload ${w.name} is production but runs on ${count} GPU instance (${w.resources.map((r) => r.name).join(", ")}): ` +
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
