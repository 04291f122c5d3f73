import { allFindings, countLevels } from "./levels";
import type { ReportFinding, StackReport, WorkloadReport } from "./schema";

/** What one or more stack reports add up to: the headline of a comment or a text report. */
export interface ReportSummary {
  stacks: number;
  stacksWithFindings: number;
  mandatory: number;
  advisory: number;
  disabled: number;
  verdicts: { robust: number; fragile: number; fails: number; selfHostedOnly: number; notEvaluated: number; noFleet: number };
  fleetUsd: number;
  managedUsd: number;
  evaluated: number;
}

export function summarize(reports: StackReport[]): ReportSummary {
  const summary: ReportSummary = {
    stacks: reports.length,
    stacksWithFindings: 0,
    mandatory: 0,
    advisory: 0,
    disabled: 0,
    verdicts: { robust: 0, fragile: 0, fails: 0, selfHostedOnly: 0, notEvaluated: 0, noFleet: 0 },
    fleetUsd: 0,
    managedUsd: 0,
    evaluated: 0,
  };
  for (const r of reports) {
    const counts = countLevels(allFindings(r));
    summary.mandatory += counts.mandatory;
    summary.advisory += counts.advisory;
    summary.disabled += counts.disabled;
    if (counts.mandatory + counts.advisory > 0) summary.stacksWithFindings++;
    for (const w of r.workloads) {
      summary.verdicts[verdictKey(w)]++;
      if (w.fixedMonthlyUsd !== undefined && w.managedAtVolumeUsd !== undefined) {
        summary.fleetUsd += w.fixedMonthlyUsd;
        summary.managedUsd += w.managedAtVolumeUsd;
        summary.evaluated++;
      }
    }
  }
  return summary;
}

export type VerdictKey = keyof ReportSummary["verdicts"];

export function verdictKey(w: WorkloadReport): VerdictKey {
  if (!w.verdict) return w.resources.length === 0 && w.notEvaluated.length === 0 ? "noFleet" : "notEvaluated";
  if (w.selfHostedOnly) return "selfHostedOnly";
  return w.verdict;
}

/** Workloads most in need of a reader's eye first: fails, fragile, not evaluated, then the rest; stable otherwise. */
export function bySeverity(workloads: WorkloadReport[]): WorkloadReport[] {
  const rank: Record<VerdictKey, number> = { fails: 0, fragile: 1, notEvaluated: 2, selfHostedOnly: 3, robust: 4, noFleet: 5 };
  return workloads.map((w, i) => ({ w, i })).sort((a, b) => rank[verdictKey(a.w)] - rank[verdictKey(b.w)] || a.i - b.i).map((x) => x.w);
}

/** "1 mandatory and 2 advisory findings", "3 advisory findings", "no findings". */
export function findingsPhrase(mandatory: number, advisory: number): string {
  const plural = (n: number) => (n === 1 ? "finding" : "findings");
  if (mandatory && advisory) return `${mandatory} mandatory and ${advisory} advisory ${plural(advisory)}`;
  if (mandatory) return `${mandatory} mandatory ${plural(mandatory)}`;
  if (advisory) return `${advisory} advisory ${plural(advisory)}`;
  return "no findings";
}

/** "2 robust · 1 fragile · 1 fails": only the verdicts that occur. */
export function verdictsPhrase(v: ReportSummary["verdicts"], separator = " · "): string {
  const parts: string[] = [];
  if (v.robust) parts.push(`${v.robust} robust`);
  if (v.fragile) parts.push(`${v.fragile} fragile`);
  if (v.fails) parts.push(`${v.fails} fails`);
  if (v.selfHostedOnly) parts.push(`${v.selfHostedOnly} self-hosted only`);
  if (v.notEvaluated) parts.push(`${v.notEvaluated} not evaluated`);
  if (v.noFleet) parts.push(`${v.noFleet} without a GPU fleet`);
  return parts.length ? parts.join(separator) : "none declared";
}

/** Findings in the order they are listed: mandatory first, then by policy, resource and workload. */
export function orderFindings(findings: ReportFinding[]): ReportFinding[] {
  const rank = { mandatory: 0, advisory: 1, disabled: 2 };
  return [...findings].sort(
    (a, b) =>
      rank[a.level] - rank[b.level] ||
      a.policy.localeCompare(b.policy) ||
      (a.resource ?? "").localeCompare(b.resource ?? "") ||
      (a.workload ?? "").localeCompare(b.workload ?? ""),
  );
}
