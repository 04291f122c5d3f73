import { allFindings, countLevels } from "./levels";
import type { StackReport } from "./schema";
import { findingsPhrase, orderFindings, summarize, verdictsPhrase } from "./summary";
import { workloadTable } from "./table";

/** One or more stack reports as plain text for a terminal or a CI log: every finding with its whole message. */
export function textReport(reports: StackReport[]): string {
  const summary = summarize(reports);
  const icon = summary.mandatory ? "❌" : summary.advisory ? "⚠️" : "✅";
  const stacks = `${reports.length} ${reports.length === 1 ? "stack" : "stacks"}`;
  const out = [
    `gpu-breakeven: ${icon} ${findingsPhrase(summary.mandatory, summary.advisory)} in ${stacks}`,
    `Workloads: ${verdictsPhrase(summary.verdicts, ", ")}.`,
  ];
  for (const report of reports) {
    const findings = orderFindings(allFindings(report).filter((f) => f.level !== "disabled"));
    const counts = countLevels(findings);
    out.push(
      "",
      `Stack ${report.stack} (project ${report.project}): ${findingsPhrase(counts.mandatory, counts.advisory)}`,
      "",
      workloadTable(report),
    );
    if (findings.length) {
      out.push("", "  Findings:");
      for (const f of findings) {
        const subject = [f.resource, f.workload ? `workload ${f.workload}` : ""].filter(Boolean).join(", ");
        out.push(`    [${f.level}] ${f.policy}${subject ? `  (${subject})` : ""}`);
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
