import { breakEvenTokens, selfHostedUsdPerMillion } from "./breakEven";
import { fleetCapacity } from "./capacity";
import { monthlyFixedCost } from "./fixedCost";
import { managedCostAt, totalTokens } from "./managedCost";
import { hourlyCapacity } from "./hourlyProfile";
import { hybridPlan, hybridPlans } from "./hybrid";
import { verdictFor, verdictWithOverflow } from "./verdict";
import { InstanceGroup, PeakLoad, WorkloadCost, WorkloadCostInput } from "./types";

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
  const peak = input.hourlyProfile ? peakLoad(input, result) : undefined;
  if (peak) {
    result.peak = peak;
    // A fleet that cannot cover its peaks is the fleet plus the API for what it cannot serve.
    result.verdict = verdictWithOverflow(fixed.totalUsd, peak.overflowAtVolume.usd, peak.overflowAtStress.usd, managedAtVolumeUsd, managedAtStressUsd);
  }
  return result;
}

/**
 * The busiest hour against the fleet's hourly capacity, the overflow at V and s·V, and the cheapest hybrid plan of
 * the fleet's instance type; undefined when the per-instance throughput is unknown (owned servers, mixed types).
 */
function peakLoad(input: WorkloadCostInput, cost: WorkloadCost): PeakLoad | undefined {
  const group = singleGroup(input);
  const perInstance = perInstanceTokensPerSecond(input, cost.instanceCount);
  if (!group || perInstance === undefined || !input.hourlyProfile) return undefined;
  const { assumptions } = input;
  const hybridInput = {
    volume: input.volume,
    managedPrice: input.managedPrice,
    hourlyProfile: input.hourlyProfile,
    instance: { usdPerHour: group.usdPerHour, discountShare: group.discount?.share ?? 0, tokensPerSecond: perInstance },
    opsUsd: input.opsHoursPerMonth * assumptions.opsUsdPerHour,
    hoursPerMonth: assumptions.hoursPerMonth,
  };
  const stress = { ...hybridInput, share: assumptions.stressUtilization };
  const atVolume = hybridPlan(hybridInput, cost.instanceCount);
  const atStress = hybridPlan(stress, cost.instanceCount);
  const plansAtVolume = hybridPlans(hybridInput);
  return {
    terms: {
      hourlyProfile: [...input.hourlyProfile],
      tokensPerSecondPerInstance: perInstance,
      usdPerHour: hybridInput.instance.usdPerHour,
      discountShare: hybridInput.instance.discountShare,
      opsUsd: hybridInput.opsUsd,
      hoursPerMonth: hybridInput.hoursPerMonth,
      instances: cost.instanceCount,
      blendedUsdPerMillion: plansAtVolume.blendedUsdPerMillion ?? 0,
    },
    peakHourTokens: plansAtVolume.peakHourTokens,
    fleetHourlyTokens: hourlyCapacity(perInstance, cost.instanceCount),
    overflowAtVolume: { tokens: atVolume.overflowTokens, usd: atVolume.overflowUsd },
    overflowAtStress: { tokens: atStress.overflowTokens, usd: atStress.overflowUsd },
    ...(plansAtVolume.peakSizedInstances !== undefined ? { peakSizedInstances: plansAtVolume.peakSizedInstances } : {}),
    hybridAtVolume: plansAtVolume.cheapest,
    hybridAtStress: hybridPlans(stress).cheapest,
  };
}

/** The fleet's one rented instance group, when it has exactly one and no owned servers. */
function singleGroup(input: WorkloadCostInput): InstanceGroup | undefined {
  return input.groups.length === 1 && (input.owned ?? []).length === 0 ? input.groups[0] : undefined;
}

/** Tokens/s of one instance: measured, or the estimated fleet's rate shared by its instances. */
function perInstanceTokensPerSecond(input: WorkloadCostInput, instances: number): number | undefined {
  if (input.tokensPerSecondPerInstance !== undefined) return input.tokensPerSecondPerInstance;
  if (input.estimatedFleetTokensPerSecond === undefined || instances <= 0) return undefined;
  return input.estimatedFleetTokensPerSecond / instances;
}
