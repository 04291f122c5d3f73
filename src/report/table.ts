import { textTable } from "../text/table";
import { percent, tokens, usd } from "./format";
import type { StackReport } from "./json";
import { verdictKey, VERDICT_NAMES } from "./summary";

/** A plain-text table, one row per workload: verdict, F, M(V), M(s·V), break-even volume, utilization. */
export function workloadTable(report: StackReport): string {
  const s = report.assumptions.stressUtilization;
  const header = ["workload", "verdict", "fixed/month", "managed at V", `managed at ${s}·V`, "break-even V*", "utilization"];
  const rows = report.workloads.map((w) => [
    w.name,
    verdictLabel(w),
    w.fixedMonthlyUsd === undefined ? "—" : usd(w.fixedMonthlyUsd),
    w.managedAtVolumeUsd === undefined ? "—" : usd(w.managedAtVolumeUsd),
    w.managedAtStressUsd === undefined ? "—" : usd(w.managedAtStressUsd),
    w.breakEvenTokens === undefined || w.breakEvenTokens === null ? "—" : `${tokens(w.breakEvenTokens)} tok`,
    w.utilization === undefined ? "—" : percent(w.utilization),
  ]);
  if (rows.length === 0) return "  (no workloads declared)";
  return textTable(header, rows);
}

function verdictLabel(w: StackReport["workloads"][number]): string {
  const key = verdictKey(w);
  return key === "selfHostedOnly" ? `${w.verdict} (self-hosted only)` : VERDICT_NAMES[key];
}
