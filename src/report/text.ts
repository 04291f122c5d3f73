import { compareReports, isAlreadyFailing, isNewFinding, ReportComparison } from "./compare";
import { allFindings, countLevels } from "./levels";
import { escapeControls, plainLines } from "./neutralize";
import type { ReportFinding, StackReport } from "./schema";
import {
  alreadyFailingStacks,
  alternativePhrases,
  baseHeadline,
  changeIndex,
  changeTotals,
  findingChangePhrase,
  findingsPhrase,
  levelIcon,
  movedStacks,
  orderChanges,
  orderFindings,
  plural,
  residencyPhrase,
  stackChangePhrase,
  stackFindingsPhrase,
  stacksBySeverity,
  summarize,
  unchangedStacks,
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
  const { stackChange, findingChange } = changeIndex(comparison);

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
    out.push(`gpu-breakeven: ${levelIcon(summary)} ${findingsPhrase(summary.mandatory, summary.advisory)} in ${plural(head.length, "stack")}`);
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
    // The report's strings are plain already (plainReport), and so is what the phrases make of them.
    for (const w of report.workloads) {
      const residency = residencyPhrase(w);
      if (residency) out.push(`  ${w.name}: ${residency}`);
      const alternatives = alternativePhrases(w);
      if (alternatives.length) out.push(`  ${w.name}, also at V: ${alternatives.join("; ")} a month`);
    }
    if (findings.length) {
      out.push("", "  Findings:");
      for (const f of findings) {
        const change = findingChange.get(f);
        const tag = !change ? "" : isNewFinding(change) ? "  [new]" : isAlreadyFailing(change) ? "  [already failing on the base branch]" : "";
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
  const moved = movedStacks(comparison);
  for (const s of moved) {
    const name = `${s.stack} (project ${s.project})`;
    if (s.status === "removed") {
      out.push(`  Removed stack ${name}: it had ${stackFindingsPhrase(s.base!)}.`);
      continue;
    }
    out.push(`  ${s.status === "new" ? "New stack" : "Stack"} ${name}: ${stackChangePhrase(s)}.`);
    for (const w of s.status === "changed" ? s.workloads : []) {
      if (w.status === "added") out.push(`    workload ${w.name} added: ${VERDICT_NAMES[verdictKey(w.head!)]}`);
      else if (w.status === "removed") out.push(`    workload ${w.name} removed (it was ${VERDICT_NAMES[verdictKey(w.base!)]})`);
      else if (w.status === "changed") out.push(`    ${w.name}: ${workloadChangeParts(w).join(" · ")}`);
    }
    for (const c of orderChanges(s.findings.filter((f) => f.status !== "unchanged" || f.introducesMandatory))) {
      const f = (c.head ?? c.base)!;
      const first = f.message.split("\n")[0];
      if (c.introducesMandatory || c.status === "added") out.push(`    new [${f.level}] ${f.policy}${subjectOf(f)}: ${first}`);
      else if (c.status === "removed") out.push(`    resolved [${f.level}] ${f.policy}${subjectOf(f)}`);
      else out.push(`    changed [${f.level}] ${f.policy}${subjectOf(f)}: ${findingChangePhrase(c)}`);
    }
  }
  if (moved.length === 0) out.push("  Nothing changed: every stack reports what it reports on the base branch.");
  const already = alreadyFailingStacks(comparison);
  if (already.length) {
    out.push(`  Already failing on the base branch, not introduced here: ${already.map((s) => `${s.stack} (${s.counts.alreadyMandatory} mandatory)`).join(", ")}.`);
  }
  const unchanged = unchangedStacks(comparison);
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
