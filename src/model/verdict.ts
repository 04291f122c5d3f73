import { Verdict } from "./types";

/**
 * DESIGN.md §1: robust if F ≤ M(s·V), fragile if M(s·V) < F ≤ M(V), fails if F > M(V).
 * Compared in whole cents so that floating-point noise cannot break a tie, and ties go to self-hosting.
 */
export function verdictFor(fixedMonthlyUsd: number, managedAtVolumeUsd: number, managedAtStressUsd: number): Verdict {
  return verdictWithOverflow(fixedMonthlyUsd, 0, 0, managedAtVolumeUsd, managedAtStressUsd);
}

/**
 * The verdict when self-hosting also pays the managed API for what the fleet cannot serve (hourlyProfile): robust if
 * F + overflow(s·V) ≤ M(s·V), fragile if F + overflow(V) ≤ M(V), else fails. verdictFor is this with no overflow.
 */
export function verdictWithOverflow(
  fixedMonthlyUsd: number,
  overflowAtVolumeUsd: number,
  overflowAtStressUsd: number,
  managedAtVolumeUsd: number,
  managedAtStressUsd: number,
): Verdict {
  if (cents(fixedMonthlyUsd + overflowAtStressUsd) <= cents(managedAtStressUsd)) return "robust";
  if (cents(fixedMonthlyUsd + overflowAtVolumeUsd) <= cents(managedAtVolumeUsd)) return "fragile";
  return "fails";
}

/** Whole cents, after dropping sub-micro-dollar float noise so that equal sums round alike (0.1 + 0.185 vs 0.285). */
export function cents(usd: number): number {
  return Math.round(Math.round(usd * 1e6) / 1e4);
}
