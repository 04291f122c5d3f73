import type { EnforcementLevel } from "@pulumi/policy";
import type { PolicyName } from "../analysis/types";

/**
 * Every policy of the pack with its default enforcement level (DESIGN.md §3, and catalog-fresh from issue 5).
 * The policies take their levels from here, and the JSON report states them, so the two never disagree.
 */
export const DEFAULT_LEVELS: Record<PolicyName | "catalog-fresh", EnforcementLevel> = {
  "self-hosting-break-even": "mandatory",
  "self-hosting-fragile": "advisory",
  "data-residency": "mandatory",
  "fleet-capacity": "advisory",
  "production-redundancy": "advisory",
  "gpu-workload-declared": "advisory",
  "gpu-pricing-known": "advisory",
  "workload-declaration-valid": "mandatory",
  "catalog-fresh": "advisory",
};
