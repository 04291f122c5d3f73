import type { Assumptions } from "../assumptions/schema";
import { globMatches } from "./checkResource";
import type { StackContext } from "./context";
import type { WorkloadResult } from "./types";
import { verdictFor } from "../model/verdict";
import type { Verdict } from "../model/types";

/** A cheaper fleet from the catalog that serves the declared volume (the managed API is the other way). */
export interface WayToPass {
  instanceType: string;
  count: number;
  region: string;
  /** The fleet's fixed monthly cost F′, ops hours included. */
  fixedMonthlyUsd: number;
  verdict: Verdict;
  capacityTokensPerMonth: number;
  /** True when the throughput behind the sizing is estimated from the served model. */
  estimated: boolean;
  /** True when the hourly price comes from a regional multiplier. */
  estimatePrices: boolean;
}

/** Input+output tokens per second one instance of a type sustains for this workload, if known. */
export type ThroughputOf = (instanceType: string) => { tokensPerSecond: number; estimated: boolean } | undefined;

/**
 * The cheapest catalog fleet that serves the declared volume within its capacity, in a region the
 * workload may use, with at least 2 instances for production; undefined when none is cheaper than the
 * current fleet or no throughput is known. On demand, under the workload's commitment if it has one.
 */
export function cheapestFleet(w: WorkloadResult, ctx: StackContext, assumptions: Assumptions, throughputOf: ThroughputOf): WayToPass | undefined {
  const cost = w.cost;
  if (!cost || (w.declaration.ownedHardware ?? []).length > 0 || w.resources.length === 0) return undefined;
  const sagemaker = w.resources.every((r) => r.instanceType.startsWith("ml."));
  const minimum = w.declaration.environment === "production" ? 2 : 1;
  const share = commitmentShare(w, ctx);
  const ops = w.declaration.opsHoursPerMonth * assumptions.opsUsdPerHour;
  let best: WayToPass | undefined;
  for (const region of candidateRegions(w, ctx)) {
    for (const entry of ctx.prices.catalog.instances) {
      if (entry.type.startsWith("ml.") !== sagemaker) continue;
      const throughput = throughputOf(entry.type);
      const price = ctx.prices.hourlyPrice(entry.type, region);
      if (!throughput || !price || throughput.tokensPerSecond <= 0) continue;
      const perInstance = throughput.tokensPerSecond * 3600 * assumptions.hoursPerMonth;
      const count = Math.max(minimum, Math.ceil(cost.volumeTokens / perInstance));
      const fixed = count * price.usdPerHour * (1 - share) * assumptions.hoursPerMonth + ops;
      if (best && fixed >= best.fixedMonthlyUsd) continue;
      best = {
        instanceType: entry.type,
        count,
        region,
        fixedMonthlyUsd: fixed,
        verdict: verdictFor(fixed, cost.managedAtVolumeUsd, cost.managedAtStressUsd),
        capacityTokensPerMonth: count * perInstance,
        estimated: throughput.estimated,
        estimatePrices: price.estimate,
      };
    }
  }
  return best && best.fixedMonthlyUsd < cost.fixedMonthlyUsd - 0.005 ? best : undefined;
}

/** Where an alternative fleet may run: the fleet's own regions, or every priced region the residency rule allows. */
function candidateRegions(w: WorkloadResult, ctx: StackContext): string[] {
  const allowed = w.declaration.dataResidency?.allowedRegions;
  const current = [...new Set(w.resources.flatMap((r) => (r.region.known && r.region.value ? [r.region.value] : [])))];
  if (!allowed) return current;
  const permitted = current.filter((region) => allowed.some((glob) => globMatches(glob, region)));
  if (permitted.length > 0) return permitted;
  return ctx.prices.knownRegions().filter((region) => allowed.some((glob) => globMatches(glob, region)));
}

function commitmentShare(w: WorkloadResult, ctx: StackContext): number {
  const c = w.declaration.commitment;
  if (!c) return 0;
  return c.discount ?? ctx.prices.commitmentDiscount(c.kind, c.termYears).discount;
}
