// The library: the pure cost model, the catalog, and the stack analysis the policy pack runs.
export * from "./model";
export { analyzeStack } from "./analysis/analyzeStack";
export { analyzePack } from "./analysis/analyzePack";
export type { PackInput } from "./analysis/analyzePack";
export type { Fact, Finding, StackAnalysis, WorkloadResult, PolicyName } from "./analysis/types";
export { POLICIES, POLICY_NAMES } from "./analysis/registry";
export { describeFinding } from "./report/describe";
export { assumptionsSchema } from "./assumptions/schema";
export type { Assumptions } from "./assumptions/schema";
export { workloadSchema, workloadsSchema } from "./declaration/schema";
export type { WorkloadDeclaration } from "./declaration/schema";
export { parseWorkloads } from "./declaration/parse";
export { shippedCatalog } from "./catalog/load";
export { PriceBook } from "./catalog/prices";
export { gpuBreakevenPolicies } from "./policies";
export { stackReport } from "./report/json";
