export * from "./types";
export { monthlyFixedCost } from "./fixedCost";
export { managedCostAt, totalTokens } from "./managedCost";
export { verdictFor } from "./verdict";
export { breakEvenTokens, selfHostedUsdPerMillion } from "./breakEven";
export { fleetCapacity } from "./capacity";
export { workloadCost } from "./workloadCost";
