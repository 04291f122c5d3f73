import * as crypto from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { EngineDiagnostic, PackInfo, runPolicyPack } from "../engine/session";
import { captureProgram, encodeConfig, readStackConfig } from "../mock/capture";
import { PulumiProject, stackFile } from "../project/project";
import type { StackReport } from "../report/json";

/** The outcome of previewing one stack under mocks with the policy pack. */
export interface StackCheck {
  stack: string;
  info: PackInfo;
  diagnostics: EngineDiagnostic[];
  report?: StackReport;
  resourceCount: number;
}

/** The policy pack that ships with this package. */
export function defaultPackDir(): string {
  // Bundled as dist/cli.js (one level below the package root) or run from src/cli (two levels).
  const candidates = [path.resolve(__dirname, "..", "policy-pack"), path.resolve(__dirname, "..", "..", "policy-pack")];
  return candidates.find((d) => fs.existsSync(path.join(d, "PulumiPolicy.yaml"))) ?? candidates[0];
}

/**
 * Runs the project's program for `stack` under the SDK's mocks (a preview), then sends every resource
 * through the policy pack over the engine protocol, exactly as `pulumi preview --policy-pack` would.
 */
export async function checkStack(opts: {
  project: PulumiProject;
  stack: string;
  packDir?: string;
  policyConfig?: Record<string, unknown>;
  reportOut?: string;
}): Promise<StackCheck> {
  const config = readStackConfig(stackFile(opts.project, opts.stack), { project: opts.project.name });
  const resources = await captureProgram({ programFile: opts.project.main, project: opts.project.name, stack: opts.stack, config });
  const reportFile = opts.reportOut ?? path.join(os.tmpdir(), `gpu-breakeven-report-${crypto.randomUUID()}.json`);
  try {
    fs.rmSync(reportFile, { force: true });
    const run = await runPolicyPack({
      packDir: opts.packDir ?? defaultPackDir(),
      stackConfig: encodeConfig(config),
      project: opts.project.name,
      stack: opts.stack,
      organization: "organization",
      dryRun: true,
      env: { GPU_BREAKEVEN_REPORT: reportFile },
      policyConfig: opts.policyConfig as never,
      resources,
    });
    const report = fs.existsSync(reportFile) ? (JSON.parse(fs.readFileSync(reportFile, "utf8")) as StackReport) : undefined;
    return { stack: opts.stack, info: run.info, diagnostics: run.diagnostics, report, resourceCount: resources.length };
  } finally {
    if (!opts.reportOut) fs.rmSync(reportFile, { force: true });
  }
}
