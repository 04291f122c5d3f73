import { parsePolicyPackConfig, PolicyPackConfigFile } from "../assumptions/policyPackConfigFile";
import type { ReportFinding, ReportLevel, StackReport } from "./schema";

/** A policy's level as it applies to violations: the SDK reports "remediate" policies' violations as mandatory. */
export function reportLevel(level: string | undefined): ReportLevel {
  if (level === "disabled") return "disabled";
  if (level === "mandatory" || level === "remediate") return "mandatory";
  return "advisory";
}

/** A finding's level under the given policy levels: findings the pack could not judge stay advisory. */
export function findingLevel(policyLevel: ReportLevel, notJudgeable: boolean): ReportLevel {
  if (policyLevel === "disabled") return "disabled";
  return notJudgeable ? "advisory" : policyLevel;
}

/**
 * The levels the engine applies with a `--policy-pack-config` file (pkg/resource/analyzer/config.go): the policy's
 * default, replaced by the "all" entry's level, replaced by the policy's own entry's level.
 */
export function configuredLevels(
  defaults: Record<string, ReportLevel>,
  config: PolicyPackConfigFile | string | undefined,
): Record<string, ReportLevel> {
  const parsed = parsePolicyPackConfig(config ?? {}) ?? {};
  const all = parsed["all"]?.enforcementLevel || undefined;
  const levels: Record<string, ReportLevel> = {};
  for (const [policy, level] of Object.entries(defaults)) {
    const own = parsed[policy]?.enforcementLevel || undefined;
    levels[policy] = own ? reportLevel(own) : all ? reportLevel(all) : level;
  }
  return levels;
}

/** The report with each finding's level as the engine would apply it under `config` (a policy-config file's content). */
export function withPolicyConfig(report: StackReport, config: PolicyPackConfigFile | string | undefined): StackReport {
  const policyLevels = configuredLevels(report.policyDefaultLevels, config);
  const relevel = (f: ReportFinding): ReportFinding => {
    // Findings the pack could not judge, and catalog-fresh's, stay advisory whatever the config says.
    const advisoryOnly = f.levelFrom === "not-judgeable" || f.levelFrom === "never-blocks";
    const policyLevel = policyLevels[f.policy] ?? reportLevel(undefined);
    return { ...f, level: findingLevel(policyLevel, advisoryOnly), levelFrom: advisoryOnly ? f.levelFrom : "policy-config" };
  };
  return {
    ...report,
    levelsFrom: "policy-config",
    policyLevels,
    workloads: report.workloads.map((w) => ({ ...w, findings: w.findings.map(relevel) })),
    findings: report.findings.map(relevel),
  };
}

/** Every finding of a report, the workloads' and the stack's. */
export function allFindings(report: StackReport): ReportFinding[] {
  return [...report.workloads.flatMap((w) => w.findings), ...report.findings];
}

/** Counts of findings by level (disabled ones are counted apart: the engine does not show them). */
export function countLevels(findings: ReportFinding[]): Record<ReportLevel, number> {
  const counts: Record<ReportLevel, number> = { mandatory: 0, advisory: 0, disabled: 0 };
  for (const f of findings) counts[f.level]++;
  return counts;
}
