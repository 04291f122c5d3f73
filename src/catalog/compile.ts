import { familyOf } from "../text/awsNames";
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
    spotDiscounts: instancesFile.spotDiscounts,
    commitmentDiscounts: instancesFile.commitmentDiscounts,
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
  const families = new Set<string>();
  for (const it of catalog.instances) {
    if (seen.has(it.type)) problems.push(`instances.yaml: ${it.type} is listed twice`);
    seen.add(it.type);
    families.add(familyOf(it.type));
    if (!acceleratorIds.has(it.accelerator)) {
      problems.push(`instances.yaml: ${it.type}: accelerator "${it.accelerator}" is not in accelerators.yaml`);
    }
    cite("instances.yaml", it.type, it.source);
    for (const [region, source] of Object.entries(it.priceSources ?? {})) {
      cite("instances.yaml", `${it.type} priceSources.${region}`, source);
      if (!Object.prototype.hasOwnProperty.call(it.onDemandUsdPerHour, region)) {
        problems.push(`instances.yaml: ${it.type}: priceSources names ${region}, which has no price`);
      }
    }
  }
  const multiplierKeys = new Set<string>();
  for (const m of catalog.regionMultipliers) {
    cite("instances.yaml", `regionMultipliers ${m.region}`, m.source);
    for (const family of m.families) {
      const key = `${family}@${m.region}`;
      if (multiplierKeys.has(key)) problems.push(`instances.yaml: regionMultipliers: ${family} in ${m.region} is listed twice`);
      multiplierKeys.add(key);
      if (!families.has(family)) problems.push(`instances.yaml: regionMultipliers ${m.region}: no instance type of family ${family}`);
    }
    if (m.estimate && !m.note) problems.push(`instances.yaml: regionMultipliers ${m.region} ${m.families.join(",")}: an estimated multiplier needs a note saying why`);
  }
  const spotFamilies = new Set<string>();
  for (const s of catalog.spotDiscounts) {
    cite("instances.yaml", `spotDiscounts ${s.families.join(",")}`, s.source);
    for (const family of s.families) {
      if (spotFamilies.has(family)) problems.push(`instances.yaml: spotDiscounts: ${family} is listed twice`);
      spotFamilies.add(family);
      if (!families.has(family)) problems.push(`instances.yaml: spotDiscounts: no instance type of family ${family}`);
    }
    const [low, high] = s.range;
    if (low > high || s.discount < low || s.discount > high) {
      problems.push(`instances.yaml: spotDiscounts ${s.families.join(",")}: discount ${s.discount} is outside its range ${low}–${high}`);
    }
  }
  const commitments = new Set<string>();
  for (const c of catalog.commitmentDiscounts) {
    const key = `${c.kind} ${c.termYears}-yr`;
    cite("instances.yaml", `commitmentDiscounts ${key}`, c.source);
    if (commitments.has(key)) problems.push(`instances.yaml: commitmentDiscounts: ${key} is listed twice`);
    commitments.add(key);
  }
  // PriceBook.commitmentDiscount answers every kind and term, so the catalog must carry all four.
  for (const kind of ["savings-plan", "reserved"]) {
    for (const term of [1, 3]) {
      if (!commitments.has(`${kind} ${term}-yr`)) problems.push(`instances.yaml: commitmentDiscounts: ${kind} ${term}-yr is missing`);
    }
  }
  const names = new Map<string, string>();
  for (const a of catalog.accelerators) {
    cite("accelerators.yaml", a.id, a.source);
    problems.push(...checkBandwidth(catalog, a, cite));
    for (const name of [a.id, ...a.aliases]) {
      const owner = names.get(name);
      if (owner !== undefined) problems.push(`accelerators.yaml: ${a.id}: the name "${name}" already names ${owner}`);
      names.set(name, a.id);
    }
  }
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

/** An accelerator's memory bandwidth: its sources resolve, an estimate says why, each memory variant is used. */
function checkBandwidth(catalog: Catalog, a: Catalog["accelerators"][number], cite: (file: string, key: string, source: string) => void): string[] {
  const problems: string[] = [];
  if (a.bandwidthSource !== undefined) cite("accelerators.yaml", `${a.id} bandwidthSource`, a.bandwidthSource);
  if (a.bandwidthEstimate && !a.bandwidthNote) {
    problems.push(`accelerators.yaml: ${a.id}: an estimated memoryBandwidthGBps needs a bandwidthNote saying how it was derived`);
  }
  const sizes = new Set<number>();
  for (const v of a.memoryVariants ?? []) {
    const key = `${a.id} memoryVariants ${v.memoryGiB} GiB`;
    if (v.bandwidthSource !== undefined) cite("accelerators.yaml", key, v.bandwidthSource);
    if (sizes.has(v.memoryGiB)) problems.push(`accelerators.yaml: ${key} is listed twice`);
    sizes.add(v.memoryGiB);
    const used = catalog.instances.some((it) => it.accelerator === a.id && it.acceleratorMemoryGiB === v.memoryGiB);
    if (!used) problems.push(`accelerators.yaml: ${key}: no instance type in instances.yaml has ${a.id} with ${v.memoryGiB} GiB`);
  }
  return problems;
}


function newestDate(catalog: Catalog): string {
  const dates = [
    ...catalog.instances, ...catalog.accelerators, ...catalog.models, ...catalog.regionMultipliers,
    ...catalog.spotDiscounts, ...catalog.commitmentDiscounts,
  ].map((e) => e.asOf);
  // A price imported for one region carries its source's date.
  for (const it of catalog.instances) {
    for (const source of Object.values(it.priceSources ?? {})) {
      const asOf = catalog.sources[source]?.asOf;
      if (asOf) dates.push(asOf);
    }
  }
  return dates.reduce((a, b) => (a > b ? a : b));
}
