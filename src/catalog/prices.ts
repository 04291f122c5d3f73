import { familyOf } from "../text/awsNames";
import type { Assumptions } from "../assumptions/schema";
import type {
  AcceleratorEntry,
  Catalog,
  CommitmentDiscountEntry,
  InstanceTypeEntry,
  ManagedModelEntry,
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
}

/** The catalog's own price of a type in a region, with its provenance (no policy-config overrides). */
export interface CatalogPrice {
  instanceType: string;
  region: string;
  usdPerHour: number;
  /** true when the price is us-east-1 × a regional multiplier rather than a price read in that region. */
  estimate: boolean;
  /** The source id of the price (of the us-east-1 price, for a derived one). */
  source: string;
  asOf: string;
  /** The multiplier a derived price used. */
  multiplier?: { value: number; estimate: boolean; source: string; asOf: string; note?: string };
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

/** Looks up instance types and models in the catalog, with policy-config overrides winning. */
export class PriceBook {
  private readonly instances: Map<string, InstanceTypeEntry>;
  private readonly models: Map<string, ManagedModelEntry>;
  private readonly multipliers = new Map<string, RegionMultiplierEntry>();
  private readonly spot = new Map<string, SpotDiscountEntry>();
  private readonly commitments = new Map<string, CommitmentDiscountEntry>();
  private readonly accelerators = new Map<string, AcceleratorEntry>();
  private readonly regions = new Set<string>();

  constructor(
    readonly catalog: Catalog,
    private readonly assumptions: Pick<Assumptions, "instancePrices" | "regionalInstancePrices" | "managedModels">,
  ) {
    this.instances = new Map(catalog.instances.map((i) => [i.type, i]));
    this.models = new Map(catalog.models.map((m) => [m.id, m]));
    for (const m of catalog.regionMultipliers) {
      this.regions.add(m.region);
      for (const family of m.families) this.multipliers.set(`${family}@${m.region}`, m);
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

  /** Hourly price of `type` in `region`: regional override, override, catalog region, catalog × multiplier. */
  hourlyPrice(type: string, region: string): HourlyPrice | undefined {
    const regional = own(own(this.assumptions.regionalInstancePrices, region), type);
    if (regional !== undefined) return { usdPerHour: regional, source: `policy config regionalInstancePrices.${region}`, estimate: false };
    const override = own(this.assumptions.instancePrices, type);
    if (override !== undefined) return { usdPerHour: override, source: "policy config instancePrices", estimate: false };
    const price = this.catalogPrice(type, region);
    if (!price) return undefined;
    if (!price.multiplier) return { usdPerHour: price.usdPerHour, source: `catalog ${price.asOf}`, estimate: false };
    const assumed = price.multiplier.estimate ? " assumed" : "";
    return {
      usdPerHour: price.usdPerHour,
      source: `catalog ${price.asOf}, us-east-1 × ${price.multiplier.value}${assumed} for ${region}`,
      estimate: true,
    };
  }

  /**
   * The catalog's price of `type` in `region` with its provenance: the price listed for that region, else the
   * us-east-1 price × the family's multiplier for the region. Never another region's price unscaled.
   */
  catalogPrice(type: string, region: string): CatalogPrice | undefined {
    const entry = this.instances.get(type);
    if (!entry) return undefined;
    const listed = own(entry.onDemandUsdPerHour, region);
    if (listed !== undefined) {
      const source = own(entry.priceSources, region) ?? entry.source;
      const asOf = source === entry.source ? entry.asOf : this.catalog.sources[source]?.asOf ?? entry.asOf;
      return { instanceType: type, region, usdPerHour: listed, estimate: false, source, asOf };
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
      multiplier: { value: factor.multiplier, estimate: factor.estimate ?? false, source: factor.source, asOf: factor.asOf, note: factor.note },
    };
  }

  /** Regions the catalog can price `type` in, for a message that says what would work. */
  pricedRegions(type: string): string[] {
    const entry = this.instances.get(type);
    if (!entry) return [];
    const regions = new Set(Object.keys(entry.onDemandUsdPerHour));
    if (entry.onDemandUsdPerHour["us-east-1"] !== undefined) {
      for (const key of this.multipliers.keys()) {
        const [family, region] = key.split("@");
        if (family === familyOf(type)) regions.add(region);
      }
    }
    return [...regions].sort();
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

  /** A managed model's price: policy config managedModels wins over the catalog. */
  modelPrice(id: string): ModelPrice | undefined {
    const override = own(this.assumptions.managedModels, id);
    if (override) return { id, ...override, source: "policy config managedModels" };
    const entry = this.models.get(id);
    if (!entry) return undefined;
    const price: ModelPrice = {
      id,
      inputUsdPerMillion: entry.inputUsdPerMillion,
      outputUsdPerMillion: entry.outputUsdPerMillion,
      source: `catalog ${entry.asOf}`,
    };
    if (entry.cachedInputUsdPerMillion !== undefined) price.cachedInputUsdPerMillion = entry.cachedInputUsdPerMillion;
    return price;
  }

  /** Every model id known to the catalog or the policy config. */
  modelIds(): string[] {
    return [...new Set([...this.models.keys(), ...Object.keys(this.assumptions.managedModels)])];
  }
}

export { familyOf } from "../text/awsNames";

/** A record's own value for `key`: never an inherited one such as "constructor" or "__proto__". */
function own<T>(record: Record<string, T> | undefined, key: string): T | undefined {
  return record !== undefined && Object.prototype.hasOwnProperty.call(record, key) ? record[key] : undefined;
}
