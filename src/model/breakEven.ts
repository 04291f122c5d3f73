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
