import { familyOf } from "../text/awsNames";
import type { Assumptions } from "../assumptions/schema";
import type {
  AcceleratorEntry,
  Catalog,
  CommitmentDiscountEntry,
  InstanceTypeEntry,
  ManagedModelEntry,
  ModelPricePeriod,
  NotOfferedEntry,
  ProcessingOffering,
  RegionMultiplierEntry,
  SpotDiscountEntry,
} from "./schema";

/** An hourly price with where it came from; `estimate` when derived from a regional multiplier. */
export interface HourlyPrice {
  usdPerHour: number;
  source: string;
  estimate: boolean;
}

/** A managed model's price with where it came from. */
export interface ModelPrice {
  id: string;
  inputUsdPerMillion: number;
  outputUsdPerMillion: number;
  /** The cache-read price, where the catalog or the policy config lists one. */
  cachedInputUsdPerMillion?: number;
  source: string;
  /** For a model with effective-dated prices: the period whose price this is (ISO dates, both inclusive). */
  period?: { from?: string; until?: string };
  /** The price of a whole request whose prompt is longer than aboveInputTokens, where the provider has one. */
  longContext?: { aboveInputTokens: number; inputUsdPerMillion: number; outputUsdPerMillion: number; cachedInputUsdPerMillion?: number };
  /** The date the provider retires or deprecated this model id, where the catalog records one. */
  deprecatedOn?: string;
}

/** Why the catalog says an instance type is not offered in a region: the catalog's not-offered entry. */
export interface NotOffered {
  instanceType: string;
  region: string;
  /** The family the entry names ("g6e"), or undefined when it names the type itself. */
  family?: string;
  /** The catalog source id and the date it was read. */
  source: string;
  asOf: string;
  note?: string;
}

/** The catalog's own price of a type in a region, with its provenance (no policy-config overrides). */
export interface CatalogPrice {
  instanceType: string;
  region: string;
  usdPerHour: number;
  /**
   * true when the price is us-east-1 × the family's regional multiplier rather than a price read in that region,
   * or when the entry's price is itself derived (estimate: true in the catalog, with a note).
   */
  estimate: boolean;
  /** The source id of the price (of the us-east-1 price, for a derived one). */
  source: string;
  asOf: string;
  /** The multiplier a derived price used, with the family and the published prices it was measured on. */
  multiplier?: {
    value: number;
    /**
     * true when the ratio itself is assumed rather than measured. Always false since every multiplier is measured
     * on its own family's published prices (regionMultipliers[].measuredOn); the price it gives is still an estimate.
     */
    estimate: boolean;
    source: string;
    asOf: string;
    note?: string;
    family: string;
    measuredOn: { type: string; usEast1UsdPerHour: number; regionUsdPerHour: number };
  };
}

/** A typical spot discount of an instance family against its on-demand price. */
export interface SpotDiscount {
  /** Share off the on-demand price, 0–1. */
  discount: number;
  source: string;
  asOf: string;
  estimate: true;
  /** The catalog source id and how the figure was chosen. */
  sourceId: string;
  basis?: string;
}

/** A default savings-plan or reserved-instance discount against on demand. */
export interface CommitmentDiscount {
  discount: number;
  source: string;
  asOf: string;
  estimate: boolean;
  sourceId: string;
  basis?: string;
}

/**
 * Looks up instance types and models in the catalog, with policy-config overrides winning.
 *
 * `asOfDate` is the date the analysis prices things on: a model with effective-dated prices is priced with the
 * period in force on that UTC day. Without it, the latest period applies (never "today": a result must not
 * depend on the day it is computed).
 */
export class PriceBook {
  private readonly instances: Map<string, InstanceTypeEntry>;
  private readonly models: Map<string, ManagedModelEntry>;
  private readonly multipliers = new Map<string, RegionMultiplierEntry>();
  /** Not-offered entries by "<family>@<region>" (family: g6e, or ml.g6e) and by "<type>@<region>". */
  private readonly notOfferedFamilies = new Map<string, NotOfferedEntry>();
  private readonly notOfferedTypes = new Map<string, NotOfferedEntry>();
  private readonly spot = new Map<string, SpotDiscountEntry>();
  private readonly commitments = new Map<string, CommitmentDiscountEntry>();
  private readonly accelerators = new Map<string, AcceleratorEntry>();
  private readonly regions = new Set<string>();

  constructor(
    readonly catalog: Catalog,
    private readonly assumptions: Pick<Assumptions, "instancePrices" | "regionalInstancePrices" | "managedModels">,
    readonly asOfDate?: Date,
  ) {
    if (asOfDate !== undefined && Number.isNaN(asOfDate.getTime())) throw new RangeError("PriceBook: asOfDate is not a valid date");
    this.instances = new Map(catalog.instances.map((i) => [i.type, i]));
    this.models = new Map(catalog.models.map((m) => [m.id, m]));
    for (const m of catalog.regionMultipliers) {
      this.regions.add(m.region);
      this.multipliers.set(`${m.family}@${m.region}`, m);
    }
    for (const e of catalog.notOffered ?? []) {
      for (const region of e.regions) {
        this.regions.add(region);
        for (const family of e.families ?? []) this.notOfferedFamilies.set(`${family}@${region}`, e);
        for (const type of e.types ?? []) this.notOfferedTypes.set(`${type}@${region}`, e);
      }
    }
    for (const i of catalog.instances) for (const region of Object.keys(i.onDemandUsdPerHour)) this.regions.add(region);
    for (const s of catalog.spotDiscounts ?? []) for (const family of s.families) this.spot.set(family, s);
    for (const c of catalog.commitmentDiscounts ?? []) this.commitments.set(`${c.kind}/${c.termYears}`, c);
    for (const a of catalog.accelerators) {
      for (const name of [a.id, ...(a.aliases ?? [])]) this.accelerators.set(name, a);
    }
  }

  /** The catalog entry of an instance type, if the catalog knows it. */
  instanceType(type: string): InstanceTypeEntry | undefined {
    return this.instances.get(type);
  }

  /**
   * Hourly price of `type` in `region`: the policy config's regionalInstancePrices for the region, else nothing
   * where the catalog says the type is not offered, else the policy config's instancePrices, else the catalog's
   * price for the region, else us-east-1 × the family's own regional multiplier (an estimate).
   */
  hourlyPrice(type: string, region: string): HourlyPrice | undefined {
    const regional = own(own(this.assumptions.regionalInstancePrices, region), type);
    if (regional !== undefined) return { usdPerHour: regional, source: `policy config regionalInstancePrices.${region}`, estimate: false };
    if (this.notOffered(type, region)) return undefined;
    const override = own(this.assumptions.instancePrices, type);
    if (override !== undefined) return { usdPerHour: override, source: "policy config instancePrices", estimate: false };
    const price = this.catalogPrice(type, region);
    if (!price) return undefined;
    if (!price.multiplier) return { usdPerHour: price.usdPerHour, source: `catalog ${price.asOf}${price.estimate ? ", estimate" : ""}`, estimate: price.estimate };
    return {
      usdPerHour: price.usdPerHour,
      source: `catalog ${price.asOf}, us-east-1 × ${price.multiplier.value} (${price.multiplier.family} ratio) for ${region}`,
      estimate: true,
    };
  }

  /**
   * The catalog's price of `type` in `region` with its provenance: the price listed for that region, else the
   * us-east-1 price × the multiplier measured on the type's own family for the region. Never another region's
   * price unscaled, never another family's ratio, and nothing where the type is not offered.
   */
  catalogPrice(type: string, region: string): CatalogPrice | undefined {
    const entry = this.instances.get(type);
    if (!entry || this.notOffered(type, region)) return undefined;
    const estimate = entry.estimate ?? false;
    const listed = own(entry.onDemandUsdPerHour, region);
    if (listed !== undefined) {
      const source = own(entry.priceSources, region) ?? entry.source;
      const asOf = source === entry.source ? entry.asOf : this.catalog.sources[source]?.asOf ?? entry.asOf;
      return { instanceType: type, region, usdPerHour: listed, estimate, source, asOf };
    }
    const base = own(entry.onDemandUsdPerHour, "us-east-1");
    const factor = this.multipliers.get(`${familyOf(type)}@${region}`);
    if (base === undefined || !factor) return undefined;
    const baseSource = own(entry.priceSources, "us-east-1") ?? entry.source;
    const baseAsOf = baseSource === entry.source ? entry.asOf : this.catalog.sources[baseSource]?.asOf ?? entry.asOf;
    return {
      instanceType: type,
      region,
      usdPerHour: base * factor.multiplier,
      estimate: true,
      source: baseSource,
      asOf: baseAsOf,
      multiplier: {
        value: factor.multiplier,
        estimate: false,
        source: factor.source,
        asOf: factor.asOf,
        ...(factor.note ? { note: factor.note } : {}),
        family: factor.family,
        measuredOn: { ...factor.measuredOn },
      },
    };
  }

  /**
   * Whether AWS offers `instanceType` in `region`, as far as the catalog (and the policy config) knows: true when
   * a price was read there (or the policy config's regionalInstancePrices prices it there), false when a
   * catalog source says the type or its family is not offered there, undefined when nothing is known.
   */
  offered(instanceType: string, region: string): boolean | undefined {
    if (own(own(this.assumptions.regionalInstancePrices, region), instanceType) !== undefined) return true;
    if (this.notOffered(instanceType, region)) return false;
    const entry = this.instances.get(instanceType);
    if (entry && own(entry.onDemandUsdPerHour, region) !== undefined) return true;
    return undefined;
  }

  /** The catalog entry saying `instanceType` is not offered in `region`, for a message that cites it; undefined otherwise. */
  notOffered(instanceType: string, region: string): NotOffered | undefined {
    const byType = this.notOfferedTypes.get(`${instanceType}@${region}`);
    const family = offeringFamily(instanceType);
    const byFamily = byType ? undefined : this.notOfferedFamilies.get(`${family}@${region}`);
    const e = byType ?? byFamily;
    if (!e) return undefined;
    return {
      instanceType,
      region,
      ...(byFamily ? { family } : {}),
      source: e.source,
      asOf: e.asOf,
      ...(e.note ? { note: e.note } : {}),
    };
  }

  /** Regions the catalog can price `type` in, for a message that says what would work (never a not-offered one). */
  pricedRegions(type: string): string[] {
    const entry = this.instances.get(type);
    if (!entry) return [];
    const regions = new Set(Object.keys(entry.onDemandUsdPerHour));
    if (entry.onDemandUsdPerHour["us-east-1"] !== undefined) {
      for (const m of this.multipliers.values()) if (m.family === familyOf(type)) regions.add(m.region);
    }
    return [...regions].filter((r) => !this.notOffered(type, r)).sort();
  }

  /**
   * Whether the catalog (or the policy config's regionalInstancePrices) prices anything in `region`. An
   * unknown region such as "xx-foo-1" is false: it is reported, never priced as us-east-1.
   */
  regionKnown(region: string): boolean {
    return this.regions.has(region) || own(this.assumptions.regionalInstancePrices, region) !== undefined;
  }

  /** Every region the catalog prices something in, sorted. */
  knownRegions(): string[] {
    return [...this.regions].sort();
  }

  /** The typical spot discount of the type's family (ml.* types have none: SageMaker endpoints have no spot). */
  spotDiscount(instanceType: string): SpotDiscount | undefined {
    if (instanceType.startsWith("ml.")) return undefined;
    const entry = this.spot.get(familyOf(instanceType));
    if (!entry) return undefined;
    return { discount: entry.discount, source: "catalog", asOf: entry.asOf, estimate: true, sourceId: entry.source, basis: entry.note };
  }

  /** The catalog's default discount of a savings plan or reserved instances for a term. */
  commitmentDiscount(kind: "savings-plan" | "reserved", termYears: 1 | 3): CommitmentDiscount {
    const entry = this.commitments.get(`${kind}/${termYears}`);
    if (!entry) throw new Error(`the catalog has no ${kind} ${termYears}-year discount`);
    return { discount: entry.discount, source: "catalog", asOf: entry.asOf, estimate: entry.estimate, sourceId: entry.source, basis: entry.note };
  }

  /**
   * An accelerator by id or alias, case-insensitive; spaces and underscores read as "-", and a vendor prefix
   * (nvidia-, amd-, aws-) is ignored: "h100", "h100-sxm", "NVIDIA H100 SXM", "a100-sxm4-80gb".
   */
  accelerator(idOrAlias: string): AcceleratorEntry | undefined {
    const key = idOrAlias.trim().toLowerCase().replace(/[\s_]+/g, "-");
    const found = this.accelerators.get(key) ?? this.accelerators.get(key.replace(/^(nvidia|amd|aws)-/, ""));
    if (found) return found;
    return this.catalog.accelerators.find((a) => a.name.toLowerCase().replace(/[\s_]+/g, "-") === key);
  }

  /**
   * A managed model's price: policy config managedModels wins over the catalog. A catalog model with
   * effective-dated prices is priced with the period in force on `on` (default: the book's asOfDate; without
   * either, the latest period), and the result names that period.
   */
  modelPrice(id: string, on: Date | undefined = this.asOfDate): ModelPrice | undefined {
    const override = own(this.assumptions.managedModels, id);
    if (override) return { id, ...override, source: "policy config managedModels" };
    const found = this.catalogModel(id, on);
    if (!found) return undefined;
    const { entry, period } = found;
    const figures = period ?? entry;
    const asOf = period?.asOf ?? entry.asOf;
    const price: ModelPrice = {
      id,
      inputUsdPerMillion: figures.inputUsdPerMillion,
      outputUsdPerMillion: figures.outputUsdPerMillion,
      source: `catalog ${asOf}${period ? `, ${describePeriod(period)}` : ""}`,
    };
    if (figures.cachedInputUsdPerMillion !== undefined) price.cachedInputUsdPerMillion = figures.cachedInputUsdPerMillion;
    if (period) price.period = { ...(period.from ? { from: period.from } : {}), ...(period.until ? { until: period.until } : {}) };
    if (entry.longContext) {
      const { source: _source, ...tier } = entry.longContext;
      price.longContext = tier;
    }
    if (entry.deprecatedOn) price.deprecatedOn = entry.deprecatedOn;
    return price;
  }

  /**
   * Where the catalog's price of a model comes from: the source id and the date it was read, of the price period in
   * force on `on` (default: the book's asOfDate) where the model has periods, else of the entry. Undefined when the
   * price is not the catalog's: a model the policy config's managedModels prices, or one the catalog does not know.
   */
  modelPriceSource(id: string, on: Date | undefined = this.asOfDate): { source: string; asOf: string; hasPeriods: boolean } | undefined {
    const found = this.catalogModel(id, on);
    if (!found) return undefined;
    const { entry, period } = found;
    return { source: period?.source ?? entry.source, asOf: period?.asOf ?? entry.asOf, hasPeriods: period !== undefined };
  }

  /** A model priced by the catalog (not by the policy config), with its price period in force on `on` where it has periods. */
  private catalogModel(id: string, on: Date | undefined): { entry: ManagedModelEntry; period?: ModelPricePeriod } | undefined {
    if (own(this.assumptions.managedModels, id)) return undefined;
    const entry = this.models.get(id);
    if (!entry) return undefined;
    return { entry, period: entry.periods ? periodInForce(entry.periods, on) : undefined };
  }

  /**
   * Where a managed model may process data, and how to call it there: its provider's API and any other offering the
   * catalog records. Empty for a model the catalog does not know where it processes (or a policy-config model).
   */
  modelOfferings(id: string): ProcessingOffering[] {
    if (own(this.assumptions.managedModels, id)) return [];
    return [...(this.models.get(id)?.processing ?? [])];
  }

  /** Every price period of a catalog model (empty for a model with one price, or unknown to the catalog). */
  modelPeriods(id: string): ModelPricePeriod[] {
    return [...(this.models.get(id)?.periods ?? [])];
  }

  /** Every model id known to the catalog or the policy config. */
  modelIds(): string[] {
    return [...new Set([...this.models.keys(), ...Object.keys(this.assumptions.managedModels)])];
  }
}

export { familyOf } from "../text/awsNames";

/** The family a not-offered entry names for a type: "g5" for g5.xlarge, "ml.g5" for ml.g5.xlarge. */
export function offeringFamily(instanceType: string): string {
  return instanceType.startsWith("ml.") ? `ml.${familyOf(instanceType)}` : familyOf(instanceType);
}

/** The UTC calendar day of a date, YYYY-MM-DD. */
export function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/**
 * The period in force on `on` (a UTC day; from and until are both inclusive). Without a date, the latest
 * period. A date before the first period gets the first period (the model's launch price); after an `until`
 * with no later period, the last one.
 */
export function periodInForce<P extends { from?: string; until?: string }>(periods: P[], on?: Date): P {
  const sorted = [...periods].sort((a, b) => ((a.from ?? "") < (b.from ?? "") ? -1 : (a.from ?? "") > (b.from ?? "") ? 1 : 0));
  if (on === undefined) return sorted.find((p) => p.until === undefined) ?? sorted[sorted.length - 1];
  const day = isoDay(on);
  const found = sorted.find((p) => (p.from === undefined || p.from <= day) && (p.until === undefined || day <= p.until));
  if (found) return found;
  return sorted[0].from !== undefined && day < sorted[0].from ? sorted[0] : sorted[sorted.length - 1];
}

/** "price from 2026-09-01", "price until 2026-08-31", "price 2026-07-01 to 2026-08-31". */
function describePeriod(p: { from?: string; until?: string }): string {
  if (p.from && p.until) return `price ${p.from} to ${p.until}`;
  if (p.from) return `price from ${p.from}`;
  if (p.until) return `price until ${p.until}`;
  return "price";
}

/** A record's own value for `key`: never an inherited one such as "constructor" or "__proto__". */
function own<T>(record: Record<string, T> | undefined, key: string): T | undefined {
  return record !== undefined && Object.prototype.hasOwnProperty.call(record, key) ? record[key] : undefined;
}
