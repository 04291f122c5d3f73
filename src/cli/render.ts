import { policiesSection } from "../report/preview";
import { workloadTable } from "../report/table";
import type { StackCheck } from "./checkStack";

/** The text `check` and `demo` print for one stack: the workload table, then the Policies section. */
export function renderStackCheck(check: StackCheck): string {
  const mandatory = check.diagnostics.filter((d) => d.enforcementLevel === "mandatory").length;
  const advisory = check.diagnostics.length - mandatory;
  const lines = [
    `Stack ${check.stack}: ${check.resourceCount} resources previewed, ${mandatory} mandatory and ${advisory} advisory violations`,
    "",
    check.report ? workloadTable(check.report) : "  (the pack wrote no report: no stack analysis ran)",
    "",
    policiesSection(check.diagnostics, `${check.info.name}@v${check.info.version} (local: policy-pack)`),
  ];
  return lines.join("\n");
}
