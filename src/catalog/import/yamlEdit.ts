import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { Document, isMap, isSeq, parseDocument, YAMLMap, YAMLSeq } from "yaml";
import { CatalogError, compileCatalog } from "../compile";

export const CATALOG_FILES = ["instances.yaml", "accelerators.yaml", "models.yaml"] as const;
export type CatalogFileName = (typeof CATALOG_FILES)[number];

/**
 * The folder with the catalog's YAML sources: src/catalog/data of this checkout, found from the running
 * module (src/catalog/import under tsx, dist/ once bundled). The YAML is source data: after an import,
 * `npm run build` compiles it into the catalog the pack and the CLI load.
 */
export function findCatalogDataDir(from: string = __dirname): string | undefined {
  let dir = path.resolve(from);
  for (;;) {
    for (const candidate of [path.join(dir, "data"), path.join(dir, "src", "catalog", "data")]) {
      if (fs.existsSync(path.join(candidate, "instances.yaml")) && fs.existsSync(path.join(candidate, "models.yaml"))) return candidate;
    }
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** A catalog YAML file opened for editing with its comments and layout kept. */
export function openCatalogFile(dataDir: string, name: CatalogFileName): Document {
  const file = path.join(dataDir, name);
  const doc = parseDocument(fs.readFileSync(file, "utf8"));
  if (doc.errors.length > 0) throw new Error(`${file}: ${doc.errors[0].message}`);
  return doc;
}

/** The document's text as the catalog files are written: flow maps stay on one line, however long. */
export function renderCatalogFile(doc: Document): string {
  return doc.toString({ lineWidth: 0 });
}

/** The items of a top-level sequence (instances, models) as maps. */
export function entries(doc: Document, key: string): YAMLMap[] {
  const seq = doc.get(key);
  if (!isSeq(seq)) throw new Error(`the file has no ${key} list`);
  return (seq as YAMLSeq).items.filter((i): i is YAMLMap => isMap(i));
}

/** Adds or replaces a source under `sources`. */
export function setSource(doc: Document, id: string, source: { title: string; reference: string; asOf: string }): void {
  const sources = doc.get("sources");
  if (!isMap(sources)) throw new Error("the file has no sources map");
  (sources as YAMLMap).set(id, doc.createNode(source));
}

/** Removes sources that were cited before an edit and no longer are (sources never cited, like spec references, stay). */
export function pruneSources(doc: Document, citedBefore: Set<string>, citedAfter: Set<string>): string[] {
  const sources = doc.get("sources") as YAMLMap;
  const removed: string[] = [];
  for (const id of citedBefore) {
    if (!citedAfter.has(id) && sources.has(id)) {
      sources.delete(id);
      removed.push(id);
    }
  }
  return removed;
}

/**
 * Every source id the file's entries cite: `source` fields and `*Source` fields at any depth (price periods,
 * aggregator figures, long-context tiers, cachedInputSource), and instances' per-region priceSources.
 */
export function citedSources(doc: Document): Set<string> {
  const cited = new Set<string>();
  const walk = (node: unknown): void => {
    if (isSeq(node)) {
      for (const item of (node as YAMLSeq).items) walk(item);
      return;
    }
    if (!isMap(node)) return;
    for (const pair of (node as YAMLMap).items) {
      const key = String((pair.key as { value?: unknown })?.value ?? pair.key);
      const value = pair.value as { value?: unknown } | null;
      const scalar = value && typeof value === "object" && "value" in value ? value.value : undefined;
      if ((key === "source" || key.endsWith("Source")) && typeof scalar === "string") cited.add(scalar);
      else if (key === "priceSources" && isMap(value)) {
        for (const p of (value as YAMLMap).items) cited.add(String((p.value as { value?: unknown })?.value ?? p.value));
      } else walk(value);
    }
  };
  for (const key of ["instances", "regionMultipliers", "notOffered", "spotDiscounts", "commitmentDiscounts", "accelerators", "models"]) {
    walk(doc.get(key));
  }
  return cited;
}

/**
 * Records an import in the comment at the top of the file: one line per importer, replaced on the next run,
 * so the header says which figures no longer come from the sources it describes.
 */
export function noteImport(doc: Document, marker: string, line: string): void {
  const contents = doc.contents as YAMLMap;
  const first = contents.items[0]?.key as { commentBefore?: string | null } | undefined;
  if (!first) return;
  const lines = (first.commentBefore ?? "").split("\n").filter((l) => l.length > 0 && !l.startsWith(` ${marker}`));
  lines.push(` ${marker} ${line}`);
  first.commentBefore = lines.join("\n");
}

/**
 * Compiles the catalog as it would be with `name` replaced by `text`, in a scratch copy, so an import that
 * would break the catalog is refused before anything is written. Returns the problems, or [] when it compiles.
 */
export function validateReplacement(dataDir: string, name: CatalogFileName, text: string): string[] {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "gpu-breakeven-import-"));
  try {
    for (const f of CATALOG_FILES) fs.writeFileSync(path.join(scratch, f), f === name ? text : fs.readFileSync(path.join(dataDir, f), "utf8"));
    compileCatalog(scratch);
    return [];
  } catch (e) {
    if (e instanceof CatalogError) return e.message.split("\n");
    throw e;
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

/** A price rounded to 10 significant digits: 5e-6 × 1e6 is 5, not 5.000000000000001. */
export function tidy(n: number): number {
  return Number(n.toPrecision(10));
}

/** Today's date, YYYY-MM-DD (UTC). */
export function today(): string {
  return new Date().toISOString().slice(0, 10);
}
