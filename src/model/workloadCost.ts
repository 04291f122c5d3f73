import { breakEvenTokens, selfHostedUsdPerMillion } from "./breakEven";
import { fleetCapacity } from "./capacity";
import { monthlyFixedCost } from "./fixedCost";
import { managedCostAt, totalTokens } from "./managedCost";
import { verdictFor } from "./verdict";
import { WorkloadCost, WorkloadCostInput } from "./types";

/** Judges one workload: fixed cost lines, managed cost at V and s·V, verdict, break-even and capacity. */
export function workloadCost(input: WorkloadCostInput): WorkloadCost {
  const { assumptions } = input;
  const owned = input.owned ?? [];
  const fixed = monthlyFixedCost(input.groups, input.opsHoursPerMonth, assumptions, owned);
  const volumeTokens = totalTokens(input.volume);
  const managedAtVolumeUsd = managedCostAt(input.volume, input.managedPrice);
  const managedAtStressUsd = managedCostAt(input.volume, input.managedPrice, assumptions.stressUtilization);
  const breakEven = breakEvenTokens(fixed.totalUsd, managedAtVolumeUsd, volumeTokens);
  const instanceCount = input.groups.reduce((sum, g) => sum + g.count, 0) + owned.reduce((sum, o) => sum + o.count, 0);
  const result: WorkloadCost = {
    lines: fixed.lines,
    fixedMonthlyUsd: fixed.totalUsd,
    volumeTokens,
    managedAtVolumeUsd,
    managedAtStressUsd,
    stressUtilization: assumptions.stressUtilization,
    verdict: verdictFor(fixed.totalUsd, managedAtVolumeUsd, managedAtStressUsd),
    breakEvenTokens: breakEven,
    selfHostedUsdPerMillion: selfHostedUsdPerMillion(fixed.totalUsd, volumeTokens),
    instanceCount,
  };
  if (input.tokensPerSecondPerInstance !== undefined) {
    result.capacity = fleetCapacity(input.tokensPerSecondPerInstance, instanceCount, assumptions.hoursPerMonth, volumeTokens, breakEven);
  } else if (input.estimatedFleetTokensPerSecond !== undefined) {
    // The estimate is for the whole fleet: one "instance" of that throughput.
    const capacity = fleetCapacity(input.estimatedFleetTokensPerSecond, 1, assumptions.hoursPerMonth, volumeTokens, breakEven);
    result.capacity = { ...capacity, estimated: true };
  }
  return result;
}
