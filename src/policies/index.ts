import type { Policies } from "@pulumi/policy";
import { catalogFreshPolicy } from "./catalogFresh";
import { stackPolicy } from "./stackPolicy";

/**
 * The pack's policies: the eight of DESIGN.md §3, then catalog-fresh (issue 5), in the order a reader meets them.
 * In the pack, stack policies receive only the resource types the pack reads (TYPES_STACK_POLICIES_READ in
 * policy-pack/index.ts, for speed: BENCHMARKS.md); a policy that needs other types must add them there.
 */
export function gpuBreakevenPolicies(): Policies {
  return [
    stackPolicy("self-hosting-break-even",
      "Self-hosting must beat the managed API at the workload's declared token volume.", { usesAssumptions: true }),
    stackPolicy("self-hosting-fragile",
      "Self-hosting should still beat the managed API at reduced utilization (stressUtilization × the declared volume).",
      { usesAssumptions: true }),
    stackPolicy("data-residency",
      "GPU capacity must run in one of its workload's allowed regions.", { usesAssumptions: false }),
    stackPolicy("fleet-capacity",
      "The fleet must be able to serve the workload's declared token volume.", { usesAssumptions: true }),
    stackPolicy("production-redundancy",
      "A production workload should run on at least 2 GPU instances in at least 2 availability zones.",
      { usesAssumptions: false }),
    stackPolicy("gpu-workload-declared",
      "Every GPU resource should belong to a declared workload (tag gpu-breakeven:workload).", { usesAssumptions: false }),
    stackPolicy("gpu-pricing-known",
      "Every GPU instance type should have a price, from the catalog or the policy config.", { usesAssumptions: true }),
    stackPolicy("workload-declaration-valid",
      "The stack config gpu-breakeven:workloads must be a valid declaration.", { usesAssumptions: false }),
    catalogFreshPolicy(),
  ];
}
