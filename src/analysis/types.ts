import type { Assumptions } from "../assumptions/schema";
import type { ModelPrice } from "../catalog/prices";
import type { WorkloadDeclaration } from "../declaration/schema";
import type { WorkloadCost } from "../model/types";
import type { GpuResource } from "../resources/types";
import type { Blocker, Finding } from "./findings";
import type { WayToPass } from "./wayToPass";

export type { Blocker, Fact, FactKind, Finding, JudgedWorkload, ResourceFacts } from "./findings";
export { POLICY_NAMES } from "./registry";
export type { PolicyName } from "./registry";

/** One declared workload with its fleet and, when it could be judged, its cost. */
export interface WorkloadResult {
  name: string;
  declaration: WorkloadDeclaration;
  resources: GpuResource[];
  managedModel?: ModelPrice;
  cost?: WorkloadCost;
  /** What kept the cost from being judged (unknown values, unpriced types, an unknown model). */
  notEvaluated: Blocker[];
  /** Instance types the declared model does not fit on (estimated capacity). */
  doesNotFit?: { instanceType: string; reason: string }[];
  /** For a fleet that fails or is fragile: how it could pass. */
  wayToPass?: WayToPass;
  /** The monthly cost at V of one frontier and one fast model (policy config frontierModel, fastModel). */
  alternatives?: AlternativeModel[];
}

/** Another managed model priced for the workload's volume; monthlyUsd is absent when nobody prices the id. */
export interface AlternativeModel {
  role: "frontier" | "fast";
  id: string;
  monthlyUsd?: number;
}

/** The whole stack's analysis, computed once and read by every policy. */
export interface StackAnalysis {
  assumptions: Assumptions;
  catalogAsOf: string;
  workloads: WorkloadResult[];
  findings: Finding[];
  /** GPU resources the stack runs (readable or not). */
  gpuResources?: number;
  /** Plaintexts of secret values the analysis used: every output shows them as [secret]. */
  secrets?: string[];
}
