import * as fs from "fs";
import * as pulumi from "@pulumi/pulumi";
import type { StackAnalysis } from "../analysis/types";
import { stackReport } from "../report/json";

/** The environment variable that names the JSON report file. */
export const REPORT_ENV = "GPU_BREAKEVEN_REPORT";

/** Writes the stack's JSON report where GPU_BREAKEVEN_REPORT says; a failure becomes an advisory finding. */
export function writeReportIfAsked(analysis: StackAnalysis): void {
  const file = process.env[REPORT_ENV];
  if (!file) return;
  try {
    const report = stackReport(analysis, { stack: pulumi.getStack() ?? "", project: pulumi.getProject() ?? "" });
    fs.writeFileSync(file, JSON.stringify(report, null, 2) + "\n");
  } catch (e) {
    analysis.findings.push({
      policy: "self-hosting-break-even",
      level: "advisory",
      message: `The JSON report could not be written to ${REPORT_ENV}=${file}: ${(e as Error).message}. The findings below are complete.`,
    });
  }
}
