import { AsyncLocalStorage } from "async_hooks";
import type { StackAnalysis } from "../analysis/types";
import type { Finding } from "../analysis/findings";
import type { PolicyLevel } from "../analysis/registry";
import type { SecretIndex } from "../resources/secret";
import { NO_REQUEST_SECRETS, RequestSecrets } from "./secrets";

/** One policy's config as the engine's Configure call carried it: its level and the properties the user set. */
export interface EnginePolicyConfig {
  level: PolicyLevel;
  properties: Record<string, unknown>;
}

/** What the stack policies of one AnalyzeStack call share: the analysis, and what went wrong while reporting it. */
export interface CallScope {
  analysis?: StackAnalysis;
  /** Internal errors met while a policy reported; pack-health reports them. */
  late: Finding[];
  /** The plaintexts of the values the request marks secret: used, never shown. */
  secrets: string[];
  /** Where the request marks each resource's properties secret, by URN: the readers flag what they read there. */
  secretPaths: SecretIndex;
}

/** The level a policy runs at for an enforcement level the engine sends: remediate is mandatory for a stack policy. */
export function packLevel(level: string): PolicyLevel {
  return level === "mandatory" || level === "remediate" ? "mandatory" : level === "disabled" ? "disabled" : "advisory";
}

let engineConfig: Record<string, EnginePolicyConfig> | undefined;
const calls = new AsyncLocalStorage<CallScope>();

/** Keeps the policy config of the engine's Configure call: every policy's level and properties. */
export function recordEngineConfig(config: Record<string, EnginePolicyConfig>): void {
  engineConfig = config;
}

/** The policy config the engine configured the pack with, if a Configure call was seen. */
export function recordedEngineConfig(): Record<string, EnginePolicyConfig> | undefined {
  return engineConfig;
}

/**
 * Runs `handle` (one AnalyzeStack call) in its own scope: its policies share one analysis, and a concurrent call
 * gets its own. The scope follows the call through every await.
 */
export function inAnalyzeStackCall<T>(handle: () => T, secrets: RequestSecrets = NO_REQUEST_SECRETS): T {
  return calls.run({ late: [], secrets: secrets.strings, secretPaths: secrets.paths }, handle);
}

/** The scope of the AnalyzeStack call in progress, if the call runs in one. */
export function currentCall(): CallScope | undefined {
  return calls.getStore();
}
