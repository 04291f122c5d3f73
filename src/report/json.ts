import type { StackAnalysis } from "../analysis/types";
import { renderCostLine } from "./costLines";

/** The analysis of one stack as plain JSON: what `check` tables and pull-request reports are rendered from. */
export interface StackReport {
  schemaVersion: 1;
  stack: string;
  project: string;
  generatedAt: string;
  catalogAsOf: string;
  assumptions: StackAnalysis["assumptions"];
  workloads: WorkloadReport[];
}

export interface WorkloadReport {
  name: string;
  environment: string;
  resources: { name: string; urn: string; instanceType: string; region?: string; availabilityZone?: string }[];
  managedModel?: { id: string; inputUsdPerMillion: number; outputUsdPerMillion: number; source: string };
  monthlyInputTokens: number;
  monthlyOutputTokens: number;
  selfHostedOnly: boolean;
  costLines: { kind: string; monthlyUsd: number; text: string }[];
  fixedMonthlyUsd?: number;
  managedAtVolumeUsd?: number;
  managedAtStressUsd?: number;
  stressUtilization: number;
  verdict?: "robust" | "fragile" | "fails";
  breakEvenTokens?: number | null;
  selfHostedUsdPerMillion?: number | null;
  capacityTokensPerMonth?: number;
  utilization?: number;
  notEvaluated: string[];
  findings: { policy: string; message: string; urn?: string }[];
}

/** Builds the JSON report of a stack's analysis. Names and figures only: no resource property is copied. */
export function stackReport(analysis: StackAnalysis, meta: { stack: string; project: string; now?: Date }): StackReport {
  return {
    schemaVersion: 1,
    stack: meta.stack,
    project: meta.project,
    generatedAt: (meta.now ?? new Date()).toISOString(),
    catalogAsOf: analysis.catalogAsOf,
    assumptions: analysis.assumptions,
    workloads: analysis.workloads.map((w) => ({
      name: w.name,
      environment: w.declaration.environment,
      resources: w.resources.map((r) => ({
        name: r.name,
        urn: r.urn,
        instanceType: r.instanceType,
        region: r.region.known ? r.region.value : undefined,
        availabilityZone: r.availabilityZone,
      })),
      managedModel: w.managedModel,
      monthlyInputTokens: w.declaration.monthlyInputTokens,
      monthlyOutputTokens: w.declaration.monthlyOutputTokens,
      selfHostedOnly: w.declaration.dataResidency?.selfHostedOnly ?? false,
      costLines: (w.cost?.lines ?? []).map((l) => ({ kind: l.kind, monthlyUsd: l.monthlyUsd, text: renderCostLine(l) })),
      fixedMonthlyUsd: w.cost?.fixedMonthlyUsd,
      managedAtVolumeUsd: w.cost?.managedAtVolumeUsd,
      managedAtStressUsd: w.cost?.managedAtStressUsd,
      stressUtilization: analysis.assumptions.stressUtilization,
      verdict: w.cost?.verdict,
      breakEvenTokens: w.cost?.breakEvenTokens,
      selfHostedUsdPerMillion: w.cost?.selfHostedUsdPerMillion,
      capacityTokensPerMonth: w.cost?.capacity?.tokensPerMonth,
      utilization: w.cost?.capacity?.utilization,
      notEvaluated: w.notEvaluated,
      findings: analysis.findings
        .filter((f) => f.workload === w.name)
        .map((f) => ({ policy: f.policy, message: f.message, urn: f.urn })),
    })),
  };
}
