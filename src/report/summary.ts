import type { ChangeCounts, FindingChange, ReportComparison, StackComparison, WorkloadChange } from "./compare";
import { tokens, usd } from "./format";
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

/** "in 1 stack", "in 3 of 4 stacks" (those with findings, of all). */
export function wherePhrase(summary: ReportSummary): string {
  return summary.mandatory + summary.advisory === 0 || summary.stacks === 1
    ? `in ${plural(summary.stacks, "stack")}`
    : `in ${summary.stacksWithFindings} of ${summary.stacks} stacks`;
}

/** ❌ with a mandatory finding, ⚠️ with advisory ones only, else ✅. */
export function levelIcon(counts: { mandatory: number; advisory: number }): string {
  return counts.mandatory ? "❌" : counts.advisory ? "⚠️" : "✅";
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
      compareText(a.policy, b.policy) ||
      compareText(a.resource ?? "", b.resource ?? "") ||
      compareText(a.workload ?? "", b.workload ?? ""),
  );
}

/** How a stack fares: 0 any mandatory finding (it fails the preview), 1 advisory findings only, 2 no findings. */
export function stackSeverity(report: StackReport): 0 | 1 | 2 {
  const counts = countLevels(allFindings(report));
  return counts.mandatory ? 0 : counts.advisory ? 1 : 2;
}

/** Code-point order: the same on every machine, whatever its locale. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Stacks worst first (any mandatory finding, then advisory, then clean); ties by stack name, then project. */
export function stacksBySeverity(reports: StackReport[]): StackReport[] {
  return reports
    .map((r) => ({ r, severity: stackSeverity(r) }))
    .sort((a, b) => a.severity - b.severity || compareText(a.r.stack, b.r.stack) || compareText(a.r.project, b.r.project))
    .map((x) => x.r);
}

// ---- Against the base branch (the comparison of ./compare.ts, in words both renderers use) ----

/** The headline against a base branch: ❌ when the head adds a mandatory finding, ⚠️ when findings remain, else ✅. */
export function baseHeadline(summary: ReportSummary, comparison: ReportComparison): { icon: string; text: string } {
  const c = comparison.counts;
  if (c.newMandatory) {
    const advisory = c.newAdvisory ? ` (and ${c.newAdvisory} advisory)` : "";
    return { icon: "❌", text: `this pull request adds ${plural(c.newMandatory, "mandatory finding")}${advisory}` };
  }
  if (summary.mandatory) return { icon: "⚠️", text: `no new mandatory finding; ${summary.mandatory} already failing on the base branch` };
  if (summary.advisory) return { icon: "⚠️", text: `no new mandatory finding; ${plural(summary.advisory, "advisory finding")}` };
  return { icon: "✅", text: `no findings in ${plural(summary.stacks, "stack")}` };
}

/** Each head report's comparison and each head finding's change, to look them up while rendering the head. */
export function changeIndex(comparison: ReportComparison | undefined): {
  stackChange: Map<StackReport, StackComparison>;
  findingChange: Map<ReportFinding, FindingChange>;
} {
  const stackChange = new Map<StackReport, StackComparison>();
  const findingChange = new Map<ReportFinding, FindingChange>();
  for (const s of comparison?.stacks ?? []) {
    if (s.head) stackChange.set(s.head, s);
    for (const f of s.findings) if (f.head) findingChange.set(f.head, f);
  }
  return { stackChange, findingChange };
}

/** The stacks that are not unchanged, in the order the change summary lists them: new mandatory findings first, removed stacks last. */
export function movedStacks(comparison: ReportComparison): StackComparison[] {
  const rank = (s: StackComparison) =>
    s.status === "removed" ? 4 : s.counts.newMandatory ? 0 : s.counts.newAdvisory ? 1 : s.status === "new" ? 2 : 3;
  return comparison.stacks.filter((s) => s.status !== "unchanged").sort((a, b) => rank(a) - rank(b) || byStackName(a, b));
}

/** The head's stacks with mandatory findings the base branch already has, by name. */
export function alreadyFailingStacks(comparison: ReportComparison): StackComparison[] {
  return comparison.stacks.filter((s) => s.head && s.counts.alreadyMandatory > 0).sort(byStackName);
}

/** The unchanged stacks, by name. */
export function unchangedStacks(comparison: ReportComparison): StackComparison[] {
  return comparison.stacks.filter((s) => s.status === "unchanged").sort(byStackName);
}

function byStackName(a: StackComparison, b: StackComparison): number {
  return compareText(a.stack, b.stack) || compareText(a.project, b.project);
}

/** "1 mandatory finding", … : what a whole stack report holds. */
export function stackFindingsPhrase(report: StackReport): string {
  const counts = countLevels(allFindings(report));
  return findingsPhrase(counts.mandatory, counts.advisory);
}

/**
 * What a new or changed stack brings: "1 advisory finding; workloads 2 robust, 1 fails" for a new one, "1 new
 * mandatory finding, 1 resolved" (or that only figures changed) for a changed one.
 */
export function stackChangePhrase(s: StackComparison): string {
  if (s.status === "new") return `${stackFindingsPhrase(s.head!)}; workloads ${verdictsPhrase(summarize([s.head!]).verdicts, ", ")}`;
  return changesPhrase(s.counts) ?? "figures changed, findings did not";
}

/** Finding changes in the order their findings are listed (orderFindings): the head's finding, else the base's. */
export function orderChanges(changes: FindingChange[]): FindingChange[] {
  const byFinding = new Map(changes.map((c) => [(c.head ?? c.base)!, c]));
  return orderFindings([...byFinding.keys()]).map((f) => byFinding.get(f)!);
}

/** "level advisory → mandatory, message changed": how a finding of the same identity changed. */
export function findingChangePhrase(c: FindingChange): string {
  const level = c.differences.includes("level") ? `level ${c.base!.level} → ${c.head!.level}` : "";
  const message = c.differences.includes("message") ? "message changed" : "";
  return [level, message].filter(Boolean).join(", ");
}

/** "1 new mandatory finding, 1 resolved; 1 stack changed, 1 new, 2 unchanged" */
export function changeTotals(comparison: ReportComparison): string {
  const findings = changesPhrase(comparison.counts);
  const byStatus = { changed: 0, new: 0, removed: 0, unchanged: 0 };
  for (const s of comparison.stacks) byStatus[s.status]++;
  const stacks: string[] = [];
  if (byStatus.changed) stacks.push(`${plural(byStatus.changed, "stack")} changed`);
  if (byStatus.new) stacks.push(`${plural(byStatus.new, "new stack")}`);
  if (byStatus.removed) stacks.push(`${plural(byStatus.removed, "stack")} removed`);
  if (byStatus.unchanged) stacks.push(`${plural(byStatus.unchanged, "stack")} unchanged`);
  return `${findings ?? "no finding added, resolved or changed"}; ${stacks.join(", ") || "no stacks"}`;
}

/** "2 new findings (1 mandatory, 1 advisory), 1 resolved, 1 changed"; undefined when no finding changed. */
export function changesPhrase(c: ChangeCounts): string | undefined {
  const parts: string[] = [];
  if (c.newMandatory && c.newAdvisory) parts.push(`${c.newMandatory + c.newAdvisory} new findings (${c.newMandatory} mandatory, ${c.newAdvisory} advisory)`);
  else if (c.newMandatory) parts.push(`${c.newMandatory} new mandatory ${c.newMandatory === 1 ? "finding" : "findings"}`);
  else if (c.newAdvisory) parts.push(`${c.newAdvisory} new advisory ${c.newAdvisory === 1 ? "finding" : "findings"}`);
  if (c.resolved) parts.push(`${c.resolved} resolved`);
  if (c.changed) parts.push(`${c.changed} changed`);
  return parts.length ? parts.join(", ") : undefined;
}

/** The verdicts as the change lines name them. */
export const VERDICT_NAMES: Record<VerdictKey, string> = {
  fails: "fails",
  fragile: "fragile",
  robust: "robust",
  selfHostedOnly: "self-hosted only",
  notEvaluated: "not evaluated",
  noFleet: "no GPU fleet",
};

/**
 * The moves of a changed workload, as plain text: "robust → fails", "fleet F +$1,359/month ($3,359 → $4,717)",
 * "managed at V −$12,950/month ($14,000 → $1,050)", "V* 1.35B → 17.97B", "declared V …", "managed model a → b".
 */
export function workloadChangeParts(w: WorkloadChange, verdictWords: Record<VerdictKey, string> = VERDICT_NAMES): string[] {
  const parts: string[] = [];
  if (w.verdict) parts.push(`${verdictWords[w.verdict.from]} → ${verdictWords[w.verdict.to]}`);
  if (w.fixedMonthlyUsd) parts.push(`fleet F ${figureMove(w.fixedMonthlyUsd, usd, "/month")}`);
  if (w.managedAtVolumeUsd) parts.push(`managed at V ${figureMove(w.managedAtVolumeUsd, usd, "/month")}`);
  if (w.breakEvenTokens) parts.push(`V* ${tokenOrNone(w.breakEvenTokens.from)} → ${tokenOrNone(w.breakEvenTokens.to)}`);
  if (w.volumeTokens) parts.push(`declared V ${figureMove(w.volumeTokens, tokens, "")}`);
  if (w.managedModel) parts.push(`managed model ${w.managedModel.from ?? "none"} → ${w.managedModel.to ?? "none"}`);
  return parts;
}

/** "+$1,359/month ($3,359 → $4,717)", or "— → $4,717" when one side is unknown. */
function figureMove(f: { from?: number; to?: number; delta?: number }, format: (n: number) => string, unit: string): string {
  const from = f.from === undefined ? "—" : format(f.from);
  const to = f.to === undefined ? "—" : format(f.to);
  if (f.delta === undefined) return `${from} → ${to}`;
  const sign = f.delta > 0 ? "+" : "−";
  return `${sign}${format(Math.abs(f.delta))}${unit} (${from} → ${to})`;
}

function tokenOrNone(t: number | null | undefined): string {
  if (t === undefined) return "—";
  if (t === null) return "none";
  return tokens(t);
}

/** "1 stack", "2 stacks", "1,000 stacks". */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString("en-US")} ${n === 1 ? one : many}`;
}

/**
 * What each alternative model would charge at V: "frontier m $1,234 via …", "fast m (not priced)"; `id` and `price`
 * make the model's id and the price safe for the output.
 */
export function alternativePhrases(w: WorkloadReport, id = (text: string) => text, price = (text: string) => text): string[] {
  return (w.alternatives ?? []).map((a) => `${a.role} ${id(a.id)} ${price(alternativePrice(a))}`);
}

/** What an alternative model would charge at V, in words: "$1,234 via …", "(not priced)", or why none complies. */
function alternativePrice(a: NonNullable<WorkloadReport["alternatives"]>[number]): string {
  if (a.monthlyUsd !== undefined) return `${usd(a.monthlyUsd)}${a.via ? ` via ${a.via}` : ""}`;
  return a.noCompliantOffering ? "(no offering of it processes data only in allowedRegions)" : "(not priced)";
}

/** With allowedRegions: the offering M(V) prices, or that self-hosting is the only compliant option; else undefined. */
export function residencyPhrase(w: WorkloadReport): string | undefined {
  const model = w.managedModel?.id ?? "the managed model";
  if (w.noCompliantApi) {
    const known = w.noCompliantApi.offerings.map((o) => `${o.via}: ${o.regions.join(", ")}`);
    return (
      `Self-hosting is the only compliant option: no offering of ${model} processes data only in allowedRegions ` +
      `${w.noCompliantApi.allowedRegions.join(", ")} (${known.length ? `known: ${known.join("; ")}` : "the catalog knows of none"}).`
    );
  }
  const o = w.managedOffering;
  if (!o) return undefined;
  const factor = o.priceFactor !== 1 ? `, at ${o.priceFactor} × the list price${o.estimate ? " (estimated)" : ""}` : "";
  return `M(V) prices ${model} via ${o.via}, which processes data only in ${o.regions.join(", ")}${factor}.`;
}
