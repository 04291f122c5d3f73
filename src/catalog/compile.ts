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
  ManagedModelEntry,
  ManagedModelFileEntry,
  ProcessingOffering,
  modelsFileSchema,
} from "./schema";
import { offeringFamily, periodInForce } from "./prices";

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
    notOffered: instancesFile.notOffered,
    spotDiscounts: instancesFile.spotDiscounts,
    commitmentDiscounts: instancesFile.commitmentDiscounts,
    accelerators: acceleratorsFile.accelerators,
    models: modelsFile.models.map((m) => withProviderProcessing(withCurrentPrice(m), modelsFile.providerProcessing)),
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
    if (it.type.startsWith("ml.")) families.add(`ml.${familyOf(it.type)}`);
    if (it.estimate && !it.note) problems.push(`instances.yaml: ${it.type}: an estimated price needs a note saying how it was derived`);
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
  problems.push(...checkNotOffered(catalog, families, cite));
  problems.push(...checkMultipliers(catalog, cite));
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
    problems.push(...checkModel(catalog, m, cite));
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
    ...catalog.notOffered, ...catalog.spotDiscounts, ...catalog.commitmentDiscounts,
  ].map((e) => e.asOf);
  // A price period's asOf is when it was read; its from/until are when it is in force, not a reading date.
  for (const m of catalog.models) for (const p of m.periods ?? []) if (p.asOf) dates.push(p.asOf);
  // A price imported for one region carries its source's date.
  for (const it of catalog.instances) {
    for (const source of Object.values(it.priceSources ?? {})) {
      const asOf = catalog.sources[source]?.asOf;
      if (asOf) dates.push(asOf);
    }
  }
  return dates.reduce((a, b) => (a > b ? a : b));
}

/**
 * The compiled form of a models.yaml entry: an entry with periods takes the prices of its latest period (the
 * one without `until`, else the one that starts last), so every reader of the catalog finds a price.
 */
function withCurrentPrice(m: ManagedModelFileEntry): ManagedModelEntry {
  if (!m.periods) return m as ManagedModelEntry;
  const latest = periodInForce(m.periods);
  const entry: ManagedModelEntry = { ...m, inputUsdPerMillion: latest.inputUsdPerMillion, outputUsdPerMillion: latest.outputUsdPerMillion };
  if (latest.cachedInputUsdPerMillion !== undefined) entry.cachedInputUsdPerMillion = latest.cachedInputUsdPerMillion;
  else delete entry.cachedInputUsdPerMillion;
  return entry;
}

/** A model's processing offerings: its provider's own (providerProcessing), then the model's. */
function withProviderProcessing(m: ManagedModelEntry, byProvider: Record<string, ProcessingOffering[]>): ManagedModelEntry {
  const offerings = [...(byProvider[m.id.split("/")[0]] ?? []), ...(m.processing ?? [])];
  return offerings.length > 0 ? { ...m, processing: offerings } : m;
}

/** The day after an ISO date, as an ISO date (UTC calendar arithmetic). */
export function nextDay(iso: string): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

type Cite = (file: string, key: string, source: string) => void;

/** A model's sources resolve; its prices are plausible; its periods follow one another; an aggregator's figure is explained. */
function checkModel(catalog: Catalog, m: Catalog["models"][number], cite: Cite): string[] {
  const problems: string[] = [];
  const where = `models.yaml: ${m.id}`;
  cite("models.yaml", m.id, m.source);
  if (m.cachedInputSource !== undefined) cite("models.yaml", `${m.id} cachedInputSource`, m.cachedInputSource);
  for (const [i, o] of (m.processing ?? []).entries()) cite("models.yaml", `${m.id} processing ${i + 1}`, o.source);
  const prices = [{ label: "", ...m }, ...(m.periods ?? []).map((p, i) => ({ label: ` period ${i + 1}`, ...p }))];
  for (const p of prices) {
    if (p.outputUsdPerMillion < p.inputUsdPerMillion / 10 && !m.note && !("note" in p && p.note)) {
      problems.push(`${where}:${p.label} output price is below a tenth of the input price; add a note if that is right`);
    }
    if (p.cachedInputUsdPerMillion !== undefined && p.cachedInputUsdPerMillion > p.inputUsdPerMillion) {
      problems.push(`${where}:${p.label} cached input price is above the input price`);
    }
  }
  const periods = m.periods ?? [];
  periods.forEach((p, i) => {
    if (p.source !== undefined) cite("models.yaml", `${m.id} period ${i + 1}`, p.source);
    if (p.from !== undefined && p.until !== undefined && p.from > p.until) problems.push(`${where}: period ${i + 1} ends (${p.until}) before it starts (${p.from})`);
    if (i > 0 && p.from === undefined) problems.push(`${where}: period ${i + 1} needs a from date (only the first period may leave it open)`);
    if (i < periods.length - 1 && p.until === undefined) problems.push(`${where}: period ${i + 1} needs an until date (only the last period may leave it open)`);
    const prev = periods[i - 1];
    if (prev?.until !== undefined && p.from !== undefined && nextDay(prev.until) !== p.from) {
      problems.push(`${where}: period ${i + 1} starts ${p.from}, but period ${i} ends ${prev.until}: periods must follow one another without a gap or an overlap (from = the day after until)`);
    }
  });
  if (m.longContext) {
    const lc = m.longContext;
    if (lc.source !== undefined) cite("models.yaml", `${m.id} longContext`, lc.source);
    if (lc.inputUsdPerMillion < m.inputUsdPerMillion || lc.outputUsdPerMillion < m.outputUsdPerMillion) {
      problems.push(`${where}: the long-context price is below the base price`);
    }
  }
  if (m.aggregator) {
    cite("models.yaml", `${m.id} aggregator`, m.aggregator.source);
    if (!m.note) problems.push(`${where}: an entry that overrides an aggregator's price needs a note naming both figures`);
    const own = catalog.sources[m.source]?.publisher;
    if (own !== "provider") problems.push(`${where}: an entry that overrides an aggregator's price must cite the provider's own price (source ${m.source} is not publisher: provider)`);
  }
  return problems;
}

/** Not-offered entries name known families/types and sources, and never contradict a listed price. */
function checkNotOffered(catalog: Catalog, families: Set<string>, cite: Cite): string[] {
  const problems: string[] = [];
  const types = new Set(catalog.instances.map((i) => i.type));
  const seen = new Set<string>();
  for (const e of catalog.notOffered) {
    const names = e.families ?? e.types ?? [];
    const label = `notOffered ${names.join(",")}`;
    cite("instances.yaml", label, e.source);
    for (const name of names) {
      const known = e.families ? families.has(name) : types.has(name);
      if (!known) problems.push(`instances.yaml: ${label}: no instance type ${e.families ? "of family " : ""}${name}`);
      const covered = catalog.instances.filter((i) => (e.families ? offeringFamily(i.type) === name : i.type === name));
      for (const region of e.regions) {
        const key = `${name}@${region}`;
        if (seen.has(key)) problems.push(`instances.yaml: notOffered: ${name} in ${region} is listed twice`);
        seen.add(key);
        for (const i of covered) {
          if (Object.prototype.hasOwnProperty.call(i.onDemandUsdPerHour, region)) {
            problems.push(`instances.yaml: ${i.type} has a ${region} price, but notOffered says ${name} is not offered in ${region}`);
          }
        }
      }
    }
  }
  return problems;
}

/**
 * Each multiplier is one family's published ratio: measured on a listed EC2 type of that family whose catalog
 * prices in us-east-1 and in the region are the ones it names, and never for a region where the family is not offered.
 */
function checkMultipliers(catalog: Catalog, cite: Cite): string[] {
  const problems: string[] = [];
  const keys = new Set<string>();
  for (const m of catalog.regionMultipliers) {
    const label = `regionMultipliers ${m.family} ${m.region}`;
    cite("instances.yaml", label, m.source);
    const key = `${m.family}@${m.region}`;
    if (keys.has(key)) problems.push(`instances.yaml: regionMultipliers: ${m.family} in ${m.region} is listed twice`);
    keys.add(key);
    const on = m.measuredOn;
    const entry = catalog.instances.find((i) => i.type === on.type);
    if (on.type.startsWith("ml.") || familyOf(on.type) !== m.family) {
      problems.push(`instances.yaml: ${label}: measured on ${on.type}, which is not an EC2 type of family ${m.family}: a multiplier applies only to the family it was measured on`);
    } else if (!entry) {
      problems.push(`instances.yaml: ${label}: measured on ${on.type}, which is not in the catalog`);
    } else {
      if (entry.onDemandUsdPerHour["us-east-1"] !== on.usEast1UsdPerHour) {
        problems.push(`instances.yaml: ${label}: measuredOn says ${on.type} costs ${on.usEast1UsdPerHour} in us-east-1; the catalog lists ${entry.onDemandUsdPerHour["us-east-1"]}`);
      }
      if (entry.onDemandUsdPerHour[m.region] !== on.regionUsdPerHour) {
        problems.push(`instances.yaml: ${label}: measuredOn says ${on.type} costs ${on.regionUsdPerHour} in ${m.region}; the catalog lists ${entry.onDemandUsdPerHour[m.region] ?? "no price"}`);
      }
    }
    const ratio = on.regionUsdPerHour / on.usEast1UsdPerHour;
    if (Math.abs(m.multiplier - ratio) > 0.00005 + 1e-12) {
      problems.push(`instances.yaml: ${label}: multiplier ${m.multiplier} is not ${on.regionUsdPerHour} ÷ ${on.usEast1UsdPerHour} = ${ratio.toFixed(6)}`);
    }
    if (catalog.notOffered.some((e) => e.regions.includes(m.region) && (e.families ?? []).includes(m.family))) {
      problems.push(`instances.yaml: ${label}: the family is not offered in ${m.region}`);
    }
  }
  return problems;
}
