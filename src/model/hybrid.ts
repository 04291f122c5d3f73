// The hybrid fleet: n instances serve what they can of every hour and the managed API takes the overflow. For
// n = 0 … the peak-sized fleet,
//
//   cost(n) = n × instance a month + (n > 0 ? ops : 0) + overflow(n) × the managed price per token of this mix
//
// hybridPlans() costs every n at one volume (share 1 = V; the stress utilization s = s·V) and picks the cheapest;
// hybridPlan() costs one n, so a caller can see what the plan chosen at V costs at s·V.
import { InstanceTerms, tokensPerMonth } from "./fleetSizing";
import { hourlyCapacity, hourlyIntensity, overflowTokens, peakHourTokens, peakSizedInstances } from "./hourlyProfile";
import { instanceMonthlyUsd } from "./instanceCost";
import { managedCostAt, totalTokens } from "./managedCost";
import { ManagedPrice, PeakTerms, TokenVolume } from "./types";
import { cents } from "./verdict";

/** Beyond this many instances (the most a declaration counts) plans hold only the counts where the cheapest can lie. */
export const MAX_LISTED_INSTANCES = 10_000;

/** One workload, one instance type and a daily profile: what the hybrid plans are made of. */
export interface HybridInput {
  volume: TokenVolume;
  managedPrice: ManagedPrice;
  /** 24 weights, one per UTC hour, every day alike; only their proportions matter. */
  hourlyProfile: readonly number[];
  /** The instance type's hourly list price, discount share and input+output tokens per second. */
  instance: InstanceTerms;
  /** Ops a month, paid once any instance runs. */
  opsUsd: number;
  hoursPerMonth: number;
  /** The share of the declared volume to plan for: 1 (the default) = V, the stress utilization s = s·V. */
  share?: number;
}

/** n instances plus the managed API for what they cannot serve, a month. */
export interface HybridPlan {
  instances: number;
  /** n × the instance's monthly cost (after its discount) + ops when n > 0. */
  fixedMonthlyUsd: number;
  /** Tokens a month the instances cannot serve in their hour: Σ_h max(0, demand_h − capacity) × days. */
  overflowTokens: number;
  /** overflowTokens ÷ the planned volume; 0 when there is no volume. */
  overflowShare: number;
  /** What the managed API charges for the overflow at this workload's input/output mix. */
  overflowUsd: number;
  totalUsd: number;
}

/** Every plan from the all-API one (n = 0) to the peak-sized fleet, and the cheapest. */
export interface HybridPlans {
  share: number;
  /** The planned volume: (input + output) × share. */
  volumeTokens: number;
  peakHourTokens: number;
  /** The fewest instances that serve the busiest hour; undefined when an instance serves nothing (then only n = 0). */
  peakSizedInstances: number | undefined;
  /** The managed API's price per million tokens of this mix, M(V) ÷ V × 1e6; null when there is no volume. */
  blendedUsdPerMillion: number | null;
  /** Ascending n: every n from 0 to the peak-sized fleet, or past MAX_LISTED_INSTANCES only the candidate counts. */
  plans: HybridPlan[];
  /** True when plans hold every count from 0 to the peak-sized fleet. */
  everyCount: boolean;
  /** The plan that costs least in whole cents; on a tie, the one with fewer instances. */
  cheapest: HybridPlan;
}

/** The cost of serving the planned volume with `instances` instances and the managed API for the overflow. */
export function hybridPlan(input: HybridInput, instances: number): HybridPlan {
  const share = input.share ?? 1;
  const volumeTokens = plannedVolumeTokens(input);
  const perInstanceTokensPerHour = hourlyCapacity(input.instance.tokensPerSecond);
  const overflow = overflowTokens(volumeTokens, input.hourlyProfile, input.hoursPerMonth, perInstanceTokensPerHour, instances);
  const overflowShare = volumeTokens > 0 ? overflow / volumeTokens : 0;
  // overflow × M(V) ÷ V: the overflow at the workload's blended price; exactly M(s·V) for the all-API plan.
  const overflowUsd = overflowShare > 0 ? overflowShare * managedCostAt(input.volume, input.managedPrice, share) : 0;
  const fixedMonthlyUsd = instances > 0 ? instances * monthlyUsdPerInstance(input) + input.opsUsd : 0;
  return { instances, fixedMonthlyUsd, overflowTokens: overflow, overflowShare, overflowUsd, totalUsd: fixedMonthlyUsd + overflowUsd };
}

/** Every hybrid plan from n = 0 (all API) to the peak-sized fleet at the planned volume, and the cheapest. */
export function hybridPlans(input: HybridInput): HybridPlans {
  const share = input.share ?? 1;
  const volumeTokens = plannedVolumeTokens(input);
  const peakSized = peakSizedInstances(volumeTokens, input.hourlyProfile, input.hoursPerMonth, input.instance.tokensPerSecond);
  const everyCount = peakSized === undefined || peakSized <= MAX_LISTED_INSTANCES;
  const counts = everyCount ? countsUpTo(peakSized ?? 0) : candidateCounts(input, volumeTokens, peakSized);
  const plans = counts.map((n) => hybridPlan(input, n));
  return {
    share,
    volumeTokens,
    peakHourTokens: peakHourTokens(volumeTokens, input.hourlyProfile, input.hoursPerMonth),
    peakSizedInstances: peakSized,
    blendedUsdPerMillion: volumeTokens > 0 ? (managedCostAt(input.volume, input.managedPrice, share) / volumeTokens) * 1e6 : null,
    plans,
    everyCount,
    cheapest: cheapestOf(plans),
  };
}

/**
 * The plan that costs least, compared in whole cents as verdictFor() compares (float noise cannot break a tie). A tie
 * goes to fewer instances: the same money with less fixed cost, which is the cheaper of the two as soon as the volume
 * falls. `plans` ascend in n, so keeping the first of equal plans keeps the fewer instances.
 */
function cheapestOf(plans: readonly HybridPlan[]): HybridPlan {
  let best = plans[0];
  for (const plan of plans) if (cents(plan.totalUsd) < cents(best.totalUsd)) best = plan;
  return best;
}

/** (input + output tokens) × share. */
function plannedVolumeTokens(input: HybridInput): number {
  return totalTokens(input.volume) * (input.share ?? 1);
}

/** One instance a month, after its discount. */
function monthlyUsdPerInstance(input: HybridInput): number {
  return instanceMonthlyUsd(input.instance.usdPerHour, input.hoursPerMonth, input.instance.discountShare);
}

/** 0, 1, …, last. */
function countsUpTo(last: number): number[] {
  return Array.from({ length: last + 1 }, (_, n) => n);
}

/**
 * The counts where the cheapest plan can lie, for a fleet too large to list: cost(n) is convex for n ≥ 1 (linear
 * fixed cost plus Σ_h max(0, D_h − n·c), a sum of convex kinks at n = D_h ÷ c), so its least whole n sits next to a
 * kink, at 1, or at 0 (no ops). The peak-sized fleet is the last kink's ceiling.
 */
function candidateCounts(input: HybridInput, volumeTokens: number, peakSized: number): number[] {
  const perInstanceMonthly = tokensPerMonth(input.instance.tokensPerSecond, input.hoursPerMonth);
  const counts = new Set([0, 1, peakSized]);
  for (const intensity of hourlyIntensity(input.hourlyProfile)) {
    const kink = (volumeTokens * intensity) / perInstanceMonthly;
    counts.add(Math.floor(kink));
    counts.add(Math.ceil(kink));
  }
  return [...counts].filter((n) => n >= 0 && n <= peakSized).sort((a, b) => a - b);
}

/**
 * The hybrid input of plain terms (as a report carries them) at a monthly volume: the managed API priced at the
 * blended rate, so that cost(0) is exactly that volume × the rate.
 */
export function hybridInputOf(terms: PeakTerms, volumeTokens: number): HybridInput {
  return {
    volume: { inputTokens: volumeTokens, outputTokens: 0 },
    managedPrice: { inputUsdPerMillion: terms.blendedUsdPerMillion, outputUsdPerMillion: terms.blendedUsdPerMillion },
    hourlyProfile: terms.hourlyProfile,
    instance: { usdPerHour: terms.usdPerHour, discountShare: terms.discountShare, tokensPerSecond: terms.tokensPerSecondPerInstance },
    opsUsd: terms.opsUsd,
    hoursPerMonth: terms.hoursPerMonth,
  };
}
