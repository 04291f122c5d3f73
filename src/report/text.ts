import { usd } from "./format";
import { compareReports, FindingChange, ReportComparison, StackComparison } from "./compare";
import { allFindings, countLevels } from "./levels";
import { escapeControls, plainLines } from "./neutralize";
import type { ReportFinding, StackReport } from "./schema";
import {
  alternativePrice,
  baseHeadline,
  changesPhrase,
  changeTotals,
  compareText,
  findingsPhrase,
  orderFindings,
  plural,
  residencyPhrase,
  stacksBySeverity,
  summarize,
  verdictKey,
  VERDICT_NAMES,
  verdictsPhrase,
  wherePhrase,
  workloadChangeParts,
} from "./summary";
import { workloadTable } from "./table";

export interface TextOptions {
  /** The base branch's reports: the text opens with what the head changes against them. */
  base?: StackReport[];
}

/**
 * One or more stack reports as plain text for a terminal or a CI log, worst stack first: with `base`, what changed
 * first; then every stack's table and every finding with its whole message. Control characters from the reports are
 * shown as escapes (a name cannot move the cursor or recolour the log); a message keeps its own lines.
 */
export function textReport(reports: StackReport[], options: TextOptions = {}): string {
  const head = reports.map(plainReport);
  const comparison = options.base ? compareReports(options.base.map(plainReport), head) : undefined;
  const findingChange = new Map<ReportFinding, FindingChange>();
  const stackChange = new Map<StackReport, StackComparison>();
  for (const s of comparison?.stacks ?? []) {
    if (s.head) stackChange.set(s.head, s);
    for (const f of s.findings) if (f.head) findingChange.set(f.head, f);
  }

  const summary = summarize(head);
  const out: string[] = [];
  if (comparison) {
    const { icon, text } = baseHeadline(summary, comparison);
    out.push(
      `gpu-breakeven: ${icon} ${text}`,
      `Against the base branch: ${changeTotals(comparison)}.`,
      `Now: ${findingsPhrase(summary.mandatory, summary.advisory)} ${wherePhrase(summary)}.`,
    );
  } else {
    const icon = summary.mandatory ? "❌" : summary.advisory ? "⚠️" : "✅";
    out.push(`gpu-breakeven: ${icon} ${findingsPhrase(summary.mandatory, summary.advisory)} in ${plural(head.length, "stack")}`);
  }
  out.push(`Workloads: ${verdictsPhrase(summary.verdicts, ", ")}.`);
  if (comparison) out.push("", ...changeLines(comparison));

  for (const report of stacksBySeverity(head)) {
    const findings = orderFindings(allFindings(report).filter((f) => f.level !== "disabled"));
    const counts = countLevels(findings);
    const isNew = stackChange.get(report)?.status === "new" ? " (new stack)" : "";
    out.push(
      "",
      `Stack ${report.stack} (project ${report.project}): ${findingsPhrase(counts.mandatory, counts.advisory)}${isNew}`,
      "",
      workloadTable(report),
    );
    for (const w of report.workloads) {
      const residency = residencyPhrase(w);
      if (residency) out.push(`  ${escapeControls(w.name)}: ${escapeControls(residency)}`);
      const alternatives = (w.alternatives ?? []).map((a) => `${a.role} ${a.id} ${alternativePrice(a)}`);
      if (alternatives.length) out.push(`  ${escapeControls(w.name)}, also at V: ${escapeControls(alternatives.join("; "))} a month`);
    }
    if (findings.length) {
      out.push("", "  Findings:");
      for (const f of findings) {
        const change = findingChange.get(f);
        const tag = !comparison || !change
          ? ""
          : change.introducesMandatory || (change.status === "added" && f.level === "advisory")
            ? "  [new]"
            : f.level === "mandatory"
              ? "  [already failing on the base branch]"
              : "";
        out.push(`    [${f.level}] ${f.policy}${subjectOf(f)}${tag}`);
        for (const line of f.message.split("\n")) out.push(`      ${line}`);
      }
    }
    const a = report.assumptions;
    out.push(
      "",
      `  Catalog as of ${report.catalogAsOf}; ${a.hoursPerMonth} h/month, stress utilization ${a.stressUtilization}, ` +
        `ops $${a.opsUsdPerHour}/h, default model ${a.defaultManagedModel}; levels from ${report.levelsFrom === "policy-config" ? "the policy config" : "the policies' defaults"}.`,
    );
  }
  return out.join("\n") + "\n";
}

function subjectOf(f: ReportFinding): string {
  const subject = [f.resource, f.workload ? `workload ${f.workload}` : ""].filter(Boolean).join(", ");
  return subject ? `  (${subject})` : "";
}

/** What changed, stack by stack: new mandatory findings first; unchanged stacks on one line. */
function changeLines(comparison: ReportComparison): string[] {
  const out = ["Changes against the base branch:"];
  const rank = (s: StackComparison) =>
    s.status === "removed" ? 4 : s.counts.newMandatory ? 0 : s.counts.newAdvisory ? 1 : s.status === "new" ? 2 : 3;
  const moved = comparison.stacks
    .filter((s) => s.status !== "unchanged")
    .sort((a, b) => rank(a) - rank(b) || compareText(a.stack, b.stack) || compareText(a.project, b.project));
  for (const s of moved) {
    const name = `${s.stack} (project ${s.project})`;
    if (s.status === "removed") {
      const counts = countLevels(allFindings(s.base!).filter((f) => f.level !== "disabled"));
      out.push(`  Removed stack ${name}: it had ${findingsPhrase(counts.mandatory, counts.advisory)}.`);
      continue;
    }
    if (s.status === "new") {
      const counts = countLevels(allFindings(s.head!));
      out.push(`  New stack ${name}: ${findingsPhrase(counts.mandatory, counts.advisory)}; workloads ${verdictsPhrase(summarize([s.head!]).verdicts, ", ")}.`);
    } else {
      out.push(`  Stack ${name}: ${changesPhrase(s.counts) ?? "figures changed, findings did not"}.`);
      for (const w of s.workloads) {
        if (w.status === "added") out.push(`    workload ${w.name} added: ${VERDICT_NAMES[verdictKey(w.head!)]}`);
        else if (w.status === "removed") out.push(`    workload ${w.name} removed (it was ${VERDICT_NAMES[verdictKey(w.base!)]})`);
        else if (w.status === "changed") out.push(`    ${w.name}: ${workloadChangeParts(w).join(" · ")}`);
      }
    }
    const changes = s.findings.filter((f) => f.status !== "unchanged" || f.introducesMandatory);
    const byFinding = new Map(changes.map((c) => [(c.head ?? c.base)!, c]));
    for (const f of orderFindings([...byFinding.keys()])) {
      const c = byFinding.get(f)!;
      const first = f.message.split("\n")[0];
      if (c.introducesMandatory || c.status === "added") out.push(`    new [${f.level}] ${f.policy}${subjectOf(f)}: ${first}`);
      else if (c.status === "removed") out.push(`    resolved [${f.level}] ${f.policy}${subjectOf(f)}`);
      else {
        const what = [c.differences.includes("level") ? `level ${c.base!.level} → ${c.head!.level}` : "", c.differences.includes("message") ? "message changed" : ""];
        out.push(`    changed [${f.level}] ${f.policy}${subjectOf(f)}: ${what.filter(Boolean).join(", ")}`);
      }
    }
  }
  if (moved.length === 0) out.push("  Nothing changed: every stack reports what it reports on the base branch.");
  const byName = (a: StackComparison, b: StackComparison) => compareText(a.stack, b.stack) || compareText(a.project, b.project);
  const already = comparison.stacks.filter((s) => s.head && s.counts.alreadyMandatory > 0).sort(byName);
  if (already.length) {
    out.push(`  Already failing on the base branch, not introduced here: ${already.map((s) => `${s.stack} (${s.counts.alreadyMandatory} mandatory)`).join(", ")}.`);
  }
  const unchanged = comparison.stacks.filter((s) => s.status === "unchanged").sort(byName);
  if (unchanged.length) out.push(`  Unchanged (${unchanged.length}): ${unchanged.map((s) => s.stack).join(", ")}.`);
  return out;
}

/** The report with every string's control characters escaped; a finding's message keeps its line breaks. */
function plainReport(report: StackReport): StackReport {
  return plainDeep(report, "") as StackReport;
}

function plainDeep(value: unknown, key: string): unknown {
  if (typeof value === "string") return key === "message" ? plainLines(value).join("\n") : escapeControls(value);
  if (Array.isArray(value)) return value.map((v) => plainDeep(v, ""));
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[escapeControls(k)] = plainDeep(v, k);
    return out;
  }
  return value;
}
