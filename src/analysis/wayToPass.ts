import type { Assumptions } from "../assumptions/schema";
import type { ModelPrice } from "../catalog/prices";
import { instancesWithinBudget, sizeFleet, SizeBinding } from "../model/fleetSizing";
import type { Discount, Verdict, WorkloadCost } from "../model/types";
import { verdictFor } from "../model/verdict";
import type { GpuResource, Market } from "../resources/types";
import { globMatches } from "../text/glob";
import type { StackContext } from "./context";
import { discountFor } from "./pricing";
import type { WorkloadResult } from "./types";

/** A catalog fleet sized for the declared volume, priced the way the workload's fleet is paid for. */
export interface CatalogFleet {
  instanceType: string;
  count: number;
  region: string;
  /** What set the count: the volume (known capacity) or production's minimum of 2. */
  binding: SizeBinding;
  /** Its fixed monthly cost F′, ops hours included. */
  fixedMonthlyUsd: number;
  verdict: Verdict;
  capacityTokensPerMonth: number;
  market: Market;
  /** The market follows the fleet's, and a market type it reads is secret: shown as [secret]. */
  marketSecret?: true;
  discount?: Discount;
  /** True when the throughput behind the sizing is estimated from the served model. */
  estimated: boolean;
  /** True when the hourly price comes from a regional multiplier. */
  estimatePrices: boolean;
}

/** How a fleet that fails (or is fragile) could pass, with every constraint the pack knows applied. */
export interface WayToPass {
  /** What the fleet must cost at most: M(V) to pass the break-even, M(s·V) to be robust. */
  budgetUsd: number;
  target: "volume" | "stress";
  /** 2 for production (two instances in two zones), else 1. */
  minimumCount: number;
  /** The cheapest catalog fleet within the budget that serves V, if one exists. */
  fleet?: CatalogFleet;
  /** Whether the pack knew any instance type's throughput for this workload (measured or estimated). */
  throughputKnown: boolean;
  /** Without throughput: the most instances of the fleet's own type the budget pays for (≥ minimumCount). */
  sameTypeWithinBudget?: { instanceType: string; count: number; fixedMonthlyUsd: number };
  /** The ops hours alone cost more than the budget: no fleet can pass. */
  opsExceedBudget: boolean;
  /** The managed option, unless data residency rules it out. */
  managed:
    | { allowed: true; modelId: string; monthlyUsd: number; via?: string }
    | { allowed: false; why: "self-hosted-only" | "no-compliant-offering"; allowedRegions: string[] };
}

/** Input+output tokens per second one instance of a type sustains for this workload, if known. */
export type ThroughputOf = (instanceType: string) => { tokensPerSecond: number; estimated: boolean } | undefined;

/** The workload as the search needs it: a costed WorkloadResult. */
export type WayToPassInput = Pick<WorkloadResult, "declaration" | "resources" | "managedOffering" | "noCompliantApi"> & {
  cost: WorkloadCost;
  managedModel: ModelPrice;
};

/**
 * How the workload could pass: the cheapest catalog fleet that serves V within the budget, in a region the
 * workload may use, with production's minimum of 2 instances, priced like the fleet (spot stays spot, a
 * commitment stays a commitment); and the managed API, unless residency forbids it.
 */
export function wayToPass(w: WayToPassInput, ctx: StackContext, assumptions: Assumptions, throughputOf: ThroughputOf): WayToPass {
  const { cost, declaration } = w;
  const target = cost.verdict === "fails" ? "volume" : "stress";
  const budgetUsd = target === "volume" ? cost.managedAtVolumeUsd : cost.managedAtStressUsd;
  const minimumCount = declaration.environment === "production" ? 2 : 1;
  const opsUsd = declaration.opsHoursPerMonth * assumptions.opsUsdPerHour;
  const market = fleetMarket(w.resources);
  // The market follows the fleet's: when a market type it reads is secret, so is the one proposed.
  const marketSecret = w.resources.some((r) => r.secret?.market);
  const result: WayToPass = {
    budgetUsd,
    target,
    minimumCount,
    throughputKnown: false,
    opsExceedBudget: opsUsd > budgetUsd,
    managed: managedOption(w),
  };
  if ((declaration.ownedHardware ?? []).length > 0 || w.resources.length === 0) return result;
  const sagemaker = w.resources.every((r) => r.instanceType.startsWith("ml."));
  // The types that could serve the volume, each with its throughput, found once for every region.
  const candidates = ctx.prices.catalog.instances.flatMap((entry) => {
    const throughput = entry.type.startsWith("ml.") === sagemaker ? throughputOf(entry.type) : undefined;
    return throughput ? [{ entry, throughput }] : [];
  });
  for (const region of candidateRegions(w, ctx)) {
    for (const { entry, throughput } of candidates) {
      const price = ctx.prices.hourlyPrice(entry.type, region);
      if (!price) continue;
      result.throughputKnown = true;
      const discount = discountFor(market, entry.type, declaration, ctx, assumptions, marketSecret);
      const terms = { usdPerHour: price.usdPerHour, discountShare: discount?.share ?? 0, tokensPerSecond: throughput.tokensPerSecond };
      const sized = sizeFleet(terms, cost.volumeTokens, minimumCount, assumptions.hoursPerMonth, opsUsd);
      if (!sized || sized.fixedMonthlyUsd > budgetUsd + 0.005) continue;
      if (result.fleet && sized.fixedMonthlyUsd >= result.fleet.fixedMonthlyUsd) continue;
      result.fleet = {
        instanceType: entry.type,
        region,
        ...sized,
        verdict: verdictFor(sized.fixedMonthlyUsd, cost.managedAtVolumeUsd, cost.managedAtStressUsd),
        market,
        ...(marketSecret ? { marketSecret: true as const } : {}),
        ...(discount ? { discount } : {}),
        estimated: throughput.estimated,
        estimatePrices: price.estimate,
      };
    }
  }
  if (!result.throughputKnown) result.sameTypeWithinBudget = sameTypeWithinBudget(w, budgetUsd, opsUsd, minimumCount);
  return result;
}

/** spot when every slice of the fleet runs on spot, else on demand (under the workload's commitment, if any). */
function fleetMarket(resources: GpuResource[]): Market {
  return resources.length > 0 && resources.every((r) => r.market === "spot") ? "spot" : "on-demand";
}

/** The managed API as a way out, through an offering the residency rule allows; none when the rule forbids every one. */
function managedOption(w: WayToPassInput): WayToPass["managed"] {
  const residency = w.declaration.dataResidency;
  if (residency?.selfHostedOnly) return { allowed: false, why: "self-hosted-only", allowedRegions: residency.allowedRegions ?? [] };
  if (w.noCompliantApi) return { allowed: false, why: "no-compliant-offering", allowedRegions: residency?.allowedRegions ?? [] };
  return { allowed: true, modelId: w.managedModel.id, monthlyUsd: w.cost.managedAtVolumeUsd, ...(w.managedOffering ? { via: w.managedOffering.via } : {}) };
}

/**
 * The most instances of the fleet's own type (one type, one region) the budget pays for, priced like the fleet;
 * undefined when fewer than the minimum fit or the fleet mixes types.
 */
function sameTypeWithinBudget(w: WayToPassInput, budgetUsd: number, opsUsd: number, minimumCount: number): WayToPass["sameTypeWithinBudget"] {
  const compute = w.cost.lines.filter((l) => l.kind === "compute");
  if (compute.length !== 1 || compute[0].kind !== "compute") return undefined;
  const line = compute[0];
  const share = line.discount?.share ?? 0;
  const count = instancesWithinBudget(budgetUsd, line.usdPerHour, share, line.hours, opsUsd);
  if (count < minimumCount || count >= line.count) return undefined;
  const perInstance = line.monthlyUsd / line.count;
  return { instanceType: line.instanceType, count, fixedMonthlyUsd: count * perInstance + opsUsd };
}

/** Where an alternative fleet may run: the fleet's own regions, or every priced region the residency rule allows. */
function candidateRegions(w: WayToPassInput, ctx: StackContext): string[] {
  const allowed = w.declaration.dataResidency?.allowedRegions;
  const current = [...new Set(w.resources.flatMap((r) => (r.region.known && r.region.value ? [r.region.value] : [])))];
  if (!allowed) return current;
  const permitted = current.filter((region) => allowed.some((glob) => globMatches(glob, region)));
  if (permitted.length > 0) return permitted;
  return ctx.prices.knownRegions().filter((region) => allowed.some((glob) => globMatches(glob, region)));
}
