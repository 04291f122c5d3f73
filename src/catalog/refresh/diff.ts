import * as fs from "fs";
import { compileCatalog } from "../compile";
import { applyOverlay, overlayFrom } from "../overlay";
import { Catalog, catalogSchema } from "../schema";

export interface PriceChange {
  /** "instance g6e.xlarge us-east-1" or "model openai/gpt-4.1 input". */
  what: string;
  unit: string;
  old: number;
  new: number;
  /** (new − old) ÷ old × 100, rounded to 0.1. */
  percent: number;
}

export interface CatalogDiff {
  oldAsOf: string;
  newAsOf: string;
  changed: PriceChange[];
  added: string[];
  removed: string[];
}

/**
 * A catalog from a path: a folder of catalog YAML (compiled), a compiled catalog JSON, or an overlay JSON (applied
 * to `base`, the shipped catalog unless given).
 */
export function loadCatalogFrom(file: string, base: () => Catalog): Catalog {
  if (fs.statSync(file).isDirectory()) return compileCatalog(file);
  const raw = JSON.parse(fs.readFileSync(file, "utf8")) as { kind?: unknown };
  if (raw && raw.kind === "gpu-breakeven-catalog-overlay") return applyOverlay(base(), overlayFrom(raw, file)).catalog;
  const parsed = catalogSchema.safeParse(raw);
  if (!parsed.success) throw new Error(`${file} is neither a catalog nor a catalog overlay: ${parsed.error.issues[0].path.join(".")} ${parsed.error.issues[0].message}`);
  return parsed.data;
}

const pct = (a: number, b: number) => Math.round(((b - a) / a) * 1000) / 10;

/** The prices that changed between two catalogs, and the entries (instance types, models, regions) added or removed. */
export function diffCatalogs(a: Catalog, b: Catalog): CatalogDiff {
  const diff: CatalogDiff = { oldAsOf: a.asOf, newAsOf: b.asOf, changed: [], added: [], removed: [] };
  const change = (what: string, unit: string, x: number | undefined, y: number | undefined) => {
    if (x === undefined && y === undefined) return;
    if (x === undefined) diff.added.push(`${what} ${unit} ${y}`);
    else if (y === undefined) diff.removed.push(`${what} ${unit} ${x}`);
    else if (x !== y) diff.changed.push({ what, unit, old: x, new: y, percent: pct(x, y) });
  };
  matchEntries(diff, "instance", a.instances, b.instances, (i) => i.type, (type, o, n) => {
    const regions = [...new Set([...Object.keys(o.onDemandUsdPerHour), ...Object.keys(n.onDemandUsdPerHour)])].sort();
    for (const r of regions) change(`instance ${type} ${r}`, "$/hour", o.onDemandUsdPerHour[r], n.onDemandUsdPerHour[r]);
  });
  matchEntries(diff, "model", a.models, b.models, (m) => m.id, (id, o, n) => {
    change(`model ${id} input`, "$/M tokens", o.inputUsdPerMillion, n.inputUsdPerMillion);
    change(`model ${id} output`, "$/M tokens", o.outputUsdPerMillion, n.outputUsdPerMillion);
    change(`model ${id} cached input`, "$/M tokens", o.cachedInputUsdPerMillion, n.cachedInputUsdPerMillion);
  });
  return diff;
}

/**
 * Pairs the entries of two lists by key, in the old list's order: `both` compares an entry in both lists, one only
 * in the old list is removed, one only in the new list added ("<kind> <key>").
 */
function matchEntries<T>(diff: CatalogDiff, kind: string, olds: T[], news: T[], key: (e: T) => string, both: (key: string, o: T, n: T) => void): void {
  const oldByKey = new Map(olds.map((e) => [key(e), e]));
  const newByKey = new Map(news.map((e) => [key(e), e]));
  for (const [k, o] of oldByKey) {
    const n = newByKey.get(k);
    if (n) both(k, o, n);
    else diff.removed.push(`${kind} ${k}`);
  }
  for (const k of newByKey.keys()) if (!oldByKey.has(k)) diff.added.push(`${kind} ${k}`);
}

/** The diff as Markdown-friendly text (the refresh workflow uses it as a pull request's body). */
export function renderDiff(d: CatalogDiff): string {
  const out = [`Catalog ${d.oldAsOf} → ${d.newAsOf}: ${d.changed.length} prices changed, ${d.added.length} added, ${d.removed.length} removed.`];
  const sign = (p: number) => (p > 0 ? `+${p}%` : `${p}%`);
  if (d.changed.length > 0) {
    out.push("", "Changed:");
    for (const c of d.changed) out.push(`- ${c.what}: ${c.old} → ${c.new} ${c.unit} (${sign(c.percent)})`);
  }
  if (d.added.length > 0) out.push("", "Added:", ...d.added.map((x) => `- ${x}`));
  if (d.removed.length > 0) out.push("", "Removed:", ...d.removed.map((x) => `- ${x}`));
  return out.join("\n");
}
