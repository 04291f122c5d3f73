import * as pulumi from "@pulumi/pulumi";
import type { StackConfigInput } from "../analysis/analyzeStack";
import { WORKLOADS_KEY, workloadNames } from "../declaration/parse";
import { secretStrings } from "../text/redact";

const NAMESPACE = "gpu-breakeven";
let cached: StackConfigInput | undefined;

/**
 * The stack config the engine hands the pack process (env PULUMI_CONFIG): gpu-breakeven:workloads, every other
 * gpu-breakeven:* key (a typo must not switch a check off) and aws:region. Read once, on first use, never at import.
 */
export function packStackConfig(): StackConfigInput {
  if (cached) return cached;
  const config = stackConfigInput(pulumi.runtime.allConfig());
  markStackConfigSecrets(config, secretConfigKeys());
  cached = config;
  return config;
}

/**
 * The stack config as the pack reads it from the map the engine passes (PULUMI_CONFIG: "ns:key" → string), as
 * pulumi.Config reads it: gpu-breakeven:workloads parsed as JSON, every gpu-breakeven:* key, and aws:region.
 */
export function stackConfigInput(config: Record<string, string>): StackConfigInput {
  const input: StackConfigInput = { workloads: undefined, keys: Object.keys(config).filter((key) => key.startsWith(`${NAMESPACE}:`)) };
  const raw = config[WORKLOADS_KEY];
  if (raw !== undefined) {
    try {
      input.workloads = JSON.parse(raw);
    } catch {
      // Not JSON. The SDK's own message would quote the value; ours does not, in case it holds something sensitive.
      input.workloadsUnreadable = true;
    }
  }
  if (config["aws:region"]) input.awsRegion = config["aws:region"];
  return input;
}

/**
 * Records which stack config values `secretKeys` (the keys set with --secret) marks secret: the plaintexts of its
 * strings, searched for in text (`secrets`), and whether the whole workloads declaration is secret
 * (`workloadsSecret`): then every number it declares is used for the arithmetic and shown as [secret].
 */
export function markStackConfigSecrets(config: StackConfigInput, secretKeys: readonly string[]): void {
  config.secrets = stackConfigSecrets(config, secretKeys);
  if (secretKeys.includes(WORKLOADS_KEY)) config.workloadsSecret = true;
  else delete config.workloadsSecret;
}

/** The plaintexts of the stack config values the pack reads that `secretKeys` marks secret. */
export function stackConfigSecrets(config: StackConfigInput, secretKeys: readonly string[]): string[] {
  return [
    ...(secretKeys.includes(WORKLOADS_KEY) ? [...workloadNames(config.workloads), ...secretStrings(config.workloads)] : []),
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
