// The analysis's output: facts, not prose. One describer (src/report/describe.ts) turns each into words for
// the engine, `check`, the JSON report and the comment alike.
import type { ModelPrice } from "../catalog/prices";
import type { ServedModel } from "../declaration/schema";
import type { WorkloadCost } from "../model/types";
import type { GpuResource, SecretFields } from "../resources/types";
import type { FreshnessLimits, StaleSource } from "./freshness";
import type { PolicyName } from "./registry";
import type { WorkloadResult } from "./types";

/** A GPU resource as a finding names it: what it is and how much of it; `secret` says which of those the describer hides. */
export type ResourceFacts = Pick<GpuResource, "name" | "kindLabel" | "instanceType" | "count" | "market" | "secret">;

/**
 * Which figures of a workload's cost come from values the engine marks secret: they are used in the arithmetic and
 * shown as [secret] (derived totals, F and capacity, are still shown).
 */
export interface SecretFigures {
  /** Indexes into cost.lines of the compute lines whose instance count includes a secret count. */
  lineCounts?: number[];
  /** cost.instanceCount includes a secret count. */
  instanceCount?: true;
  /**
   * The workload's declaration is secret (the engine marks gpu-breakeven:workloads secret): every number it declares
   * (monthlyInputTokens and monthlyOutputTokens, so V and s·V; opsHoursPerMonth; tokensPerSecondPerInstance;
   * cachedInputShare; hourlyProfile; ownedHardware's figures; the commitment) is shown as [secret] where it would be
   * printed. Totals derived from them (F and each cost line's total, M(V), M(s·V), V*, capacity in tokens a month,
   * utilization, the busiest hour and its overflow) are still shown: they are the verdict's evidence. Shown together,
   * they let a reader work some declared figures back out (V = capacity × utilization): hidden means never printed,
   * not impossible to infer.
   */
  declaration?: true;
}

/**
 * A workload whose cost the model judged, as a finding states it: its WorkloadResult without the resources, blockers
 * and alternatives, with the fleet named.
 */
export type JudgedWorkload = Pick<WorkloadResult, "name" | "declaration" | "managedOffering" | "wayToPass" | "secret"> & {
  /** Resource names and owned-server names, each once. */
  fleet: string[];
  managedModel: ModelPrice;
  cost: WorkloadCost;
};

/** Why a workload could not be judged: each names what is missing and where. */
export type Blocker =
  | { kind: "unknown-value"; resource: string; reason: string }
  | { kind: "unreadable"; resource: string; reason: string }
  | { kind: "no-region"; resource: string }
  | { kind: "unpriced"; resource: string; instanceType: string; region: string; secret?: SecretFields }
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
  | { kind: "model-does-not-fit"; workload: string; model: ServedModel; instanceType: string; reason: string; secret?: SecretFigures }
  | { kind: "not-evaluated"; workload: string; blockers: Blocker[]; invalidInput: boolean }
  | { kind: "unknown-managed-model"; workload: string; blocker: Extract<Blocker, { kind: "unknown-model" }> }
  // Redundancy.
  | { kind: "too-few-instances"; workload: string; count: number; fleet: string[]; secret?: SecretFields }
  | { kind: "one-zone"; workload: string; count: number; zone: string; secret?: SecretFields }
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
  | {
      kind: "catalog-stale";
      today: string;
      /** The sources the verdicts use that are older than their class's limit (src/analysis/freshness.ts). */
      stale: StaleSource[];
      limits: FreshnessLimits;
      /** The overlay the pack was told to load (resolved path), which `catalog refresh --out` should rewrite. */
      overlay?: { path: string; setBy: string };
    }
  // The pack itself.
  | { kind: "policy-config-invalid"; key: string; problem: string; guess?: string }
  | { kind: "assumption-conflict"; key: string; settings: ConfigSetting[]; used: ConfigSetting }
  | { kind: "report-not-written"; path: string; detail: string }
  | { kind: "catalog-overlay-unusable"; setBy: string; path: string; problem: string; catalogAsOf: string }
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
