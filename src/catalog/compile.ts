import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { z } from "zod";
import {
  acceleratorsFileSchema,
  Catalog,
  catalogSchema,
  instancesFileSchema,
  modelsFileSchema,
} from "./schema";

/** The folder that holds the catalog's YAML sources. */
export const catalogDataDir = path.join(__dirname, "data");

/** Thrown when a catalog file is malformed; the message lists every problem with its file and path. */
export class CatalogError extends Error {}

/** Reads, validates and merges the catalog YAML files in `dir` into one catalog. Throws CatalogError. */
export function compileCatalog(dir: string = catalogDataDir): Catalog {
  const problems: string[] = [];
  const instancesFile = readFile(dir, "instances.yaml", instancesFileSchema, problems);
  const acceleratorsFile = readFile(dir, "accelerators.yaml", acceleratorsFileSchema, problems);
  const modelsFile = readFile(dir, "models.yaml", modelsFileSchema, problems);
  if (!instancesFile || !acceleratorsFile || !modelsFile) throw new CatalogError(problems.join("\n"));

  const catalog: Catalog = {
    asOf: "1970-01-01",
    sources: { ...instancesFile.sources, ...acceleratorsFile.sources, ...modelsFile.sources },
    instances: instancesFile.instances,
    regionMultipliers: instancesFile.regionMultipliers,
    accelerators: acceleratorsFile.accelerators,
    models: modelsFile.models,
  };
  problems.push(...crossCheck(catalog));
  if (problems.length > 0) throw new CatalogError(problems.join("\n"));
  catalog.asOf = newestDate(catalog);
  return catalogSchema.parse(catalog);
}

function readFile<T extends z.ZodType>(dir: string, name: string, schema: T, problems: string[]): z.infer<T> | undefined {
  const file = path.join(dir, name);
  let raw: unknown;
  try {
    raw = parse(fs.readFileSync(file, "utf8"));
  } catch (e) {
    problems.push(`${name}: ${(e as Error).message}`);
    return undefined;
  }
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  for (const issue of result.error.issues) {
    problems.push(`${name}: ${describePath(raw, issue.path)} ${issue.message}`);
  }
  return undefined;
}

/** Names a path in a catalog file by the entry's own key (type or id) where it has one. */
function describePath(raw: unknown, issuePath: PropertyKey[]): string {
  const parts: string[] = [];
  let node: unknown = raw;
  for (const key of issuePath) {
    node = node && typeof node === "object" ? (node as Record<PropertyKey, unknown>)[key] : undefined;
    const label = node && typeof node === "object" ? ((node as { type?: unknown; id?: unknown }).type ?? (node as { id?: unknown }).id) : undefined;
    parts.push(typeof key === "number" && typeof label === "string" ? `[${label}]` : typeof key === "number" ? `[${key}]` : `.${String(key)}`);
  }
  return parts.join("").replace(/^\./, "") + ":";
}

/** Checks that cannot be expressed per entry: references, duplicates, implausible prices. */
function crossCheck(catalog: Catalog): string[] {
  const problems: string[] = [];
  const acceleratorIds = new Set(catalog.accelerators.map((a) => a.id));
  const seen = new Set<string>();
  const cite = (file: string, key: string, source: string) => {
    if (!catalog.sources[source]) problems.push(`${file}: ${key}: source "${source}" is not listed under sources`);
  };
  for (const it of catalog.instances) {
    if (seen.has(it.type)) problems.push(`instances.yaml: ${it.type} is listed twice`);
    seen.add(it.type);
    if (!acceleratorIds.has(it.accelerator)) {
      problems.push(`instances.yaml: ${it.type}: accelerator "${it.accelerator}" is not in accelerators.yaml`);
    }
    cite("instances.yaml", it.type, it.source);
  }
  for (const m of catalog.regionMultipliers) cite("instances.yaml", `regionMultipliers ${m.region}`, m.source);
  for (const a of catalog.accelerators) cite("accelerators.yaml", a.id, a.source);
  const modelIds = new Set<string>();
  for (const m of catalog.models) {
    if (modelIds.has(m.id)) problems.push(`models.yaml: ${m.id} is listed twice`);
    modelIds.add(m.id);
    cite("models.yaml", m.id, m.source);
    if (m.outputUsdPerMillion < m.inputUsdPerMillion / 10 && !m.note) {
      problems.push(`models.yaml: ${m.id}: output price is below a tenth of the input price; add a note if that is right`);
    }
    if (m.cachedInputUsdPerMillion !== undefined && m.cachedInputUsdPerMillion > m.inputUsdPerMillion) {
      problems.push(`models.yaml: ${m.id}: cached input price is above the input price`);
    }
  }
  return problems;
}

function newestDate(catalog: Catalog): string {
  const dates = [...catalog.instances, ...catalog.accelerators, ...catalog.models, ...catalog.regionMultipliers].map((e) => e.asOf);
  return dates.reduce((a, b) => (a > b ? a : b));
}
