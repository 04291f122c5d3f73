import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import type { StackAnalysis } from "../analysis/types";
import { stackReport } from "../report/json";

/** The environment variable that names the JSON report file. */
export const REPORT_ENV = "GPU_BREAKEVEN_REPORT";

/**
 * Writes the stack's JSON report (schema/stack-report.schema.json) where GPU_BREAKEVEN_REPORT says, never on stdout.
 * The file is written whole or not at all (a temporary file renamed into place), so CI never reads half a report.
 * A failure becomes an advisory finding of self-hosting-break-even, not a crash: the preview's findings stand.
 */
export function writeReportIfAsked(analysis: StackAnalysis): void {
  const file = process.env[REPORT_ENV];
  if (!file) return;
  const target = path.resolve(file);
  const temporary = `${target}.${process.pid}.tmp`;
  try {
    const report = stackReport(analysis, { stack: pulumi.getStack() ?? "", project: pulumi.getProject() ?? "" });
    fs.writeFileSync(temporary, JSON.stringify(report, null, 2) + "\n");
    fs.renameSync(temporary, target);
  } catch (e) {
    fs.rmSync(temporary, { force: true });
    const detail = (e instanceof Error ? e.message : String(e)).slice(0, 500);
    analysis.findings.push({
      policy: "self-hosting-break-even",
      level: "advisory",
      message: `The JSON report could not be written to ${REPORT_ENV}=${file}: ${detail}. ` +
        `The preview's findings are complete; only the report is missing. Point ${REPORT_ENV} at a writable file.`,
    });
  }
}
