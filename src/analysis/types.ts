import type { Assumptions } from "../assumptions/schema";
import type { ModelPrice } from "../catalog/prices";
import type { WorkloadDeclaration } from "../declaration/schema";
import type { WorkloadCost } from "../model/types";
import type { GpuResource } from "../resources/types";
import type { Blocker, Finding, SecretFigures } from "./findings";
import type { ChosenOffering } from "./managedOffering";
import type { WayToPass } from "./wayToPass";

export type { Blocker, Fact, FactKind, Finding, JudgedWorkload, ResourceFacts, SecretFigures } from "./findings";
export { POLICY_NAMES } from "./registry";
export type { PolicyName } from "./registry";

/** One declared workload with its fleet and, when it could be judged, its cost. */
export interface WorkloadResult {
  name: string;
  declaration: WorkloadDeclaration;
  resources: GpuResource[];
  managedModel?: ModelPrice;
  /** With allowedRegions: the offering of the managed model the workload is compared with (its price is managedModel's). */
  managedOffering?: ChosenOffering;
  /** With allowedRegions that no offering of the managed model meets: self-hosting is the only compliant option. */
  noCompliantApi?: { modelId: string; allowedRegions: string[]; offerings: ChosenOffering[] };
  cost?: WorkloadCost;
  /** The figures of `cost` that come from values the engine marks secret; absent when none does. */
  secret?: SecretFigures;
  /** What kept the cost from being judged (unknown values, unpriced types, an unknown model). */
  notEvaluated: Blocker[];
  /** Instance types the declared model does not fit on (estimated capacity). */
  doesNotFit?: { instanceType: string; reason: string }[];
  /** For a fleet that fails or is fragile: how it could pass. */
  wayToPass?: WayToPass;
  /** The monthly cost at V of one frontier and one fast model (policy config frontierModel, fastModel). */
  alternatives?: AlternativeModel[];
}

/**
 * Another managed model priced for the workload's volume; monthlyUsd is absent when nobody prices the id, or when
 * none of its offerings processes data only in the workload's allowedRegions (noCompliantOffering).
 */
export interface AlternativeModel {
  role: "frontier" | "fast";
  id: string;
  monthlyUsd?: number;
  /** With allowedRegions: the offering priced (its `via`). */
  via?: string;
  noCompliantOffering?: boolean;
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
