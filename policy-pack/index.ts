// The entry point the Pulumi engine loads (compiled to dist/index.js by `npm run build`).
// Nothing here may print to stdout: the engine reads the pack's port from its first stdout line.
import { PolicyPack } from "@pulumi/policy";
import { gpuBreakevenPolicies } from "../src/policies";
import { hookEngineCalls } from "./engineHooks";
import { applySdkWorkarounds } from "./sdkWorkarounds";

hookEngineCalls();
applySdkWorkarounds();

new PolicyPack("gpu-breakeven", {
  description: "Should this GPU fleet exist, or would a managed LLM API be cheaper for the tokens it serves?",
  policies: gpuBreakevenPolicies(),
});
