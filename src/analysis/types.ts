import type { Assumptions } from "../assumptions/schema";
import type { ModelPrice } from "../catalog/prices";
import type { WorkloadDeclaration } from "../declaration/schema";
import type { WorkloadCost } from "../model/types";
import type { GpuResource } from "../resources/types";
import type { WayToPass } from "./wayToPass";

/** The stable policy names of DESIGN.md §3. */
export const POLICY_NAMES = [
  "self-hosting-break-even",
  "self-hosting-fragile",
  "data-residency",
  "fleet-capacity",
  "production-redundancy",
  "gpu-workload-declared",
  "gpu-pricing-known",
  "workload-declaration-valid",
] as const;
export type PolicyName = (typeof POLICY_NAMES)[number];

/** One violation to report: which policy, about what, and why. */
export interface Finding {
  policy: PolicyName;
  message: string;
  /** The resource it is about, if any: the engine shows it against that resource. */
  urn?: string;
  workload?: string;
  /** Set to "advisory" when the pack could not judge (unknown during preview): never blocks. */
  level?: "advisory";
}

/** One declared workload with its fleet and, when it could be judged, its cost. */
export interface WorkloadResult {
  name: string;
  declaration: WorkloadDeclaration;
  resources: GpuResource[];
  managedModel?: ModelPrice;
  cost?: WorkloadCost;
  /** Why the cost could not be judged (unknown values, unpriced types, unknown model). */
  notEvaluated: string[];
  /** Instance types the declared model does not fit on (estimated capacity), one sentence each. */
  doesNotFit?: string[];
  /** For a fleet that fails or is fragile: the cheapest catalog fleet that serves the volume, if one is cheaper. */
  wayToPass?: WayToPass;
}

/** The whole stack's analysis, computed once and read by every policy. */
export interface StackAnalysis {
  assumptions: Assumptions;
  catalogAsOf: string;
  workloads: WorkloadResult[];
  findings: Finding[];
}
