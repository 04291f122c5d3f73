import { resolveAssumptions } from "../assumptions/resolve";
import type { Assumptions } from "../assumptions/schema";
import { catalogWithOverlay, CatalogLoad, OVERLAY_ENV } from "../catalog/load";
import { isoDay, PriceBook } from "../catalog/prices";
import type { Catalog } from "../catalog/schema";
import { CatalogFreshConfig, catalogFreshConfigZod } from "../assumptions/catalogFreshConfig";
import type { SecretIndex } from "../resources/secret";
import type { ResourceLike } from "../resources/types";
import { closest } from "../text/closest";
import { analyzeStack, StackConfigInput } from "./analyzeStack";
import type { Finding } from "./findings";
import { FreshnessLimits, freshnessLimits, pricesUsed, staleSources } from "./freshness";
import { ASSUMPTION_POLICIES } from "./registry";
import type { StackAnalysis } from "./types";

/** Everything one AnalyzeStack call gives the pack, as plain data. */
export interface PackInput {
  resources: ResourceLike[];
  stackConfig: StackConfigInput;
  /** Each policy's config as the user set it (no defaults filled in), by policy name. */
  policyConfig: Record<string, Record<string, unknown>>;
  /** The catalog before any overlay (the pack's: the compiled one). */
  catalog: Catalog;
  /**
   * GPU_BREAKEVEN_CATALOG_OVERLAY as the pack's environment sets it: the overlay applied to `catalog`, which wins
   * over the policy config's catalogOverlay.
   */
  overlayEnv?: string;
  /** The analysis date: catalog-fresh measures each price source's age against it. */
  now: Date;
  /** Plaintexts of the request's secret values (the stack config's are in stackConfig.secrets). */
  secrets?: string[];
  /** Where the request marks each resource's properties secret, by URN (src/policies/secrets.ts). */
  secretPaths?: SecretIndex;
}

export { catalogAgeDays } from "./freshness";

/**
 * The whole pack's analysis of one stack: the policy config (assumptions set once, catalog-fresh's limits), the
 * catalog overlay asked for, the stack analysis, and catalog-fresh. Never throws: an internal error, like an overlay
 * that cannot be used, is a pack-health finding.
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
  const limits = freshnessLimits(catalogFreshConfig(input.policyConfig["catalog-fresh"] ?? {}, configFindings));
  const loaded = withOverlay(input, resolved.assumptions);
  const catalog = loaded.catalog;
  if (loaded.problem) {
    const { path, setBy, problem } = loaded.problem;
    configFindings.push({ policy: "pack-health", fact: { kind: "catalog-overlay-unusable", path, setBy, problem, catalogAsOf: catalog.asOf } });
  }
  let analysis: StackAnalysis;
  try {
    analysis = analyzeStack(input.resources, input.stackConfig, resolved.assumptions, catalog, input.now, input.secretPaths);
  } catch (e) {
    return { assumptions: resolved.assumptions, catalogAsOf: catalog.asOf, workloads: [], findings: [...configFindings, internalError(e)] };
  }
  const stale = judgesCost(input, analysis) ? staleCatalog(analysis, catalog, input.now, limits, loaded.overlay) : [];
  return { ...analysis, findings: [...configFindings, ...analysis.findings, ...stale] };
}

/**
 * The catalog the analysis prices with: `input.catalog` with the overlay GPU_BREAKEVEN_CATALOG_OVERLAY names, else
 * the one the policy config's catalogOverlay names (set under whichever cost policy), applied. An overlay asked
 * for that cannot be used comes back as `problem`, with the catalog unchanged.
 */
function withOverlay(input: PackInput, assumptions: Assumptions): CatalogLoad {
  if (input.overlayEnv) return catalogWithOverlay(input.catalog, { file: input.overlayEnv, setBy: OVERLAY_ENV });
  if (assumptions.catalogOverlay === undefined) return { catalog: input.catalog };
  const policy = ASSUMPTION_POLICIES.find((p) => input.policyConfig[p]?.catalogOverlay !== undefined) ?? ASSUMPTION_POLICIES[0];
  return catalogWithOverlay(input.catalog, { file: assumptions.catalogOverlay, setBy: `policy config ${policy}.catalogOverlay` });
}

/** A finding for an error the pack did not expect: reported under pack-health, never lost. */
export function internalError(error: unknown): Finding {
  const detail = error instanceof Error ? error.message : String(error);
  return { policy: "pack-health", fact: { kind: "internal-error", detail } };
}

const FRESH_KEYS = Object.keys(catalogFreshConfigZod.shape);

/**
 * catalog-fresh's own config (the age limits). A bad key is a pack-health finding and is left out, so the valid
 * keys and the defaults still apply. An overlay path set here gets a did-you-mean to the cost assumption.
 */
function catalogFreshConfig(raw: Record<string, unknown>, findings: Finding[]): CatalogFreshConfig {
  const valid: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (!FRESH_KEYS.includes(key)) {
      const overlay = /overlay/i.test(key);
      const problem = overlay
        ? "is not a catalog-fresh setting: the overlay prices every cost policy, so its path is the cost assumption catalogOverlay"
        : "is not a catalog-fresh setting";
      const guess = overlay ? `${ASSUMPTION_POLICIES[0]}.catalogOverlay` : closest(key, FRESH_KEYS);
      findings.push({ policy: "pack-health", fact: { kind: "policy-config-invalid", key: `catalog-fresh.${key}`, problem, guess } });
      continue;
    }
    const checked = catalogFreshConfigZod.shape[key as keyof CatalogFreshConfig].safeParse(value);
    if (checked.success) {
      valid[key] = checked.data;
      continue;
    }
    for (const issue of checked.error.issues) {
      findings.push({ policy: "pack-health", fact: { kind: "policy-config-invalid", key: ["catalog-fresh", key, ...issue.path.map(String)].join("."), problem: issue.message } });
    }
  }
  return catalogFreshConfigZod.parse(valid);
}

/** Whether the pack prices anything in this stack (a declaration or GPU capacity): only then does the catalog's age matter. */
function judgesCost(input: PackInput, analysis: StackAnalysis): boolean {
  const c = input.stackConfig;
  return c.workloads !== undefined || c.workloadsUnreadable === true || (analysis.gpuResources ?? 0) > 0;
}

/**
 * catalog-fresh: each source the verdicts' prices cite, judged by its own date against its class's limit. Always
 * advisory (stale data never blocks a deployment).
 */
function staleCatalog(analysis: StackAnalysis, catalog: Catalog, now: Date, limits: FreshnessLimits, overlay: CatalogLoad["overlay"]): Finding[] {
  const book = new PriceBook(catalog, analysis.assumptions, now);
  const stale = staleSources(pricesUsed(analysis.workloads, book, analysis.assumptions.defaultManagedModel), limits, now);
  if (stale.length === 0) return [];
  const fact = { kind: "catalog-stale" as const, today: isoDay(now), stale, limits, ...(overlay ? { overlay: { path: overlay.path, setBy: overlay.setBy } } : {}) };
  return [{ policy: "catalog-fresh", level: "advisory", fact }];
}

