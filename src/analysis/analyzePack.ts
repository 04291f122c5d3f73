import { resolveAssumptions } from "../assumptions/resolve";
import type { Catalog } from "../catalog/schema";
import { catalogFreshConfigZod } from "../assumptions/catalogFreshConfig";
import type { ResourceLike } from "../resources/types";
import { closest } from "../text/closest";
import { analyzeStack, StackConfigInput } from "./analyzeStack";
import type { Finding } from "./findings";
import { ASSUMPTION_POLICIES } from "./registry";
import type { StackAnalysis } from "./types";

/** Everything one AnalyzeStack call gives the pack, as plain data. */
export interface PackInput {
  resources: ResourceLike[];
  stackConfig: StackConfigInput;
  /** Each policy's config as the user set it (no defaults filled in), by policy name. */
  policyConfig: Record<string, Record<string, unknown>>;
  catalog: Catalog;
  /** The analysis date: catalog-fresh measures the catalog's age against it. */
  now: Date;
  /** Plaintexts of the request's secret values (the stack config's are in stackConfig.secrets). */
  secrets?: string[];
}

const DAY_MS = 86_400_000;

/** Whole days from the catalog date `asOf` (YYYY-MM-DD, UTC) to `now`. */
export function catalogAgeDays(asOf: string, now: Date): number {
  return Math.floor((now.getTime() - Date.parse(`${asOf}T00:00:00Z`)) / DAY_MS);
}

/**
 * The whole pack's analysis of one stack: the policy config (assumptions set once, catalog-fresh's limit),
 * the stack analysis, and catalog-fresh. Never throws: an internal error is a pack-health finding.
 */
export function analyzePack(input: PackInput): StackAnalysis {
  const secrets = [...(input.secrets ?? []), ...(input.stackConfig.secrets ?? [])];
  return { ...analyzeAll(input), secrets };
}

function analyzeAll(input: PackInput): StackAnalysis {
  const configFindings: Finding[] = [];
  const settings = ASSUMPTION_POLICIES.map((policy) => ({ policy, config: input.policyConfig[policy] ?? {} }));
  const resolved = resolveAssumptions(settings);
  for (const p of resolved.problems) configFindings.push({ policy: "pack-health", fact: { kind: "policy-config-invalid", ...p } });
  for (const c of resolved.conflicts) configFindings.push({ policy: "pack-health", fact: { kind: "assumption-conflict", ...c } });
  const fresh = catalogFreshConfig(input.policyConfig["catalog-fresh"] ?? {}, configFindings);
  let analysis: StackAnalysis;
  try {
    analysis = analyzeStack(input.resources, input.stackConfig, resolved.assumptions, input.catalog, input.now);
  } catch (e) {
    analysis = { assumptions: resolved.assumptions, catalogAsOf: input.catalog.asOf, workloads: [], findings: [internalError(e)] };
    return { ...analysis, findings: [...configFindings, ...analysis.findings] };
  }
  const stale = judgesCost(input, analysis) ? staleCatalog(input.catalog.asOf, input.now, fresh.maxAgeDays) : [];
  return { ...analysis, findings: [...configFindings, ...analysis.findings, ...stale] };
}

/** A finding for an error the pack did not expect: reported under pack-health, never lost. */
export function internalError(error: unknown): Finding {
  const detail = error instanceof Error ? error.message : String(error);
  return { policy: "pack-health", fact: { kind: "internal-error", detail } };
}

/** catalog-fresh's own config (maxAgeDays), its default applied here; a bad value is a pack-health finding. */
function catalogFreshConfig(raw: Record<string, unknown>, findings: Finding[]): { maxAgeDays: number } {
  const parsed = catalogFreshConfigZod.safeParse(raw);
  if (parsed.success) return parsed.data;
  for (const issue of parsed.error.issues) {
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) {
        findings.push({ policy: "pack-health", fact: { kind: "policy-config-invalid", key: `catalog-fresh.${key}`, problem: "is not a catalog-fresh setting", guess: closest(key, ["maxAgeDays"]) } });
      }
      continue;
    }
    findings.push({ policy: "pack-health", fact: { kind: "policy-config-invalid", key: ["catalog-fresh", ...issue.path.map(String)].join("."), problem: issue.message } });
  }
  return catalogFreshConfigZod.parse({});
}

/** Whether the pack prices anything in this stack (a declaration or GPU capacity): only then does the catalog's age matter. */
function judgesCost(input: PackInput, analysis: StackAnalysis): boolean {
  const c = input.stackConfig;
  return c.workloads !== undefined || c.workloadsUnreadable === true || (analysis.gpuResources ?? 0) > 0;
}

/** catalog-fresh: always advisory (stale data never blocks a deployment). */
function staleCatalog(asOf: string, now: Date, maxAgeDays: number): Finding[] {
  const ageDays = catalogAgeDays(asOf, now);
  if (ageDays <= maxAgeDays) return [];
  return [{ policy: "catalog-fresh", level: "advisory", fact: { kind: "catalog-stale", asOf, today: now.toISOString().slice(0, 10), ageDays, maxAgeDays } }];
}

