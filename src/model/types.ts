// Plain data the cost model works on. Nothing here knows about Pulumi or the catalog's files.
import type { HybridPlan } from "./hybrid";

/** Monthly token volume of a workload. */
export interface TokenVolume {
  inputTokens: number;
  outputTokens: number;
  /** Share of the input tokens a prompt cache serves (0–1); billed at the cached-input price. */
  cachedInputShare?: number;
}

/** A managed API's list price in USD per million tokens. */
export interface ManagedPrice {
  inputUsdPerMillion: number;
  outputUsdPerMillion: number;
  /** Price of cached input tokens; when unknown, cached tokens are billed as ordinary input (never free). */
  cachedInputUsdPerMillion?: number;
}

/** A share off the on-demand price: spot, a savings plan or reserved instances. */
export interface Discount {
  share: number;
  /** What it is and where it came from: "spot, catalog g6e family", "savings plan 1 yr, declared". */
  label: string;
  estimate: boolean;
  /**
   * Set when what the discount is comes from a value the engine marks secret (a secret market type, or the commitment
   * of a secret declaration): its share is used for the cost, its share and label are shown as [secret].
   */
  secret?: true;
}

/** Identical rented instances, priced per hour. */
export interface InstanceGroup {
  instanceType: string;
  count: number;
  /** The on-demand (list) price per hour, before any discount. */
  usdPerHour: number;
  /** Where the hourly price came from, for the message ("catalog 2026-07-20", "policy config instancePrices"). */
  priceSource: string;
  /** True when the price is derived (a regional multiplier) rather than read. */
  estimate: boolean;
  discount?: Discount;
  /** What is rented, when it is not plain instances: "capacity reservation, paid whether used or not". */
  note?: string;
}

/** Servers the organisation owns: amortized purchase, metered power, colocation. */
export interface OwnedServers {
  name: string;
  count: number;
  purchaseUsd: number;
  usefulLifeMonths: number;
  /** Average whole-server draw in watts. */
  powerWatts: number;
  /** True when powerWatts was estimated from board power rather than declared. */
  powerEstimated: boolean;
  colocationUsdPerMonth: number;
}

/** The month, stress and power assumptions the model needs. */
export interface CostAssumptions {
  hoursPerMonth: number;
  opsUsdPerHour: number;
  stressUtilization: number;
  /** Needed only for owned hardware. */
  pue?: number;
  electricityUsdPerKwh?: number;
}

export type CostLine =
  | {
      kind: "compute";
      instanceType: string;
      count: number;
      usdPerHour: number;
      hours: number;
      monthlyUsd: number;
      priceSource: string;
      estimate: boolean;
      discount?: Discount;
      note?: string;
    }
  | { kind: "power"; included: true; monthlyUsd: 0 }
  | { kind: "owned-compute"; name: string; count: number; purchaseUsd: number; usefulLifeMonths: number; monthlyUsd: number }
  | {
      kind: "owned-power";
      name: string;
      count: number;
      watts: number;
      hours: number;
      pue: number;
      usdPerKwh: number;
      estimate: boolean;
      monthlyUsd: number;
    }
  | { kind: "colocation"; name: string; count: number; usdPerMonth: number; monthlyUsd: number }
  | { kind: "ops"; hours: number; usdPerHour: number; monthlyUsd: number };

/** robust: wins at s·V; fragile: wins only at V; fails: the managed API is cheaper at V. */
export type Verdict = "robust" | "fragile" | "fails";

/** Everything the model needs to judge one workload's fleet. */
export interface WorkloadCostInput {
  groups: InstanceGroup[];
  owned?: OwnedServers[];
  opsHoursPerMonth: number;
  volume: TokenVolume;
  managedPrice: ManagedPrice;
  /** Measured input+output tokens per second one instance sustains, when declared. */
  tokensPerSecondPerInstance?: number;
  /** Otherwise, the whole fleet's input+output tokens per second as estimated from the served model. */
  estimatedFleetTokensPerSecond?: number;
  /** 24 weights, one per UTC hour (declaration hourlyProfile): demand follows them, every day alike. */
  hourlyProfile?: readonly number[];
  assumptions: CostAssumptions;
}

/** A month's tokens and what they cost. */
export interface TokensAndUsd {
  tokens: number;
  usd: number;
}

/** The inputs of the hybrid plans, as plain data: the profile, one instance's terms, ops, the month, the fleet's size. */
export interface PeakTerms {
  hourlyProfile: number[];
  tokensPerSecondPerInstance: number;
  usdPerHour: number;
  discountShare: number;
  opsUsd: number;
  hoursPerMonth: number;
  instances: number;
  /** The managed API's price per 1M tokens of this workload's mix: M(V) ÷ V × 1e6. */
  blendedUsdPerMillion: number;
}

/** With an hourly profile: the busiest hour against the fleet, the overflow it sends to the API, and the cheapest hybrid. */
export interface PeakLoad {
  /** Tokens in the busiest UTC hour of a day at V. */
  peakHourTokens: number;
  /** What the whole fleet serves in an hour: tokens/s × 3,600 × instances. */
  fleetHourlyTokens: number;
  /** Tokens the fleet cannot serve in their hour, billed at the managed model's blended price: at V and at s·V. */
  overflowAtVolume: TokensAndUsd;
  overflowAtStress: TokensAndUsd;
  /** The fewest instances that serve the busiest hour (undefined when an instance serves nothing). */
  peakSizedInstances?: number;
  /** What the plans were computed from, so a chart can cost any other volume with the same model. */
  terms: PeakTerms;
  /** The cheapest plan from n = 0 (all API) to the peak-sized fleet, at V and at s·V; for one instance type. */
  hybridAtVolume?: HybridPlan;
  hybridAtStress?: HybridPlan;
}

/** The model's answer for one workload. */
export interface WorkloadCost {
  lines: CostLine[];
  fixedMonthlyUsd: number;
  volumeTokens: number;
  managedAtVolumeUsd: number;
  managedAtStressUsd: number;
  stressUtilization: number;
  verdict: Verdict;
  /** V* = F ÷ (M(V) ÷ V): the monthly tokens at which both cost the same; null when V or M(V) is 0. */
  breakEvenTokens: number | null;
  /** F ÷ V × 1e6; null when V is 0. */
  selfHostedUsdPerMillion: number | null;
  instanceCount: number;
  capacity?: Capacity;
  /** Set when the workload declares an hourly profile and the fleet's throughput is known. */
  peak?: PeakLoad;
}

/** What the fleet can serve in a month at the declared throughput, and how much of it V and V* use. */
export interface Capacity {
  /** Per instance when measured; the whole fleet's when estimated (then `estimated` is true). */
  tokensPerSecondPerInstance: number;
  estimated?: boolean;
  tokensPerMonth: number;
  /** V ÷ capacity; null when the fleet has no instances. */
  utilization: number | null;
  breakEvenUtilization: number | null;
}
