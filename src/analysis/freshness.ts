// catalog-fresh's arithmetic: which catalog prices the stack's verdicts use, the source and date each cites, and
// which of those sources are older than their class allows. Pure: dates come in, facts go out.
import { CatalogFreshConfig, FRESHNESS_DEFAULTS } from "../assumptions/catalogFreshConfig";
import type { PriceBook } from "../catalog/prices";
import { apiRuledOut } from "./managedOffering";
import type { WorkloadResult } from "./types";

/** What a price is: an EC2 or SageMaker on-demand list price (moves rarely), or a managed API price (moves often). */
export type PriceClass = "instance" | "managed";

/** The age limit of each class, in days. */
export type FreshnessLimits = Record<PriceClass, number>;

/** One catalog price a verdict uses, with the source it cites. */
export interface PriceUse {
  class: PriceClass;
  /** What is priced: "g6e.xlarge in us-east-1", "openai/gpt-4.1". */
  what: string;
  /** The catalog source id, and the date the figure was read from it. */
  source: string;
  asOf: string;
  /**
   * Whether `gpu-breakeven catalog refresh` re-reads it: EC2 on-demand prices, and managed prices from an aggregator
   * without price periods. Not SageMaker ml.* prices, regional multipliers, or prices kept by hand from a provider.
   */
  refreshable: boolean;
}

/** A source whose figures the verdicts use and that is older than its class's limit. */
export interface StaleSource {
  class: PriceClass;
  source: string;
  asOf: string;
  ageDays: number;
  maxAgeDays: number;
  /** What it prices for this stack, each once, in the order met. */
  prices: string[];
  refreshable: boolean;
}

const DAY_MS = 86_400_000;

/** Whole days from the date `asOf` (YYYY-MM-DD, UTC) to `now`. */
export function catalogAgeDays(asOf: string, now: Date): number {
  return Math.floor((now.getTime() - Date.parse(`${asOf}T00:00:00Z`)) / DAY_MS);
}

/** The limits in force: a class's own key, else maxAgeDays, else the class's default. */
export function freshnessLimits(config: CatalogFreshConfig): FreshnessLimits {
  return {
    instance: config.instancePriceMaxAgeDays ?? config.maxAgeDays ?? FRESHNESS_DEFAULTS.instancePriceMaxAgeDays,
    managed: config.managedPriceMaxAgeDays ?? config.maxAgeDays ?? FRESHNESS_DEFAULTS.managedPriceMaxAgeDays,
  };
}

/**
 * The catalog prices the workloads' verdicts use: the on-demand price of each fleet resource's type in its region
 * (and the regional multiplier of a derived one), and the list price of each workload's managed model (the period
 * in force on the book's date) unless no API may be used. A price the policy config sets is not the catalog's and is
 * left out, as are resources whose region is not known and capacity billed through a reservation.
 */
export function pricesUsed(workloads: readonly WorkloadResult[], book: PriceBook, defaultManagedModel: string): PriceUse[] {
  const uses: PriceUse[] = [];
  for (const w of workloads) {
    for (const r of w.resources) {
      if (r.coveredByReservation || !r.region.known || r.region.value === undefined) continue;
      uses.push(...instancePriceUses(book, r.instanceType, r.region.value));
    }
    // No API may be used (selfHostedOnly, or no offering of the model processes data in allowedRegions): its price decides nothing.
    if (apiRuledOut(w)) continue;
    const model = modelPriceUse(book, w.declaration.managedModel ?? defaultManagedModel);
    if (model) uses.push(model);
  }
  return uses;
}

function instancePriceUses(book: PriceBook, type: string, region: string): PriceUse[] {
  // The price the analysis used: only a catalog one is the catalog's to judge.
  if (!book.hourlyPrice(type, region)?.source.startsWith("catalog")) return [];
  const price = book.catalogPrice(type, region);
  if (!price) return [];
  const what = `${type} in ${region}`;
  if (!price.multiplier) return [{ class: "instance", what, source: price.source, asOf: price.asOf, refreshable: !type.startsWith("ml.") }];
  return [
    { class: "instance", what: `${type} in us-east-1`, source: price.source, asOf: price.asOf, refreshable: !type.startsWith("ml.") },
    { class: "instance", what: `${what} (${price.multiplier.family} ratio)`, source: price.multiplier.source, asOf: price.multiplier.asOf, refreshable: false },
  ];
}

function modelPriceUse(book: PriceBook, id: string): PriceUse | undefined {
  // The price the analysis used (the period in force on the book's date): only a catalog one is the catalog's to judge.
  const price = book.modelPriceSource(id);
  if (!price) return undefined;
  const { source, asOf } = price;
  const byHand = price.hasPeriods || book.catalog.sources[source]?.publisher === "provider";
  return { class: "managed", what: id, source, asOf, refreshable: !byHand };
}

/**
 * The sources of `uses` older than their class's limit on `now`, each once per class, the most overdue first.
 * A source exactly at its limit is not stale.
 */
export function staleSources(uses: readonly PriceUse[], limits: FreshnessLimits, now: Date): StaleSource[] {
  const bySource = new Map<string, StaleSource>();
  for (const u of uses) {
    const maxAgeDays = limits[u.class];
    const ageDays = catalogAgeDays(u.asOf, now);
    if (!(ageDays > maxAgeDays)) continue;
    const key = [u.class, u.source, u.asOf, u.refreshable].join("\0");
    const found = bySource.get(key);
    if (found) {
      if (!found.prices.includes(u.what)) found.prices.push(u.what);
      continue;
    }
    bySource.set(key, { class: u.class, source: u.source, asOf: u.asOf, ageDays, maxAgeDays, prices: [u.what], refreshable: u.refreshable });
  }
  return [...bySource.values()].sort((a, b) => b.ageDays - b.maxAgeDays - (a.ageDays - a.maxAgeDays) || (a.source < b.source ? -1 : a.source > b.source ? 1 : 0));
}
