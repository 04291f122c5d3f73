import type { Policies } from "@pulumi/policy";
import { POLICIES } from "../analysis/registry";
import { PolicyOptions, stackPolicy } from "./stackPolicy";

export type { PolicyOptions } from "./stackPolicy";
export { NOW_ENV, packNow } from "./stackPolicy";

/**
 * The pack's policies, one per registry row (src/analysis/registry.ts), in its order. Stack policies receive only
 * the resource types the registry says they read (policy-pack/sdkWorkarounds.ts, for speed: BENCHMARKS.md).
 */
export function gpuBreakevenPolicies(options: PolicyOptions = {}): Policies {
  return POLICIES.map((entry) => stackPolicy(entry, options));
}
