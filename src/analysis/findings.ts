// The analysis's output: facts, not prose. One describer (src/report/describe.ts) turns each into words for
// the engine, `check`, the JSON report and the comment alike.
import type { ModelPrice } from "../catalog/prices";
import type { ServedModel, WorkloadDeclaration } from "../declaration/schema";
import type { WorkloadCost } from "../model/types";
import type { GpuResource } from "../resources/types";
import type { PolicyName } from "./registry";
import type { WayToPass } from "./wayToPass";

/** A GPU resource as a finding names it: what it is and how much of it. */
export type ResourceFacts = Pick<GpuResource, "name" | "kindLabel" | "instanceType" | "count" | "market">;

/** A workload whose cost the model judged. */
export interface JudgedWorkload {
  name: string;
  declaration: WorkloadDeclaration;
  /** Resource names and owned-server names, each once. */
  fleet: string[];
  managedModel: ModelPrice;
  cost: WorkloadCost;
  wayToPass?: WayToPass;
}

/** Why a workload could not be judged: each names what is missing and where. */
export type Blocker =
  | { kind: "unknown-value"; resource: string; reason: string }
  | { kind: "unreadable"; resource: string; reason: string }
  | { kind: "no-region"; resource: string }
  | { kind: "unpriced"; resource: string; instanceType: string; region: string }
  | { kind: "owned-accelerator-unknown"; key: string; accelerator: string; guess?: string }
  | { kind: "unknown-model"; id: string; declaredAt?: string; guess?: string };

/** A change of policy config in one place: which policy, which key, which value. */
export interface ConfigSetting {
  policy: string;
  value: unknown;
}

/** Every fact a finding can state. */
export type Fact =
  // Verdicts and capacity.
  | { kind: "verdict"; verdict: "fails" | "fragile"; workload: JudgedWorkload; catalogAsOf: string }
  | { kind: "capacity-exceeded"; workload: JudgedWorkload }
  | { kind: "peak-exceeds-capacity"; workload: JudgedWorkload }
  | { kind: "model-does-not-fit"; workload: string; model: ServedModel; instanceType: string; reason: string }
  | { kind: "not-evaluated"; workload: string; blockers: Blocker[]; invalidInput: boolean }
  | { kind: "unknown-managed-model"; workload: string; blocker: Extract<Blocker, { kind: "unknown-model" }> }
  // Redundancy.
  | { kind: "too-few-instances"; workload: string; count: number; fleet: string[] }
  | { kind: "one-zone"; workload: string; count: number; zone: string }
  // Residency.
  | { kind: "residency-breach"; resource: ResourceFacts; workload: string; region: string; regionSource?: string; allowed: string[] }
  | { kind: "residency-unknown"; resource: ResourceFacts; workload: string; reason: string; allowed: string[] }
  | { kind: "residency-no-region"; resource: ResourceFacts; workload: string; allowed: string[] }
  | { kind: "owned-no-region"; key: string; name: string; workload: string; allowed: string[] }
  | { kind: "owned-residency-breach"; key: string; name: string; workload: string; region: string; allowed: string[] }
  // Membership.
  | { kind: "untagged"; resource: ResourceFacts; declared: string[] }
  | { kind: "undeclared-tag"; resource: ResourceFacts; tag: string; guess?: string; declared: string[] }
  | { kind: "membership-unknown"; resource: ResourceFacts; reason: string }
  | { kind: "tag-conflict"; resource: string; detail: string }
  // Prices.
  | { kind: "no-region"; resource: ResourceFacts }
  | { kind: "unknown-region"; resource: ResourceFacts; region: string; regionSource?: string }
  | { kind: "no-regional-price"; resource: ResourceFacts; region: string; pricedRegions: string[] }
  | { kind: "not-offered"; resource: ResourceFacts; region: string; family?: string; source: string; asOf: string; offeredIn: string[] }
  | { kind: "unknown-instance-type"; resource: ResourceFacts; region: string; guess?: string }
  | { kind: "unreadable-resource"; name: string; type: string; reason: string }
  // The declaration.
  | { kind: "declaration-unreadable"; key: string }
  | { kind: "declaration-invalid"; key: string; problem: string }
  | { kind: "unknown-config-key"; key: string; guess?: string }
  // The catalog.
  | { kind: "catalog-stale"; asOf: string; today: string; ageDays: number; maxAgeDays: number }
  // The pack itself.
  | { kind: "policy-config-invalid"; key: string; problem: string; guess?: string }
  | { kind: "assumption-conflict"; key: string; settings: ConfigSetting[]; used: ConfigSetting }
  | { kind: "report-not-written"; path: string; detail: string }
  | { kind: "internal-error"; detail: string };

export type FactKind = Fact["kind"];

/** One violation to report: which policy, about what, and the fact behind it. */
export interface Finding {
  policy: PolicyName;
  fact: Fact;
  /** The resource it is about, if any: the engine shows it against that resource. */
  urn?: string;
  workload?: string;
  /**
   * Set when the finding is advisory whatever its policy's level: the pack could not judge (a value unknown
   * during preview), or the policy never blocks (catalog-fresh).
   */
  level?: "advisory";
}
