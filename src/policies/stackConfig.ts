import * as pulumi from "@pulumi/pulumi";
import type { StackConfigInput } from "../analysis/analyzeStack";

const NAMESPACE = "gpu-breakeven";
let cached: StackConfigInput | undefined;

/**
 * The stack config the engine hands the pack process (env PULUMI_CONFIG): gpu-breakeven:workloads, every other
 * gpu-breakeven:* key (a typo must not switch a check off) and aws:region. Read once, on first use, never at import.
 */
export function packStackConfig(): StackConfigInput {
  if (cached) return cached;
  const config: StackConfigInput = { workloads: undefined };
  try {
    config.workloads = new pulumi.Config(NAMESPACE).getObject("workloads");
  } catch {
    // The SDK's own message quotes the value; ours does not, in case it holds something sensitive.
    config.workloadsUnreadable = true;
  }
  config.keys = Object.keys(pulumi.runtime.allConfig()).filter((key) => key.startsWith(`${NAMESPACE}:`));
  const region = new pulumi.Config("aws").get("region");
  if (region) config.awsRegion = region;
  cached = config;
  return config;
}
