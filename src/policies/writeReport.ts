import * as pulumi from "@pulumi/pulumi";
import type { Finding } from "../analysis/findings";
import type { StackAnalysis } from "../analysis/types";
import { resolveUserPath } from "../io/userPath";
import { writeFileWhole, WriteError } from "../io/writeWhole";
import { stackReport } from "../report/json";
import type { EnginePolicyConfig } from "./callScope";

/** The environment variable that names the JSON report file. */
export const REPORT_ENV = "GPU_BREAKEVEN_REPORT";

/**
 * Where the user asked for the report: a relative path resolves against the directory the command ran in
 * (PWD, which the engine passes through), never the pack's directory, which is the pack process's cwd.
 */
export function reportTarget(file: string, env: NodeJS.ProcessEnv = process.env): string {
  return resolveUserPath(file, env);
}

/**
 * Writes the stack's JSON report where GPU_BREAKEVEN_REPORT says, never on stdout, whole or not at all: a
 * temporary file created exclusively beside the target, then renamed over it. The target must be a regular
 * file or nothing. A failure is returned as a pack-health finding; it changes no other finding.
 */
export function writeReportIfAsked(analysis: StackAnalysis, levels: Record<string, EnginePolicyConfig> | undefined): Finding | undefined {
  const file = process.env[REPORT_ENV];
  if (!file) return undefined;
  const target = reportTarget(file);
  try {
    const report = stackReport(analysis, {
      stack: pulumi.getStack() ?? "",
      project: pulumi.getProject() ?? "",
      ...(levels ? { policyLevels: Object.fromEntries(Object.entries(levels).map(([name, c]) => [name, c.level])) } : {}),
    });
    writeFileWhole(target, JSON.stringify(report, null, 2) + "\n");
    return undefined;
  } catch (e) {
    const detail = (e instanceof WriteError ? e.reason : e instanceof Error ? e.message : String(e)).slice(0, 300);
    return { policy: "pack-health", fact: { kind: "report-not-written", path: target, detail } };
  }
}
