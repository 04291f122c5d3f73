import { instanceMonthlyUsd } from "./instanceCost";

/** Tokens per month `instances` instances serve at `tokensPerSecond` each: tokens/s × 3,600 s × hours × instances. */
export function tokensPerMonth(tokensPerSecond: number, hoursPerMonth: number, instances = 1): number {
  return tokensPerSecond * 3600 * hoursPerMonth * instances;
}

/** Instances of `tokensPerSecond` each needed to serve `volumeTokens` a month; undefined when one serves nothing. */
export function instancesFor(volumeTokens: number, tokensPerSecond: number, hoursPerMonth: number): number | undefined {
  const perInstance = tokensPerMonth(tokensPerSecond, hoursPerMonth);
  return perInstance > 0 ? Math.ceil(volumeTokens / perInstance) : undefined;
}

/** What decides a fleet's size: the volume it must serve, or the minimum count redundancy asks for. */
export type SizeBinding = "capacity" | "redundancy";

/** A fleet of one instance type sized for a monthly volume. */
export interface SizedFleet {
  count: number;
  binding: SizeBinding;
  capacityTokensPerMonth: number;
  /** count × the instance's monthly cost (after its discount) + ops. */
  fixedMonthlyUsd: number;
}

/** One instance type's terms for sizing: its price, its discount and its throughput. */
export interface InstanceTerms {
  usdPerHour: number;
  discountShare: number;
  tokensPerSecond: number;
}

/**
 * The smallest fleet of one type that serves `volumeTokens` a month with at least `minimumCount` instances,
 * and what it costs with `opsUsd` of ops; undefined when the type serves nothing.
 */
export function sizeFleet(terms: InstanceTerms, volumeTokens: number, minimumCount: number, hoursPerMonth: number, opsUsd: number): SizedFleet | undefined {
  const forVolume = instancesFor(volumeTokens, terms.tokensPerSecond, hoursPerMonth);
  if (forVolume === undefined) return undefined;
  const count = Math.max(minimumCount, forVolume);
  return {
    count,
    binding: forVolume >= minimumCount ? "capacity" : "redundancy",
    capacityTokensPerMonth: tokensPerMonth(terms.tokensPerSecond, hoursPerMonth, count),
    fixedMonthlyUsd: count * instanceMonthlyUsd(terms.usdPerHour, hoursPerMonth, terms.discountShare) + opsUsd,
  };
}

/** The most instances at `usdPerHour` (after `discountShare`) that `budgetUsd` pays for once `opsUsd` is paid; 0 if none. */
export function instancesWithinBudget(budgetUsd: number, usdPerHour: number, discountShare: number, hoursPerMonth: number, opsUsd: number): number {
  const perInstance = instanceMonthlyUsd(usdPerHour, hoursPerMonth, discountShare);
  if (!(perInstance > 0) || budgetUsd < opsUsd) return 0;
  // A hair of tolerance so that a budget equal to n instances' cost pays for n (ties go to self-hosting).
  return Math.floor((budgetUsd - opsUsd) / perInstance + 1e-9);
}
