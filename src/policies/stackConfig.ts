import * as pulumi from "@pulumi/pulumi";
import type { StackConfigInput } from "../analysis/analyzeStack";
import { secretStrings } from "../text/redact";

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
  markStackConfigSecrets(config, secretConfigKeys());
  cached = config;
  return config;
}

/**
 * Records which stack config values `secretKeys` (the keys set with --secret) marks secret: the plaintexts of its
 * strings, searched for in text (`secrets`), and whether the whole workloads declaration is secret
 * (`workloadsSecret`): then every number it declares is used for the arithmetic and shown as [secret].
 */
export function markStackConfigSecrets(config: StackConfigInput, secretKeys: readonly string[]): void {
  config.secrets = stackConfigSecrets(config, secretKeys);
  if (secretKeys.includes(`${NAMESPACE}:workloads`)) config.workloadsSecret = true;
  else delete config.workloadsSecret;
}

/** The plaintexts of the stack config values the pack reads that `secretKeys` marks secret. */
export function stackConfigSecrets(config: StackConfigInput, secretKeys: readonly string[]): string[] {
  return [
    ...(secretKeys.includes(`${NAMESPACE}:workloads`) ? [...workloadNames(config.workloads), ...secretStrings(config.workloads)] : []),
    ...(config.awsRegion && secretKeys.includes("aws:region") ? [config.awsRegion] : []),
  ];
}

/** The stack config keys the engine marks secret (env PULUMI_CONFIG_SECRET_KEYS, a JSON list). */
function secretConfigKeys(): string[] {
  try {
    const keys = JSON.parse(process.env.PULUMI_CONFIG_SECRET_KEYS ?? "[]") as unknown;
    return Array.isArray(keys) ? keys.filter((k): k is string => typeof k === "string") : [];
  } catch {
    return [];
  }
}

/** The workload names of a declaration: its top-level keys (the field names below them are the pack's own). */
function workloadNames(workloads: unknown): string[] {
  return workloads && typeof workloads === "object" && !Array.isArray(workloads) ? Object.keys(workloads) : [];
}
