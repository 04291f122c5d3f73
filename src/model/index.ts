export * from "./types";
export { monthlyFixedCost } from "./fixedCost";
export { inputUsdPerMillion, managedCostAt, scaledPrice, totalTokens } from "./managedCost";
export { verdictFor } from "./verdict";
export { breakEvenTokens, fleetCostWithOverflow, selfHostedUsdPerMillion } from "./breakEven";
export { fleetCapacity } from "./capacity";
export { workloadCost } from "./workloadCost";
export { estimateDecodeThroughput, inputOutputTokensPerSecond, kvCacheBytesPerToken } from "./throughput";
export type { ThroughputEstimate, ModelPrecision } from "./throughput";
export { instanceMonthlyUsd } from "./instanceCost";
export { instancesFor, instancesWithinBudget, sizeFleet, tokensPerMonth } from "./fleetSizing";
export type { InstanceTerms, SizedFleet, SizeBinding } from "./fleetSizing";
export {
  daysInMonth,
  HOURS_PER_DAY,
  hourlyCapacity,
  hourlyDemand,
  hourlyIntensity,
  overflowTokens,
  peakHourTokens,
  peakIntensity,
  peakSizedInstances,
} from "./hourlyProfile";
export { hybridPlan, hybridPlans, MAX_LISTED_INSTANCES } from "./hybrid";
export type { HybridInput, HybridPlan, HybridPlans } from "./hybrid";
