import type { CatalogPrice, NotOffered, PriceBook } from "./prices";
import type { ModelPricePeriod, ProcessingOffering } from "./schema";

/** The regional multiplier a derived price used (src/catalog/prices.ts). */
type PriceMultiplier = NonNullable<CatalogPrice["multiplier"]>;

/** One instance type's price in one region, as `gpu-breakeven catalog instances --json` prints it. */
export interface InstanceRow {
  instanceType: string;
  accelerator: string;
  acceleratorCount: number;
  acceleratorMemoryGiB: number;
  vcpu: number;
  memoryGiB: number;
  region: string;
  usdPerHour: number;
  /** true when the price is us-east-1 × a regional multiplier, not a price read in that region. */
  estimate: boolean;
  /** The source id of the price (for an estimate, of its us-east-1 price) and the date it was read. */
  source: string;
  asOf: string;
  /**
   * The multiplier an estimated price used, with its own source, the family it was measured on and the two
   * published prices it is the ratio of; absent for a listed price. Its `estimate` is true only for a ratio that
   * is itself assumed, which the catalog no longer has (the row's own `estimate` is true: the price is derived).
   */
  regionMultiplier?: Omit<PriceMultiplier, "value"> & { multiplier: number };
  note?: string;
}

/** One (instance type, region) the catalog says AWS does not offer, with the source that says so. */
export type NotOfferedRow = NotOffered;

/** One managed model, as `gpu-breakeven catalog models --json` prints it. */
export interface ModelRow {
  id: string;
  inputUsdPerMillion: number;
  outputUsdPerMillion: number;
  cachedInputUsdPerMillion?: number;
  source: string;
  asOf: string;
  /** Effective-dated prices, where the model has them; the row's own prices are the latest period's. */
  periods?: ModelPricePeriod[];
  longContext?: { aboveInputTokens: number; inputUsdPerMillion: number; outputUsdPerMillion: number; cachedInputUsdPerMillion?: number };
  deprecatedOn?: string;
  /** Where the model may process data and how to call it there (empty: nobody says where). */
  processing: ProcessingOffering[];
  note?: string;
}

/** Every (instance type, region) the catalog prices, or those in one region; by type, then region. */
export function instanceRows(book: PriceBook, region?: string): InstanceRow[] {
  const rows: InstanceRow[] = [];
  for (const entry of book.catalog.instances) {
    const regions = region === undefined ? book.pricedRegions(entry.type) : [region];
    for (const r of regions) {
      const price = book.catalogPrice(entry.type, r);
      if (!price) continue;
      const row: InstanceRow = {
        instanceType: entry.type,
        accelerator: entry.accelerator,
        acceleratorCount: entry.acceleratorCount,
        acceleratorMemoryGiB: entry.acceleratorMemoryGiB,
        vcpu: entry.vcpu,
        memoryGiB: entry.memoryGiB,
        region: r,
        usdPerHour: Number(price.usdPerHour.toPrecision(10)),
        estimate: price.estimate,
        source: price.source,
        asOf: price.asOf,
      };
      if (price.multiplier) {
        const { value, ...measured } = price.multiplier;
        row.regionMultiplier = { multiplier: value, ...measured };
      }
      if (entry.note) row.note = entry.note;
      rows.push(row);
    }
  }
  return rows;
}

/** Every (instance type, region) the catalog says is not offered, or those in one region; by type, then region. */
export function notOfferedRows(book: PriceBook, region?: string): NotOfferedRow[] {
  const rows: NotOfferedRow[] = [];
  const regions = region === undefined ? book.knownRegions() : [region];
  for (const entry of book.catalog.instances) {
    for (const r of regions) {
      const n = book.notOffered(entry.type, r);
      if (n) rows.push(n);
    }
  }
  return rows;
}

/** Every managed model in the catalog, in catalog order. */
export function modelRows(book: PriceBook): ModelRow[] {
  return book.catalog.models.map((m) => ({
    id: m.id,
    inputUsdPerMillion: m.inputUsdPerMillion,
    outputUsdPerMillion: m.outputUsdPerMillion,
    ...(m.cachedInputUsdPerMillion !== undefined ? { cachedInputUsdPerMillion: m.cachedInputUsdPerMillion } : {}),
    source: m.source,
    asOf: m.asOf,
    ...(m.periods ? { periods: m.periods } : {}),
    ...(m.longContext ? { longContext: (({ source: _s, ...tier }) => tier)(m.longContext) } : {}),
    ...(m.deprecatedOn ? { deprecatedOn: m.deprecatedOn } : {}),
    processing: book.modelOfferings(m.id),
    ...(m.note ? { note: m.note } : {}),
  }));
}
