import * as path from "path";
import { Document, isMap, isSeq, YAMLMap, YAMLSeq } from "yaml";
import { familyOf } from "../../text/awsNames";
import { OfferPrices, readAwsOffer } from "./awsOffer";
import { citedSources, entries, noteImport, pruneSources, setSource, tidy } from "./yamlEdit";

/** EC2 families that carry GPUs or AWS ML chips (as src/resources/accelerators.ts). */
const ACCELERATOR_FAMILY = /^(p\d|g\d|gr\d|inf\d|trn\d|dl\d)[a-z0-9-]*\./;

export interface AwsImportSummary {
  sourceId: string;
  asOf: string;
  /** Catalog types whose prices changed or were re-read, with the regions imported. */
  updated: { type: string; regions: string[] }[];
  /** Accelerator types in the offer file that the catalog does not list (their specs must be added by hand). */
  notInCatalog: string[];
  /** Catalog EC2 types the offer file had no price for (left as they were). */
  notInOffer: string[];
  removedSources: string[];
  warnings: string[];
  productsRead: number;
}

/**
 * Replaces the EC2 on-demand prices in instances.yaml with those of an AWS Price List offer file, for every
 * catalog type and region the file prices. Each imported price cites a new source (the file and its
 * publication date); prices of other regions keep their own source through the entry's priceSources. Types the
 * catalog does not list are reported, not added: their accelerator, count and memory are not in the file in a
 * form the catalog can trust. SageMaker ml.* types are not in the EC2 offer and are left alone.
 */
export function importAwsOffer(doc: Document, offerFile: string, opts: { asOf?: string; today: string }): AwsImportSummary {
  const offer: OfferPrices = readAwsOffer(offerFile, (t) => ACCELERATOR_FAMILY.test(t));
  const asOf = opts.asOf ?? offer.publicationDate?.slice(0, 10) ?? opts.today;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(asOf)) throw new Error(`the offer file's date "${asOf}" is not YYYY-MM-DD; pass --as-of`);
  const sourceId = `aws-price-list-${asOf}`;
  const regions = new Set<string>();
  for (const byRegion of offer.prices.values()) for (const r of byRegion.keys()) regions.add(r);

  const citedBefore = citedSources(doc);
  const sourceAsOf = (id: string): string | undefined => {
    const s = (doc.get("sources") as YAMLMap).get(id);
    return isMap(s) ? String(s.get("asOf")) : undefined;
  };
  const details = [offer.publicationDate && `publicationDate ${offer.publicationDate}`, offer.version && `version ${offer.version}`]
    .filter(Boolean)
    .join(", ");
  setSource(doc, sourceId, {
    title: `AWS Price List offer file for AmazonEC2 (Linux, shared tenancy, on demand; ${[...regions].sort().join(", ")})`,
    reference: `${path.basename(offerFile)}${details ? ` (${details})` : ""}, imported by gpu-breakeven catalog import-aws`,
    asOf,
  });

  const summary: AwsImportSummary = {
    sourceId, asOf, updated: [], notInCatalog: [], notInOffer: [], removedSources: [], warnings: offer.warnings, productsRead: offer.productsRead,
  };
  const listed = new Set<string>();
  for (const item of entries(doc, "instances")) {
    const type = String(item.get("type"));
    listed.add(type);
    if (type.startsWith("ml.")) continue;
    const imported = offer.prices.get(type);
    if (!imported) {
      summary.notInOffer.push(type);
      continue;
    }
    const prices = item.get("onDemandUsdPerHour") as YAMLMap;
    const oldSource = String(item.get("source"));
    const perRegion = item.get("priceSources");
    // Where each region's price comes from after the import.
    const provenance = new Map<string, string>();
    for (const pair of prices.items) {
      const region = String((pair.key as { value?: unknown })?.value ?? pair.key);
      const own = isMap(perRegion) ? perRegion.get(region) : undefined;
      provenance.set(region, typeof own === "string" ? own : oldSource);
    }
    for (const [region, usd] of [...imported].sort(([a], [b]) => (a < b ? -1 : 1))) {
      prices.set(region, tidy(usd));
      provenance.set(region, sourceId);
    }
    const primary = provenance.get("us-east-1") ?? mostCommon([...provenance.values()]);
    item.set("source", primary);
    item.set("asOf", primary === oldSource ? String(item.get("asOf")) : sourceAsOf(primary) ?? asOf);
    const others = [...provenance].filter(([, s]) => s !== primary).sort(([a], [b]) => (a < b ? -1 : 1));
    if (others.length > 0) item.set("priceSources", doc.createNode(Object.fromEntries(others), { flow: true }));
    else item.delete("priceSources");
    summary.updated.push({ type, regions: [...imported.keys()].sort() });
  }
  for (const u of summary.updated) for (const region of u.regions) summary.warnings.push(...clearNotOffered(doc, u.type, region));
  summary.warnings.push(...refreshMultipliers(doc, sourceId, asOf));
  summary.notInCatalog = [...offer.prices.keys()].filter((t) => !listed.has(t)).sort();
  summary.removedSources = pruneSources(doc, citedBefore, citedSources(doc));
  if (summary.updated.length > 0) {
    noteImport(doc, "import-aws:", `EC2 prices of ${summary.updated.length} types were re-read from ${path.basename(offerFile)} (source ${sourceId}) on ${opts.today}.`);
  } else {
    (doc.get("sources") as YAMLMap).delete(sourceId);
  }
  return summary;
}

/**
 * A price the offer file gives for `type` in `region` shows it is offered there: drop that region from the
 * notOffered entries that cover the type or its family (splitting an entry that names others too). Returns a
 * line per change, for the import's summary.
 */
function clearNotOffered(doc: Document, type: string, region: string): string[] {
  const seq = doc.get("notOffered");
  if (!isSeq(seq)) return [];
  const notes: string[] = [];
  const family = familyOf(type);
  const items = (seq as YAMLSeq).items;
  for (let i = items.length - 1; i >= 0; i--) {
    const item = items[i];
    if (!isMap(item)) continue;
    const regions = strings(item.get("regions"));
    if (!regions.includes(region)) continue;
    const key = item.has("types") ? "types" : "families";
    const names = strings(item.get(key));
    const name = key === "types" ? type : family;
    if (!names.includes(name)) continue;
    const rest = regions.filter((r) => r !== region);
    const others = names.filter((n) => n !== name);
    const replacement: unknown[] = [];
    if (others.length > 0) replacement.push(copyWith(doc, item, { [key]: others }));
    if (rest.length > 0) replacement.push(copyWith(doc, item, { [key]: [name], regions: rest }));
    items.splice(i, 1, ...(replacement as typeof items));
    notes.push(`notOffered: ${name} in ${region} removed, since the offer file prices ${type} there`);
  }
  if (items.length === 0) doc.delete("notOffered");
  return notes;
}

/**
 * Re-reads the two prices each regional multiplier was measured on from the (re-priced) instance entries and
 * recomputes the ratio, so a multiplier never disagrees with the prices it names. Returns a line per change.
 */
function refreshMultipliers(doc: Document, sourceId: string, asOf: string): string[] {
  const seq = doc.get("regionMultipliers");
  if (!isSeq(seq)) return [];
  const prices = new Map<string, YAMLMap>();
  const sourcesOf = new Map<string, { entry: string; perRegion: YAMLMap | undefined }>();
  for (const item of entries(doc, "instances")) {
    const p = item.get("onDemandUsdPerHour");
    if (isMap(p)) prices.set(String(item.get("type")), p as YAMLMap);
    const perRegion = item.get("priceSources");
    sourcesOf.set(String(item.get("type")), { entry: String(item.get("source")), perRegion: isMap(perRegion) ? (perRegion as YAMLMap) : undefined });
  }
  const notes: string[] = [];
  for (const m of (seq as YAMLSeq).items) {
    if (!isMap(m)) continue;
    const on = m.get("measuredOn");
    if (!isMap(on)) continue;
    const type = String(on.get("type"));
    const region = String(m.get("region"));
    const p = prices.get(type);
    const base = p?.get("us-east-1");
    const there = p?.get(region);
    if (typeof base !== "number" || typeof there !== "number") continue;
    if (on.get("usEast1UsdPerHour") === base && on.get("regionUsdPerHour") === there) continue;
    on.set("usEast1UsdPerHour", base);
    on.set("regionUsdPerHour", there);
    const multiplier = Math.round((there / base) * 10000) / 10000;
    m.set("multiplier", multiplier);
    const src = sourcesOf.get(type);
    const cites = (r: string) => (src?.perRegion?.get(r) as string | undefined) ?? src?.entry;
    if (cites(region) === sourceId || cites("us-east-1") === sourceId) {
      m.set("source", sourceId);
      m.set("asOf", asOf);
    }
    notes.push(`regionMultipliers: ${m.get("family")} in ${region} re-measured on ${type}: ${there} ÷ ${base} = ${multiplier}`);
  }
  return notes;
}

function strings(node: unknown): string[] {
  return isSeq(node) ? (node as YAMLSeq).items.map((i) => String((i as { value?: unknown })?.value ?? i)) : [];
}

/** A flow-style copy of a notOffered entry with some keys replaced, keys in the original order. */
function copyWith(doc: Document, item: YAMLMap, changes: Record<string, string[]>): unknown {
  const plain = item.toJSON() as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(plain)) out[k] = k in changes ? changes[k] : v;
  const node = doc.createNode(out, { flow: true }) as YAMLMap;
  for (const pair of node.items) {
    const v = pair.value;
    if (isSeq(v)) (v as YAMLSeq).flow = true;
  }
  return node;
}

function mostCommon(values: string[]): string {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0][0];
}
