export * from "./types";
export { monthlyFixedCost } from "./fixedCost";
export { inputUsdPerMillion, managedCostAt, totalTokens } from "./managedCost";
export { verdictFor } from "./verdict";
export { breakEvenTokens, selfHostedUsdPerMillion } from "./breakEven";
export { fleetCapacity } from "./capacity";
export { workloadCost } from "./workloadCost";
export { estimateDecodeThroughput, inputOutputTokensPerSecond, kvCacheBytesPerToken } from "./throughput";
export type { ThroughputEstimate, ModelPrecision } from "./throughput";
