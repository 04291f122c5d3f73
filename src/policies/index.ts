import type { Policies } from "@pulumi/policy";
import { checkDeclared, checkPricing, checkResidency } from "../analysis/checkResource";
import { resourcePolicy } from "./resourcePolicy";
import { stackPolicy } from "./stackPolicy";

/** The pack's eight policies (DESIGN.md §3), in the order a reader meets them. */
export function gpuBreakevenPolicies(): Policies {
  return [
    stackPolicy("self-hosting-break-even", "mandatory",
      "Self-hosting must beat the managed API at the workload's declared token volume.", { usesAssumptions: true }),
    stackPolicy("self-hosting-fragile", "advisory",
      "Self-hosting should still beat the managed API at reduced utilization (stressUtilization × the declared volume).",
      { usesAssumptions: true }),
    resourcePolicy("data-residency", "mandatory",
      "GPU capacity must run in one of its workload's allowed regions.", checkResidency, { needsPrices: false }),
    stackPolicy("fleet-capacity", "advisory",
      "The fleet must be able to serve the workload's declared token volume.", { usesAssumptions: true }),
    stackPolicy("production-redundancy", "advisory",
      "A production workload should run on at least 2 GPU instances in at least 2 availability zones.",
      { usesAssumptions: false }),
    resourcePolicy("gpu-workload-declared", "advisory",
      "Every GPU resource should belong to a declared workload (tag gpu-breakeven:workload).", checkDeclared, { needsPrices: false }),
    resourcePolicy("gpu-pricing-known", "advisory",
      "Every GPU instance type should have a price, from the catalog or the policy config.", checkPricing, { needsPrices: true }),
    stackPolicy("workload-declaration-valid", "mandatory",
      "The stack config gpu-breakeven:workloads must be a valid declaration.", { usesAssumptions: false }),
  ];
}
