import type { Finding, StackAnalysis, WorkloadResult } from "../analysis/types";
import { DEFAULT_LEVELS } from "../analysis/registry";
import type { ChosenOffering } from "../analysis/managedOffering";
import type { WayToPass } from "../analysis/wayToPass";
import type { PeakLoad } from "../model/types";
import { chartPoints, chartSeries } from "./chart";
import { hiddenFactors, renderCostLine } from "./costLines";
import { redactDeep, SECRET_MARK } from "../text/redact";
import { describeBlocker, describeFinding } from "./describe";
import { findingLevel, reportLevel } from "./levels";
import { parseStackReport, REPORT_SCHEMA_VERSION, ReportFinding, ReportLevel, StackReport, WorkloadReport } from "./schema";

export type { ReportFinding, StackReport, WorkloadReport } from "./schema";

/** What the report says besides the analysis: where it ran, and the pack's policies with their default levels. */
export interface ReportMeta {
  stack: string;
  project: string;
  now?: Date;
  /** Policy name → default enforcement level; by default, those of the pack's own policies. */
  policyDefaultLevels?: Record<string, string>;
  /** Policy name → the level the engine configured, when the pack saw its Configure call. */
  policyLevels?: Record<string, string>;
}

/** "chat-0" from "urn:pulumi:stack::project::aws:ec2/instance:Instance::chat-0". */
function resourceName(urn: string | undefined): string | undefined {
  if (!urn) return undefined;
  const parts = urn.split("::");
  return parts.length >= 4 ? parts.slice(3).join("::") : undefined;
}

/** A number the JSON report can hold: JSON has no Infinity or NaN. */
function finite(n: number | undefined): number | undefined {
  return n !== undefined && Number.isFinite(n) ? n : undefined;
}
function finiteOrNull(n: number | null | undefined): number | null | undefined {
  return n === null ? null : finite(n);
}

/**
 * Builds the JSON report of a stack's analysis and validates it against the published schema. Names and figures
 * only: no resource property is copied. Levels are those the engine configured (meta.policyLevels) when the
 * pack saw them, else each policy's default; `withPolicyConfig` applies a policy config file.
 */
export function stackReport(analysis: StackAnalysis, meta: ReportMeta): StackReport {
  const secrets = analysis.secrets ?? [];
  const defaults: Record<string, ReportLevel> = {};
  for (const [policy, level] of Object.entries(meta.policyDefaultLevels ?? DEFAULT_LEVELS)) defaults[policy] = reportLevel(level);
  const configured = meta.policyLevels;
  // What the describer wrote has its secrets replaced already (describeFinding, describeBlocker): kept, not searched again.
  const described = new Set<string>();
  const describe = (text: string) => (described.add(text), text);
  const levels: Record<string, ReportLevel> = { ...defaults };
  for (const [policy, level] of Object.entries(configured ?? {})) levels[policy] = reportLevel(level);
  const finding = (f: Finding): ReportFinding => {
    const advisoryOnly = f.level === "advisory";
    const levelFrom = advisoryOnly ? (f.fact.kind === "catalog-stale" ? "never-blocks" : "not-judgeable") : configured ? "policy-config" : "policy-default";
    return {
      policy: f.policy,
      level: findingLevel(levels[f.policy] ?? "advisory", advisoryOnly),
      levelFrom,
      kind: f.fact.kind,
      message: describe(describeFinding(f, secrets)),
      urn: f.urn,
      resource: resourceName(f.urn),
      workload: f.workload,
    };
  };
  const names = new Set(analysis.workloads.map((w) => w.name));
  const s = analysis.assumptions.stressUtilization;
  const report: StackReport = {
    schemaVersion: REPORT_SCHEMA_VERSION,
    stack: meta.stack,
    project: meta.project,
    generatedAt: (meta.now ?? new Date()).toISOString(),
    catalogAsOf: analysis.catalogAsOf,
    assumptions: analysis.assumptions,
    levelsFrom: configured ? "policy-config" : "policy-defaults",
    policyLevels: levels,
    policyDefaultLevels: defaults,
    workloads: analysis.workloads.map((w) => {
      const volume = w.declaration.monthlyInputTokens + w.declaration.monthlyOutputTokens;
      const entry: WorkloadReport = {
        name: w.name,
        environment: w.declaration.environment,
        resources: w.resources.map((r) => {
          // A value the engine marks secret is shown as [secret], whatever its length or type.
          const hidden = r.secret ?? {};
          const zones = hidden.zones ? r.availabilityZones.map(() => SECRET_MARK) : r.availabilityZones;
          return {
            name: r.name,
            urn: r.urn,
            kind: r.kindLabel,
            instanceType: hidden.instanceType ? SECRET_MARK : r.instanceType,
            count: hidden.count ? SECRET_MARK : r.count,
            market: hidden.market ? SECRET_MARK : r.market,
            region: r.region.known && r.region.value !== undefined && hidden.region ? SECRET_MARK : r.region.known ? r.region.value : undefined,
            availabilityZones: zones,
            availabilityZone: zones.length === 1 ? zones[0] : undefined,
          };
        }),
        managedModel: w.managedModel && {
          id: w.managedModel.id,
          inputUsdPerMillion: w.managedModel.inputUsdPerMillion,
          outputUsdPerMillion: w.managedModel.outputUsdPerMillion,
          source: w.managedModel.source,
        },
        monthlyInputTokens: w.declaration.monthlyInputTokens,
        monthlyOutputTokens: w.declaration.monthlyOutputTokens,
        volumeTokens: volume,
        stressVolumeTokens: volume * s,
        selfHostedOnly: (w.declaration.dataResidency?.selfHostedOnly ?? false) || w.noCompliantApi !== undefined,
        ...(w.managedOffering ? { managedOffering: reportOffering(w.managedOffering) } : {}),
        ...(w.noCompliantApi
          ? { noCompliantApi: { allowedRegions: w.noCompliantApi.allowedRegions, offerings: w.noCompliantApi.offerings.map((o) => ({ via: o.via, regions: o.regions })) } }
          : {}),
        costLines: (w.cost?.lines ?? []).map((l, i) => ({ kind: l.kind, monthlyUsd: l.monthlyUsd, text: renderCostLine(l, hiddenFactors(w.secret, i)) })),
        fixedMonthlyUsd: finite(w.cost?.fixedMonthlyUsd),
        managedAtVolumeUsd: finite(w.cost?.managedAtVolumeUsd),
        managedAtStressUsd: finite(w.cost?.managedAtStressUsd),
        stressUtilization: s,
        verdict: w.cost?.verdict,
        breakEvenTokens: finiteOrNull(w.cost?.breakEvenTokens),
        selfHostedUsdPerMillion: finiteOrNull(w.cost?.selfHostedUsdPerMillion),
        capacityTokensPerMonth: finite(w.cost?.capacity?.tokensPerMonth),
        utilization: finite(w.cost?.capacity?.utilization ?? undefined),
        breakEvenUtilization: finiteOrNull(w.cost?.capacity?.breakEvenUtilization),
        ...(w.cost?.capacity?.estimated ? { capacityEstimated: true } : {}),
        ...(w.wayToPass ? { wayToPass: reportWayToPass(w.wayToPass) } : {}),
        ...(w.cost?.peak ? { peak: reportPeak(w.cost.peak, w.secret?.instanceCount === true) } : {}),
        ...(w.alternatives ? { alternatives: w.alternatives.map((a) => ({ ...a, ...(a.monthlyUsd !== undefined ? { monthlyUsd: finite(a.monthlyUsd) } : {}) })) } : {}),
        notEvaluated: w.notEvaluated.map((b) => describe(describeBlocker(b, secrets))),
        findings: analysis.findings.filter((f) => f.workload === w.name).map(finding),
      };
      return withFiguresHidden(entry, w);
    }),
    findings: analysis.findings.filter((f) => f.workload === undefined || !names.has(f.workload)).map(finding),
  };
  // The schema is the contract: a report that does not satisfy it is a bug, reported rather than written.
  // Every string but the describer's (names, ids, cost lines, …) has the secrets it holds replaced here.
  return parseStackReport(JSON.parse(JSON.stringify(redactDeep(report, secrets, described))), "the report built from the analysis");
}

/**
 * The workload's entry with the figures of a secret declaration (V, its input and output, s·V, the hourly profile and
 * throughput in the peak terms) and a secret discount (of a secret market type, or of a secret declaration's
 * commitment) shown as [secret]. The chart cannot be drawn from hidden figures, so the entry then carries its points,
 * computed here from the true ones: volumes relative to V, lines in dollars (derived, like F and M(V)).
 */
function withFiguresHidden(entry: WorkloadReport, w: WorkloadResult): WorkloadReport {
  const declaration = w.secret?.declaration === true;
  const discount = (w.cost?.lines ?? []).some((l) => l.kind === "compute" && l.discount?.secret === true);
  if (!declaration && !(discount && entry.peak)) return entry;
  const series = chartSeries(entry);
  const hidden: WorkloadReport = { ...entry, ...(series ? { chart: chartPoints(series) } : {}) };
  if (declaration) {
    Object.assign(hidden, { monthlyInputTokens: SECRET_MARK, monthlyOutputTokens: SECRET_MARK, volumeTokens: SECRET_MARK, stressVolumeTokens: SECRET_MARK });
  }
  if (entry.peak) {
    const terms = { ...entry.peak.terms };
    if (declaration) Object.assign(terms, { hourlyProfile: SECRET_MARK, tokensPerSecondPerInstance: SECRET_MARK });
    if (discount) terms.discountShare = SECRET_MARK;
    hidden.peak = { ...entry.peak, terms };
  }
  return hidden;
}

/** The way to pass as the report states it: flat fields, no unions; a secret market or discount as [secret]. */
function reportWayToPass(way: WayToPass): NonNullable<StackReport["workloads"][number]["wayToPass"]> {
  const { discount, marketSecret, ...fleet } = way.fleet ?? ({} as Partial<NonNullable<WayToPass["fleet"]>>);
  const discountShare: { discountShare?: number | typeof SECRET_MARK } = discount ? { discountShare: marketSecret || discount.secret ? SECRET_MARK : discount.share } : {};
  return {
    budgetUsd: way.budgetUsd,
    target: way.target,
    minimumCount: way.minimumCount,
    ...(way.fleet
      ? { fleet: { ...(fleet as Omit<NonNullable<WayToPass["fleet"]>, "discount" | "marketSecret">), ...(marketSecret ? { market: SECRET_MARK } : {}), ...discountShare } }
      : {}),
    throughputKnown: way.throughputKnown,
    ...(way.sameTypeWithinBudget ? { sameTypeWithinBudget: way.sameTypeWithinBudget } : {}),
    opsExceedBudget: way.opsExceedBudget,
    managedAllowed: way.managed.allowed,
    ...(way.managed.allowed ? { managedModel: way.managed.modelId, managedMonthlyUsd: way.managed.monthlyUsd, ...(way.managed.via ? { managedVia: way.managed.via } : {}) } : {}),
  };
}

/** The compliant offering as the report states it. */
function reportOffering(o: ChosenOffering): NonNullable<StackReport["workloads"][number]["managedOffering"]> {
  return { via: o.via, regions: o.regions, priceFactor: o.priceFactor, estimate: o.estimate, source: o.source };
}

/** The busiest hour and the hybrid plans as the report states them; a secret instance count as [secret]. */
function reportPeak(peak: PeakLoad, secretCount: boolean): NonNullable<StackReport["workloads"][number]["peak"]> {
  return {
    terms: secretCount ? { ...peak.terms, instances: SECRET_MARK } : peak.terms,
    peakHourTokens: peak.peakHourTokens,
    fleetHourlyTokens: peak.fleetHourlyTokens,
    overflowTokens: peak.overflowAtVolume.tokens,
    overflowUsd: peak.overflowAtVolume.usd,
    stressOverflowTokens: peak.overflowAtStress.tokens,
    stressOverflowUsd: peak.overflowAtStress.usd,
    ...(peak.peakSizedInstances !== undefined ? { peakSizedInstances: peak.peakSizedInstances } : {}),
    ...(peak.hybridAtVolume ? { hybrid: { ...peak.hybridAtVolume } } : {}),
    ...(peak.hybridAtStress ? { stressHybrid: { ...peak.hybridAtStress } } : {}),
  };
}
