import * as pulumi from "@pulumi/pulumi";
import type { StackConfigInput } from "../analysis/analyzeStack";

let cached: StackConfigInput | undefined;

/**
 * The stack config the engine hands the pack process (env PULUMI_CONFIG): gpu-breakeven:workloads and aws:region.
 * Read once, on first use, never at import.
 */
export function packStackConfig(): StackConfigInput {
  if (cached) return cached;
  const config: StackConfigInput = { workloads: undefined };
  try {
    config.workloads = new pulumi.Config("gpu-breakeven").getObject("workloads");
  } catch {
    // The SDK's own message quotes the value; ours does not, in case it holds something sensitive.
    config.workloadsError = "its value is not valid JSON; write it as a YAML map under config: in Pulumi.<stack>.yaml";
  }
  const region = new pulumi.Config("aws").get("region");
  if (region) config.awsRegion = region;
  cached = config;
  return config;
}
