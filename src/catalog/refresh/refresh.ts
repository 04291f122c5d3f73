import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { CatalogError, compileCatalog } from "../compile";
import { importAwsOffer } from "../import/importAws";
import { importLitellm } from "../import/importLitellm";
import { CATALOG_FILES, openCatalogFile, renderCatalogFile } from "../import/yamlEdit";
import { applyOverlay, CatalogOverlay, overlaySchema } from "../overlay";
import type { Catalog, Source } from "../schema";
import { download, reason, RefreshError } from "./download";

export { RefreshError } from "./download";

/** LiteLLM's price table, the public copy. */
export const LITELLM_URL = "https://raw.githubusercontent.com/BerriAI/litellm/main/model_prices_and_context_window.json";
/** The AWS Price List offer file of AmazonEC2 for one region. */
export const awsOfferUrl = (region: string) => `https://pricing.us-east-1.amazonaws.com/offers/v1.0/aws/AmazonEC2/current/${region}/index.json`;

export interface RefreshOptions {
  /** The catalog YAML (src/catalog/data) the refresh starts from; it is copied, never edited. */
  dataDir: string;
  /** URL per source name (litellm, aws-<region>) replacing the public one. */
  urls?: Record<string, string>;
  /** EC2 regions to re-read (default: every region the catalog prices). */
  regions?: string[];
  /** Date for the prices (default: the offer files' publication dates, and `today` for LiteLLM). */
  asOf?: string;
  today: string;
  timeoutMs?: number;
}

export interface RefreshResult {
  overlay: CatalogOverlay;
  /** What was read, for the command's output. */
  lines: string[];
}

/** The names of the sources a refresh of `regions` reads. */
export function sourceNames(regions: string[]): string[] {
  return ["litellm", ...regions.map((r) => `aws-${r}`)];
}

/** The EC2 regions the catalog prices (SageMaker ml.* types are not in the EC2 offer). */
export function catalogRegions(catalog: Catalog): string[] {
  const regions = new Set<string>();
  for (const it of catalog.instances) if (!it.type.startsWith("ml.")) for (const r of Object.keys(it.onDemandUsdPerHour)) regions.add(r);
  return [...regions].sort();
}

/**
 * Downloads LiteLLM's price table and the EC2 offer file of each region, re-reads the prices of the catalog's
 * entries from them with the import-litellm / import-aws logic on a scratch copy of the catalog YAML, compiles
 * that copy (the same zod schemas and checks as the build), and returns an overlay holding the prices that came
 * from the new downloads. All or nothing: any source that cannot be downloaded or read, or a result that does not
 * compile, throws a RefreshError naming the source and why.
 */
export async function refreshCatalog(opts: RefreshOptions): Promise<RefreshResult> {
  let base: Catalog;
  try {
    base = compileCatalog(opts.dataDir);
  } catch (e) {
    throw new RefreshError("catalog", `the catalog in ${opts.dataDir} does not compile (${reason(e)})`);
  }
  const regions = opts.regions ?? catalogRegions(base);
  const names = sourceNames(regions);
  for (const name of Object.keys(opts.urls ?? {})) {
    if (!names.includes(name)) throw new RefreshError(name, `not a source of this refresh (sources: ${names.join(", ")})`);
  }
  const urlOf = (name: string) => opts.urls?.[name] ?? (name === "litellm" ? LITELLM_URL : awsOfferUrl(name.slice("aws-".length)));
  const timeoutMs = opts.timeoutMs ?? 600_000;

  const work = fs.mkdtempSync(path.join(os.tmpdir(), "gpu-breakeven-refresh-"));
  try {
    const downloads = path.join(work, "downloads");
    const scratch = path.join(work, "data");
    fs.mkdirSync(downloads);
    fs.mkdirSync(scratch);
    for (const f of CATALOG_FILES) fs.copyFileSync(path.join(opts.dataDir, f), path.join(scratch, f));

    const lines: string[] = [];
    const files = new Map<string, string>();
    for (const name of names) {
      const file = path.join(downloads, name === "litellm" ? "model_prices_and_context_window.json" : `AmazonEC2-${name.slice(4)}.json`);
      const bytes = await download(name, urlOf(name), file, timeoutMs);
      files.set(name, file);
      lines.push(`${name}: downloaded ${bytes} bytes from ${urlOf(name)}`);
    }

    // EC2 prices, one offer file per region.
    const instancesDoc = openCatalogFile(scratch, "instances.yaml");
    const awsSources = new Map<string, string[]>();
    for (const region of regions) {
      const name = `aws-${region}`;
      let summary;
      try {
        summary = importAwsOffer(instancesDoc, files.get(name)!, { asOf: opts.asOf, today: opts.today });
      } catch (e) {
        throw new RefreshError(name, `not a usable AmazonEC2 offer file (${reason(e)})`);
      }
      if (summary.updated.length === 0) {
        throw new RefreshError(name, `the file changed shape or is for another region: it prices none of the catalog's EC2 types ` +
          `(${summary.productsRead} products read)`);
      }
      awsSources.set(summary.sourceId, [...(awsSources.get(summary.sourceId) ?? []), urlOf(name)]);
      lines.push(`${name}: ${summary.updated.length} instance types re-priced (source ${summary.sourceId})`);
    }

    // Managed-model prices.
    const litellmFile = files.get("litellm")!;
    checkLitellmShape(litellmFile);
    const modelsDoc = openCatalogFile(scratch, "models.yaml");
    let litellm;
    try {
      litellm = importLitellm(modelsDoc, litellmFile, { asOf: opts.asOf ?? opts.today });
    } catch (e) {
      throw new RefreshError("litellm", reason(e));
    }
    if (litellm.updated.length === 0) throw new RefreshError("litellm", "the file changed shape: it prices none of the catalog's models");
    lines.push(`litellm: ${litellm.updated.length} models re-read (${litellm.updated.filter((u) => u.changed).length} with new prices, ` +
      `${litellm.notFound.length} left as they were; source ${litellm.sourceId})`);

    fs.writeFileSync(path.join(scratch, "instances.yaml"), renderCatalogFile(instancesDoc));
    fs.writeFileSync(path.join(scratch, "models.yaml"), renderCatalogFile(modelsDoc));
    let next: Catalog;
    try {
      next = compileCatalog(scratch);
    } catch (e) {
      const first = e instanceof CatalogError ? e.message.split("\n")[0] : reason(e);
      throw new RefreshError("catalog", `the refreshed catalog does not validate, so nothing was written: ${first}`);
    }

    const refs = new Map<string, string[]>([...awsSources, [litellm.sourceId, [urlOf("litellm")]]]);
    const overlay = overlayOf(base, next, refs, opts.today);
    const checked = overlaySchema.safeParse(overlay);
    if (!checked.success) throw new RefreshError("catalog", `the overlay does not validate: ${checked.error.issues[0].message}`);
    try {
      applyOverlay(base, checked.data);
    } catch (e) {
      throw new RefreshError("catalog", `the overlay does not apply to the catalog: ${reason(e).split("\n")[0]}`);
    }
    return { overlay: checked.data, lines };
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

/** Refuses a LiteLLM file whose shape changed: not an object of entries, or no entry with per-token prices. */
function checkLitellmShape(file: string): void {
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (e) {
    throw new RefreshError("litellm", `not valid JSON (${reason(e)})`);
  }
  if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) {
    throw new RefreshError("litellm", "the file changed shape: not an object keyed by model");
  }
  const entries = Object.values(parsed as Record<string, unknown>).filter((v) => v && typeof v === "object") as Record<string, unknown>[];
  const priced = entries.filter((v) => typeof v.input_cost_per_token === "number" && typeof v.output_cost_per_token === "number");
  if (priced.length === 0) {
    const keys = [...new Set(entries.flatMap((v) => Object.keys(v)))].slice(0, 6).join(", ");
    throw new RefreshError("litellm", `the file changed shape: no entry has input_cost_per_token and output_cost_per_token (fields seen: ${keys || "none"})`);
  }
}

/** The prices of `next` that cite one of the new sources, as an overlay on `base`. */
function overlayOf(base: Catalog, next: Catalog, refs: Map<string, string[]>, today: string): CatalogOverlay {
  const sources: Record<string, Source> = {};
  for (const [id, urls] of refs) {
    const s = next.sources[id];
    if (!s) continue;
    sources[id] = { ...s, reference: `${urls.join(", ")} (downloaded by gpu-breakeven catalog refresh on ${today})`, publisher: s.publisher ?? (id.startsWith("aws-") ? "provider" : "aggregator") };
  }
  const fresh = (id: string) => Object.prototype.hasOwnProperty.call(sources, id);
  const instances: CatalogOverlay["instances"] = [];
  for (const it of next.instances) {
    const bySource = new Map<string, Record<string, number>>();
    for (const [region, usd] of Object.entries(it.onDemandUsdPerHour)) {
      const s = it.priceSources?.[region] ?? it.source;
      if (!fresh(s)) continue;
      bySource.set(s, { ...(bySource.get(s) ?? {}), [region]: usd });
    }
    for (const [source, prices] of bySource) instances.push({ type: it.type, onDemandUsdPerHour: prices, source });
  }
  const models: CatalogOverlay["models"] = [];
  for (const m of next.models) {
    if (!fresh(m.source) || m.periods) continue;
    models.push({
      id: m.id,
      inputUsdPerMillion: m.inputUsdPerMillion,
      outputUsdPerMillion: m.outputUsdPerMillion,
      ...(m.cachedInputUsdPerMillion !== undefined && m.cachedInputSource === undefined ? { cachedInputUsdPerMillion: m.cachedInputUsdPerMillion } : {}),
      source: m.source,
    });
  }
  const dates = Object.values(sources).map((s) => s.asOf).sort();
  return {
    kind: "gpu-breakeven-catalog-overlay",
    version: 1,
    asOf: dates[dates.length - 1] ?? today,
    baseAsOf: base.asOf,
    generatedAt: new Date().toISOString(),
    sources,
    instances,
    models,
  };
}
