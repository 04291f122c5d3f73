import * as fs from "fs";
import { z } from "zod";
import { Catalog, catalogSchema, sourceSchema } from "./schema";

/**
 * A catalog overlay: a dated, validated set of newer prices for entries the catalog already has, written by
 * `gpu-breakeven catalog refresh` and loaded by the pack and the CLI when GPU_BREAKEVEN_CATALOG_OVERLAY or the
 * policy config's catalogOverlay names it. Overlay prices win over the shipped catalog's, and cite the overlay's sources and dates.
 */
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { error: "must be a date written YYYY-MM-DD" });
const price = z.number().positive();

export const overlayInstanceSchema = z.strictObject({
  type: z.string().min(1),
  /** Only the regions the refresh re-read. */
  onDemandUsdPerHour: z.record(z.string(), price),
  source: z.string().min(1),
});

export const overlayModelSchema = z.strictObject({
  id: z.string().min(1),
  inputUsdPerMillion: price,
  outputUsdPerMillion: price,
  cachedInputUsdPerMillion: price.optional(),
  source: z.string().min(1),
});

export const overlaySchema = z
  .strictObject({
    kind: z.literal("gpu-breakeven-catalog-overlay"),
    version: z.literal(1),
    asOf: isoDate,
    /** The catalog date the overlay was computed against. */
    baseAsOf: isoDate.optional(),
    generatedAt: z.string().optional(),
    sources: z.record(z.string(), sourceSchema),
    instances: z.array(overlayInstanceSchema),
    models: z.array(overlayModelSchema),
  })
  .superRefine((o, ctx) => {
    for (const e of [...o.instances, ...o.models]) {
      if (!o.sources[e.source]) ctx.addIssue({ code: "custom", message: `${"type" in e ? e.type : e.id}: source "${e.source}" is not listed under sources` });
    }
    for (const m of o.models) {
      if (m.cachedInputUsdPerMillion !== undefined && m.cachedInputUsdPerMillion > m.inputUsdPerMillion) {
        ctx.addIssue({ code: "custom", message: `${m.id}: cache-read price above the input price` });
      }
    }
  });

export type CatalogOverlay = z.infer<typeof overlaySchema>;

/** The environment variable naming an overlay file for the pack and the CLI (src/catalog/load.ts). */
export { OVERLAY_ENV } from "./load";

/** Reads and validates an overlay file. Throws an Error saying what is wrong. */
export function readOverlay(file: string): CatalogOverlay {
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (e) {
    throw new Error(`${file} is not readable JSON (${(e as Error).message})`);
  }
  return overlayFrom(raw, file);
}

/** An overlay file's parsed JSON, validated. Throws an Error naming `file` and what is wrong. */
export function overlayFrom(raw: unknown, file: string): CatalogOverlay {
  const checked = checkOverlay(raw);
  if ("problem" in checked) throw new Error(`${file} is not a catalog overlay: ${checked.problem}`);
  return checked.overlay;
}

/** Parsed JSON as an overlay, or the first thing wrong with it ("models.0.inputUsdPerMillion …", "(top) …"). */
export function checkOverlay(raw: unknown): { overlay: CatalogOverlay } | { problem: string } {
  const result = overlaySchema.safeParse(raw);
  if (result.success) return { overlay: result.data };
  const issue = result.error.issues[0];
  return { problem: `${issue.path.join(".") || "(top)"} ${issue.message}` };
}

/**
 * The catalog with the overlay's prices applied: an instance price replaces that region's, citing the overlay
 * source (as the entry's source when it re-prices us-east-1, else under priceSources); a model's prices are
 * replaced whole. Entries the catalog does not have, and models with price periods (kept by hand), are skipped
 * and named in `skipped`. The result is validated with the catalog's schema; throws when it does not validate.
 */
export function applyOverlay(base: Catalog, overlay: CatalogOverlay): { catalog: Catalog; skipped: string[] } {
  const catalog = structuredClone(base) as Catalog;
  const skipped: string[] = [];
  catalog.sources = { ...catalog.sources, ...overlay.sources };
  const sourceDate = (id: string) => catalog.sources[id]?.asOf ?? overlay.asOf;
  const instances = new Map(catalog.instances.map((i) => [i.type, i]));
  for (const o of overlay.instances) {
    const it = instances.get(o.type);
    if (!it) {
      skipped.push(`instance ${o.type}: not in the catalog`);
      continue;
    }
    const provenance = new Map<string, string>();
    for (const region of Object.keys(it.onDemandUsdPerHour)) provenance.set(region, it.priceSources?.[region] ?? it.source);
    for (const [region, usd] of Object.entries(o.onDemandUsdPerHour)) {
      it.onDemandUsdPerHour[region] = usd;
      provenance.set(region, o.source);
    }
    const primary = provenance.get("us-east-1") ?? it.source;
    if (primary !== it.source) {
      it.source = primary;
      it.asOf = sourceDate(primary);
    }
    const others = [...provenance].filter(([, s]) => s !== primary);
    if (others.length > 0) it.priceSources = Object.fromEntries(others);
    else delete it.priceSources;
  }
  const models = new Map(catalog.models.map((m) => [m.id, m]));
  for (const o of overlay.models) {
    const m = models.get(o.id);
    if (!m) {
      skipped.push(`model ${o.id}: not in the catalog`);
      continue;
    }
    if (m.periods) {
      skipped.push(`model ${o.id}: carries price periods, kept by hand`);
      continue;
    }
    m.inputUsdPerMillion = o.inputUsdPerMillion;
    m.outputUsdPerMillion = o.outputUsdPerMillion;
    if (m.cachedInputSource === undefined) {
      if (o.cachedInputUsdPerMillion !== undefined) m.cachedInputUsdPerMillion = o.cachedInputUsdPerMillion;
      else delete m.cachedInputUsdPerMillion;
    }
    if (m.cachedInputUsdPerMillion !== undefined && m.cachedInputUsdPerMillion > m.inputUsdPerMillion) delete m.cachedInputUsdPerMillion;
    m.source = o.source;
    m.asOf = sourceDate(o.source);
    delete m.aggregator;
  }
  if (overlay.asOf > catalog.asOf) catalog.asOf = overlay.asOf;
  return { catalog: catalogSchema.parse(catalog), skipped };
}
