import * as crypto from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { PolicyConfigValidationError } from "../engine/policyConfig";
import { EngineDiagnostic, PackInfo, runPolicyPack } from "../engine/session";
import type { EngineResource } from "../engine/resource";
import { captureProgram, encodeConfig, readStackConfig } from "../mock/capture";
import { PulumiProject, stackFile } from "../project/project";
import type { StackReport } from "../report/json";
import { isInternalError } from "./command";

/** The outcome of previewing one stack under mocks with the policy pack. */
export interface StackCheck {
  stack: string;
  info: PackInfo;
  diagnostics: EngineDiagnostic[];
  report?: StackReport;
  resourceCount: number;
  /** The resources the program registered, as the engine would send them. */
  resources: EngineResource[];
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
 * Errors are one line each (the stack file, the program or the pack at fault); the full text is their `cause`.
 */
export async function checkStack(opts: {
  project: PulumiProject;
  stack: string;
  packDir?: string;
  policyConfig?: Record<string, unknown>;
  reportOut?: string;
}): Promise<StackCheck> {
  const config = oneLine(() => readStackConfig(stackFile(opts.project, opts.stack), { project: opts.project.name }));
  const resources = await captureProgram({
    programFile: opts.project.main,
    project: opts.project.name,
    stack: opts.stack,
    config,
    // As the Pulumi CLI runs a program: in its folder, TypeScript through ts-node unless Pulumi.yaml says otherwise.
    cwd: opts.project.programDir ?? opts.project.dir,
    typescript: opts.project.typescript,
  }).catch((e: unknown) => { throw programFailure(e, opts.project); });
  // Resolved here, not in the pack: the pack runs with its own folder as the working directory.
  const reportFile = opts.reportOut ? path.resolve(opts.reportOut) : path.join(os.tmpdir(), `gpu-breakeven-report-${crypto.randomUUID()}.json`);
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
    }).catch((e: unknown) => { throw packFailure(e); });
    const report = fs.existsSync(reportFile) ? (JSON.parse(fs.readFileSync(reportFile, "utf8")) as StackReport) : undefined;
    return { stack: opts.stack, info: run.info, diagnostics: run.diagnostics, report, resourceCount: resources.length, resources };
  } finally {
    if (!opts.reportOut) fs.rmSync(reportFile, { force: true });
  }
}

/** Runs `read`; an error comes back as its first line (a YAML error goes on with a code frame). */
function oneLine<T>(read: () => T): T {
  try {
    return read();
  } catch (e) {
    if (!isPlainError(e) || !e.message.includes("\n")) throw e;
    throw new Error(firstLine(e.message), { cause: e });
  }
}

/**
 * The program's failure in one line: what it threw, not the stack trace the mock run printed after it.
 * A missing module is almost always a project whose dependencies were never installed: say so.
 */
function programFailure(e: unknown, project: PulumiProject): unknown {
  if (!isPlainError(e)) return e;
  const [head, ...stderr] = e.message.split("\n");
  const lines = stderr.map((l) => l.trim()).filter((l) => l !== "" && !/^at\s/.test(l));
  // A heading ("⨯ Unable to compile TypeScript:") goes on with the line that says what and where.
  const detail = lines[0]?.endsWith(":") && lines[1] ? `${lines[0]} ${lines[1]}` : lines[0];
  if (!detail) return e.message.includes("\n") ? new Error(head.replace(/:$/, ""), { cause: e }) : e;
  const missing = detail.match(/Cannot find module '([^']+)'/)?.[1];
  const why = missing && !missing.startsWith(".") && !path.isAbsolute(missing)
    ? `its dependency ${missing} is not installed (run npm install in ${project.dir})`
    : detail.replace(/^Error: /, "");
  // "…failed: the mock run exited with code 1" says less than what follows it; a kill (timeout) stays.
  return new Error(`${head.replace(/:$/, "").replace(/: the mock run exited with code \d+$/, "")}: ${why}`, { cause: e });
}

/** The pack's failure in one line: a config problem per `;`, or the first line without the pack's stderr. */
function packFailure(e: unknown): unknown {
  if (e instanceof PolicyConfigValidationError) {
    return new Error(`invalid policy config: ${e.problems.join("; ")}`, { cause: e });
  }
  if (!isPlainError(e) || !e.message.includes("\n")) return e;
  return new Error(`${firstLine(e.message)} (GPU_BREAKEVEN_DEBUG=1 shows the pack's output)`, { cause: e });
}

/** An error that reports a problem with the input; a bug (a TypeError and the like) is left as it is. */
function isPlainError(e: unknown): e is Error {
  return e instanceof Error && !isInternalError(e);
}

function firstLine(message: string): string {
  return message.split("\n")[0].replace(/:$/, "");
}
