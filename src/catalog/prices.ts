import type { Assumptions } from "../assumptions/schema";
import type { Catalog, InstanceTypeEntry, ManagedModelEntry } from "./schema";

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
  source: string;
}

/** Looks up instance types and models in the catalog, with policy-config overrides winning. */
export class PriceBook {
  private readonly instances: Map<string, InstanceTypeEntry>;
  private readonly models: Map<string, ManagedModelEntry>;
  private readonly multipliers = new Map<string, { multiplier: number; asOf: string }>();

  constructor(
    readonly catalog: Catalog,
    private readonly assumptions: Pick<Assumptions, "instancePrices" | "regionalInstancePrices" | "managedModels">,
  ) {
    this.instances = new Map(catalog.instances.map((i) => [i.type, i]));
    this.models = new Map(catalog.models.map((m) => [m.id, m]));
    for (const m of catalog.regionMultipliers) {
      for (const family of m.families) this.multipliers.set(`${family}@${m.region}`, { multiplier: m.multiplier, asOf: m.asOf });
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
    const entry = this.instances.get(type);
    if (!entry) return undefined;
    const listed = own(entry.onDemandUsdPerHour, region);
    if (listed !== undefined) return { usdPerHour: listed, source: `catalog ${entry.asOf}`, estimate: false };
    const base = entry.onDemandUsdPerHour["us-east-1"];
    const factor = this.multipliers.get(`${familyOf(type)}@${region}`);
    if (base === undefined || !factor) return undefined;
    return {
      usdPerHour: base * factor.multiplier,
      source: `catalog ${entry.asOf}, us-east-1 × ${factor.multiplier} for ${region}`,
      estimate: true,
    };
  }

  /** Regions the catalog can price `type` in, for a message that says what would work. */
  pricedRegions(type: string): string[] {
    const entry = this.instances.get(type);
    if (!entry) return [];
    const regions = new Set(Object.keys(entry.onDemandUsdPerHour));
    for (const key of this.multipliers.keys()) {
      const [family, region] = key.split("@");
      if (family === familyOf(type)) regions.add(region);
    }
    return [...regions].sort();
  }

  /** A managed model's price: policy config managedModels wins over the catalog. */
  modelPrice(id: string): ModelPrice | undefined {
    const override = own(this.assumptions.managedModels, id);
    if (override) return { id, ...override, source: "policy config managedModels" };
    const entry = this.models.get(id);
    if (!entry) return undefined;
    return {
      id,
      inputUsdPerMillion: entry.inputUsdPerMillion,
      outputUsdPerMillion: entry.outputUsdPerMillion,
      source: `catalog ${entry.asOf}`,
    };
  }

  /** Every model id known to the catalog or the policy config. */
  modelIds(): string[] {
    return [...new Set([...this.models.keys(), ...Object.keys(this.assumptions.managedModels)])];
  }
}

/** The family of an instance type: "g6e" for g6e.xlarge, "g5" for ml.g5.2xlarge. */
export function familyOf(instanceType: string): string {
  return instanceType.replace(/^ml\./, "").split(".")[0];
}

/** A record's own value for `key`: never an inherited one such as "constructor" or "__proto__". */
function own<T>(record: Record<string, T> | undefined, key: string): T | undefined {
  return record !== undefined && Object.prototype.hasOwnProperty.call(record, key) ? record[key] : undefined;
}
