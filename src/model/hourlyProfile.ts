// Bursty traffic: a monthly volume spread over the hours of a day by a profile of 24 weights, one per UTC hour, every
// day alike, in a month of hoursPerMonth ÷ 24 days. Demand in hour h of a day = V × w_h ÷ Σw ÷ days.
//
// Internally each hour is kept as its intensity: its demand ÷ the average hour's, f_h = 24 × w_h ÷ Σw (a flat profile
// is all exactly 1, so a flat profile reproduces the flat month-long capacity math to the last bit).
import { instancesFor, tokensPerMonth } from "./fleetSizing";

/** Hours in a day: a profile has one weight for each UTC hour. */
export const HOURS_PER_DAY = 24;

/** Days in a month of `hoursPerMonth` hours: hoursPerMonth ÷ 24. */
export function daysInMonth(hoursPerMonth: number): number {
  return hoursPerMonth / HOURS_PER_DAY;
}

/**
 * Each hour's demand ÷ the average hour's, 24 × w_h ÷ Σw, for a profile of 24 weights; all 1 when no weight is above 0.
 * A weight that is not a finite number ≥ 0 counts as 0 (the declaration schema rejects both, and a length other than
 * 24). Weights are divided by the largest first, so no sum overflows and a flat profile is exactly 1 in every hour.
 */
export function hourlyIntensity(profile: readonly number[]): number[] {
  const weights = profile.map((w) => (Number.isFinite(w) && w > 0 ? w : 0));
  const largest = Math.max(0, ...weights);
  if (largest === 0 || weights.length === 0) return new Array<number>(HOURS_PER_DAY).fill(1);
  const relative = weights.map((w) => w / largest);
  const sum = relative.reduce((total, r) => total + r, 0);
  return relative.map((r) => (relative.length * r) / sum);
}

/** The busiest hour's demand ÷ the average hour's: 1 for a flat profile, 24 when one hour carries everything. */
export function peakIntensity(profile: readonly number[]): number {
  return Math.max(...hourlyIntensity(profile));
}

/** Tokens in each UTC hour of a day when `volumeTokens` a month follow `profile`: V × w_h ÷ Σw ÷ days. */
export function hourlyDemand(volumeTokens: number, profile: readonly number[], hoursPerMonth: number): number[] {
  const intensity = hourlyIntensity(profile);
  if (!(volumeTokens > 0) || !(hoursPerMonth > 0)) return intensity.map(() => 0);
  // V × w_h ÷ Σw ÷ (H ÷ 24) = V × f_h ÷ H.
  return intensity.map((f) => (volumeTokens * f) / hoursPerMonth);
}

/** The busiest hour's demand, in tokens. */
export function peakHourTokens(volumeTokens: number, profile: readonly number[], hoursPerMonth: number): number {
  return Math.max(...hourlyDemand(volumeTokens, profile, hoursPerMonth));
}

/** Tokens `instances` instances serve in one hour at `tokensPerSecondPerInstance` each: tokens/s × 3,600 × instances. */
export function hourlyCapacity(tokensPerSecondPerInstance: number, instances = 1): number {
  return tokensPerMonth(tokensPerSecondPerInstance, 1, instances);
}

/**
 * Instances of `tokensPerSecondPerInstance` each that serve the busiest hour, ceil(peak ÷ hourly capacity); a flat
 * profile gives exactly instancesFor(V). Undefined when one instance serves nothing, or when the count would not be an
 * exact whole number (beyond 2^53, a throughput of practically nothing).
 */
export function peakSizedInstances(
  volumeTokens: number,
  profile: readonly number[],
  hoursPerMonth: number,
  tokensPerSecondPerInstance: number,
): number | undefined {
  // The peak hour held all month, against a month of capacity: the division instancesFor() makes for a flat month.
  const peakHeldAllMonth = volumeTokens > 0 ? volumeTokens * peakIntensity(profile) : 0;
  const count = instancesFor(peakHeldAllMonth, tokensPerSecondPerInstance, hoursPerMonth);
  return count !== undefined && Number.isSafeInteger(count) ? count : undefined;
}

/**
 * Monthly tokens `instances` instances of `perInstanceTokensPerHour` each cannot serve: Σ_h max(0, demand_h − capacity)
 * × days. A flat profile gives exactly max(0, V − capacity × hoursPerMonth), the month-long capacity math.
 */
export function overflowTokens(
  volumeTokens: number,
  profile: readonly number[],
  hoursPerMonth: number,
  perInstanceTokensPerHour: number,
  instances: number,
): number {
  if (!(volumeTokens > 0)) return 0;
  // The fleet's capacity over the month, multiplied in the order tokensPerMonth() uses.
  const monthlyCapacity = perInstanceTokensPerHour * hoursPerMonth * instances;
  if (!(monthlyCapacity > 0)) return volumeTokens;
  // Hour h over the month: max(0, V × f_h ÷ H − c) × H ÷ 24 = max(0, V × f_h − C) ÷ 24. Hours of equal intensity
  // are summed as one (× their number ÷ 24), so the flat profile's single group is max(0, V − C) × 1.
  const intensities = hourlyIntensity(profile);
  let overflow = 0;
  for (const [intensity, hours] of countEach(intensities)) {
    overflow += Math.max(0, volumeTokens * intensity - monthlyCapacity) * (hours / intensities.length);
  }
  return Math.min(volumeTokens, overflow);
}

/** Each distinct value and how many times it occurs (here: each hourly intensity and its number of hours). */
function countEach(values: readonly number[]): Map<number, number> {
  const counts = new Map<number, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return counts;
}
