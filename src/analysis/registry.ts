import { LAUNCH_CONFIGURATION, LAUNCH_TEMPLATE } from "../resources/launchTemplates";
import { GPU_RESOURCE_TYPES } from "../resources/readStack";

/** The level a policy is enforced at; "disabled" policies do not run. */
export type PolicyLevel = "advisory" | "mandatory" | "disabled";

/** Which policy config a policy publishes: the shared cost assumptions, catalog-fresh's own, or none. */
export type PolicyConfigKind = "assumptions" | "catalog-fresh" | "none";

/** One row of the registry: everything the pack, the report and the docs say about a policy. */
export interface PolicyEntry {
  name: string;
  level: "advisory" | "mandatory";
  description: string;
  /** The resource types its findings are computed from (the SDK workaround hands stack policies only these). */
  reads: readonly string[];
  config: PolicyConfigKind;
}

/** Every stack policy reads the GPU capacity kinds and the launch templates they join (src/resources). */
const STACK_READS: readonly string[] = [...GPU_RESOURCE_TYPES, LAUNCH_TEMPLATE, LAUNCH_CONFIGURATION];

/**
 * The one table of the pack's policies, in the order the SDK runs them. The pack's policy list, default levels,
 * config schemas, the JSON report's levels, the SDK workaround's type filter and docs/policies.md derive from it.
 * pack-health comes last, so it also reports what went wrong while the others ran.
 */
export const POLICIES = [
  {
    name: "self-hosting-break-even",
    level: "mandatory",
    description: "Self-hosting must beat the managed API at the workload's declared token volume.",
    reads: STACK_READS,
    config: "assumptions",
  },
  {
    name: "self-hosting-fragile",
    level: "advisory",
    description: "Self-hosting should still beat the managed API at reduced utilization (stressUtilization × the declared volume).",
    reads: STACK_READS,
    config: "assumptions",
  },
  {
    name: "data-residency",
    level: "mandatory",
    description: "GPU capacity must run in one of its workload's allowed regions.",
    reads: STACK_READS,
    config: "none",
  },
  {
    name: "fleet-capacity",
    level: "advisory",
    description: "The fleet must be able to serve the workload's declared token volume.",
    reads: STACK_READS,
    config: "assumptions",
  },
  {
    name: "production-redundancy",
    level: "advisory",
    description: "A production workload should run on at least 2 GPU instances in at least 2 availability zones.",
    reads: STACK_READS,
    config: "none",
  },
  {
    name: "gpu-workload-declared",
    level: "advisory",
    description: "Every GPU resource should belong to a declared workload (tag gpu-breakeven:workload).",
    reads: STACK_READS,
    config: "none",
  },
  {
    name: "gpu-pricing-known",
    level: "advisory",
    description: "Every GPU instance type should have a price, from the catalog or the policy config.",
    reads: STACK_READS,
    config: "assumptions",
  },
  {
    name: "workload-declaration-valid",
    level: "mandatory",
    description: "The stack config gpu-breakeven:workloads must be a valid declaration, and every gpu-breakeven:* key a known one.",
    reads: STACK_READS,
    config: "none",
  },
  {
    name: "catalog-fresh",
    level: "advisory",
    description: "Each catalog price the verdicts use should be recent for its class (by default: instance list prices 180 days, managed API prices 45).",
    reads: STACK_READS,
    config: "catalog-fresh",
  },
  {
    name: "pack-health",
    level: "mandatory",
    description: "The pack itself must be able to judge the stack: a valid, consistent policy config, a usable catalog overlay where one is set, a report written where asked, no internal error.",
    reads: STACK_READS,
    config: "none",
  },
] as const satisfies readonly PolicyEntry[];

export type PolicyName = (typeof POLICIES)[number]["name"];

/** Every policy name, in registry order. */
export const POLICY_NAMES: readonly PolicyName[] = POLICIES.map((p) => p.name);

/** The cost policies: they share one set of assumptions, set once under any of them. */
export const ASSUMPTION_POLICIES: readonly PolicyName[] = POLICIES.filter((p) => p.config === "assumptions").map((p) => p.name);

/** Each policy's default level. */
export const DEFAULT_LEVELS: Readonly<Record<PolicyName, "advisory" | "mandatory">> = Object.fromEntries(
  POLICIES.map((p) => [p.name, p.level]),
) as Record<PolicyName, "advisory" | "mandatory">;

/** Every resource type some policy reads. */
export const TYPES_POLICIES_READ: ReadonlySet<string> = new Set(POLICIES.flatMap((p) => p.reads));

/** The registry row of `name`, if it is one of the pack's policies. */
export function policyEntry(name: string): PolicyEntry | undefined {
  return POLICIES.find((p) => p.name === name);
}
