import type { PriceBook } from "./prices";

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
  /** The multiplier an estimated price used, with its own source; absent for a listed price. */
  regionMultiplier?: { multiplier: number; estimate: boolean; source: string; asOf: string; note?: string };
  note?: string;
}

/** One managed model, as `gpu-breakeven catalog models --json` prints it. */
export interface ModelRow {
  id: string;
  inputUsdPerMillion: number;
  outputUsdPerMillion: number;
  cachedInputUsdPerMillion?: number;
  source: string;
  asOf: string;
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
        const m = price.multiplier;
        row.regionMultiplier = { multiplier: m.value, estimate: m.estimate, source: m.source, asOf: m.asOf, ...(m.note ? { note: m.note } : {}) };
      }
      if (entry.note) row.note = entry.note;
      rows.push(row);
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
    ...(m.note ? { note: m.note } : {}),
  }));
}
