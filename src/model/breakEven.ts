/** V* = F ÷ (M(V) ÷ V): the monthly token volume at which the fleet and the managed API cost the same. */
export function breakEvenTokens(fixedMonthlyUsd: number, managedAtVolumeUsd: number, volumeTokens: number): number | null {
  if (volumeTokens <= 0 || managedAtVolumeUsd <= 0) return null;
  return fixedMonthlyUsd / (managedAtVolumeUsd / volumeTokens);
}

/** F ÷ V × 1e6: what a million tokens costs on the fleet at the declared volume. */
export function selfHostedUsdPerMillion(fixedMonthlyUsd: number, volumeTokens: number): number | null {
  if (volumeTokens <= 0) return null;
  return (fixedMonthlyUsd / volumeTokens) * 1e6;
}

/**
 * The fleet's monthly cost at a volume when the managed API serves what exceeds the fleet's monthly capacity, at
 * usdPerToken (M(V) ÷ V): F + max(0, v − capacity) × M(V) ÷ V. The hybrid plan's overflow at a flat hourly profile.
 */
export function fleetCostWithOverflow(fixedMonthlyUsd: number, capacityTokens: number, usdPerToken: number, volumeTokens: number): number {
  return fixedMonthlyUsd + Math.max(0, volumeTokens - capacityTokens) * usdPerToken;
}
