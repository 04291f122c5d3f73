// Plain data the cost model works on. Nothing here knows about Pulumi or the catalog's files.

/** Monthly token volume of a workload. */
export interface TokenVolume {
  inputTokens: number;
  outputTokens: number;
}

/** A managed API's list price in USD per million tokens. */
export interface ManagedPrice {
  inputUsdPerMillion: number;
  outputUsdPerMillion: number;
}

/** Identical rented instances, priced per hour. */
export interface InstanceGroup {
  instanceType: string;
  count: number;
  usdPerHour: number;
  /** Where the hourly price came from, for the message ("catalog 2026-07-20", "policy config instancePrices"). */
  priceSource: string;
  /** True when the price is derived (a regional multiplier) rather than read. */
  estimate: boolean;
}

/** The month and stress assumptions the model needs. */
export interface CostAssumptions {
  hoursPerMonth: number;
  opsUsdPerHour: number;
  stressUtilization: number;
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
    }
  | { kind: "power"; included: true; monthlyUsd: 0 }
  | { kind: "ops"; hours: number; usdPerHour: number; monthlyUsd: number };

/** robust: wins at s·V; fragile: wins only at V; fails: the managed API is cheaper at V. */
export type Verdict = "robust" | "fragile" | "fails";

/** Everything the model needs to judge one workload's fleet. */
export interface WorkloadCostInput {
  groups: InstanceGroup[];
  opsHoursPerMonth: number;
  volume: TokenVolume;
  managedPrice: ManagedPrice;
  /** Measured input+output tokens per second one instance sustains, when declared. */
  tokensPerSecondPerInstance?: number;
  assumptions: CostAssumptions;
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
}

/** What the fleet can serve in a month at the declared throughput, and how much of it V and V* use. */
export interface Capacity {
  tokensPerSecondPerInstance: number;
  tokensPerMonth: number;
  utilization: number;
  breakEvenUtilization: number | null;
}
