import * as crypto from "crypto";
import * as fs from "fs";
import * as path from "path";
import { parseArgs } from "util";
import type { PolicyPackConfigFile } from "../../engine/policyConfig";
import { withPolicyConfig } from "../../report/levels";
import { parseStackReport } from "../../report/schema";
import { checkStack } from "../checkStack";
import { Command, UsageError } from "../command";
import { renderStackCheck } from "../render";
import { loadProject, projectOptions } from "./projectOptions";

export const FAIL_ON = ["mandatory", "advisory", "never"] as const;
export type FailOn = (typeof FAIL_ON)[number];

/** The options `check` takes (the workflow test checks the example workflow against them). */
export const checkOptions = {
  ...projectOptions,
  stack: { type: "string" },
  "report-out": { type: "string" },
  "fail-on": { type: "string", default: "mandatory" },
} as const;

/** The exit code for the levels the engine reported, under --fail-on. */
export function exitCodeFor(levels: string[], failOn: FailOn): number {
  if (failOn === "never") return 0;
  if (failOn === "advisory") return levels.some((l) => l === "mandatory" || l === "advisory") ? 1 : 0;
  return levels.includes("mandatory") ? 1 : 0;
}

/** `check`: one stack; by default exits 1 when a mandatory violation fires, as `pulumi preview` does. */
export const check: Command = {
  name: "check",
  usage: `gpu-breakeven check --stack NAME [--project-dir DIR] [--policy-pack-config FILE] [--report-out FILE]
                   [--fail-on mandatory|advisory|never]
    Preview one stack under mocks through the pack. Exits 1 when a violation at or above --fail-on fires
    (default mandatory, as pulumi preview does; advisory: any violation; never: always 0), 2 on a usage error.
    --report-out writes the pack's JSON report, with the levels the policy config sets (a relative FILE is
    relative to the current folder); when it cannot be written, check prints the findings and exits 2.`,
  async run(argv) {
    const { values } = parseArgs({ args: argv, options: checkOptions });
    if (!values.stack) throw new UsageError("check needs --stack NAME");
    const failOn = values["fail-on"] as FailOn;
    if (!FAIL_ON.includes(failOn)) throw new UsageError(`--fail-on must be one of ${FAIL_ON.join(", ")}, got "${failOn}"`);
    const { project, policyConfig } = loadProject(values);
    // The user's working directory, not the pack's (the pack process runs in its own folder).
    const reportOut = values["report-out"] === undefined ? undefined : path.resolve(values["report-out"]);
    // The pack writes to a temporary file; only the re-leveled report below reaches the user's path.
    const result = await checkStack({ project, stack: values.stack, policyConfig });
    if (result.report) {
      // The pack wrote its policies' default levels; this run knows the policy config, so the report states the real ones.
      result.report = withPolicyConfig(parseStackReport(result.report, "the pack's report"), (policyConfig ?? {}) as PolicyPackConfigFile);
    }
    console.log(renderStackCheck(result));
    if (reportOut !== undefined) {
      if (!result.report) throw new Error(`cannot write the report to ${reportOut}: the pack wrote none (no stack analysis ran)`);
      writeReportFile(reportOut, JSON.stringify(result.report, null, 2) + "\n");
    }
    return exitCodeFor(result.diagnostics.map((d) => d.enforcementLevel), failOn);
  },
};

/**
 * Writes `text` to `target` whole or not at all: a temporary file beside it, created exclusively, then
 * renamed over it, so CI never reads half a report. Refuses a target that is there and is no regular
 * file (a directory, a FIFO, a device). Throws one line naming `target` and the reason.
 */
export function writeReportFile(target: string, text: string): void {
  const fail = (why: string) => new Error(`cannot write the report to ${target}: ${why}`);
  const file = replaceableFile(target, fail);
  const temporary = path.join(path.dirname(file), `.${path.basename(file)}.${crypto.randomBytes(6).toString("hex")}.tmp`);
  let created = false;
  try {
    const fd = fs.openSync(temporary, "wx", existingMode(file));
    created = true;
    try {
      fs.writeFileSync(fd, text);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(temporary, file);
  } catch (e) {
    // Only a file this call created is removed: "wx" failing means the name belongs to someone else.
    if (created) fs.rmSync(temporary, { force: true });
    throw fail(reason(e as NodeJS.ErrnoException, path.dirname(file)));
  }
}

/** The file to replace: `target`, or the file a symlink at `target` points to. */
function replaceableFile(target: string, fail: (why: string) => Error): string {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(target);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return target;
    throw fail(reason(e as NodeJS.ErrnoException, path.dirname(target)));
  }
  if (stat.isDirectory()) throw fail("it is a directory");
  if (!stat.isFile()) throw fail(`it is ${stat.isFIFO() ? "a FIFO" : stat.isSocket() ? "a socket" : "a device"}, not a regular file`);
  // Replace the file a link points to, not the link: writing through a symlink is what the user expects.
  return fs.realpathSync(target);
}

/** The permission bits of the file being replaced, so a rewrite keeps them; new files get the default. */
function existingMode(file: string): number {
  try {
    return fs.statSync(file).mode & 0o777;
  } catch {
    return 0o666;
  }
}

/** Why a write into `dir` failed, in words. */
function reason(e: NodeJS.ErrnoException, dir: string): string {
  switch (e.code) {
    case "ENOENT":
    case "ENOTDIR": {
      const blocker = firstNonDirectory(dir);
      return blocker ? `${blocker} is not a directory` : `no such directory ${missingAncestor(dir)}`;
    }
    case "EACCES":
    case "EPERM":
      return `permission denied in ${dir}`;
    case "EISDIR":
      return "it is a directory";
    case "EROFS":
      return `${dir} is on a read-only file system`;
    case "ENOSPC":
      return "no space left on the device";
    default:
      return e.message ?? String(e);
  }
}

/** The first existing component of `dir` that is not a directory (a regular file on the way), if any. */
function firstNonDirectory(dir: string): string | undefined {
  for (let at = dir; ; at = path.dirname(at)) {
    const stat = statOrUndefined(at);
    if (stat) return stat.isDirectory() ? undefined : at;
    if (path.dirname(at) === at) return undefined;
  }
}

function statOrUndefined(at: string): fs.Stats | undefined {
  try {
    return fs.statSync(at);
  } catch {
    return undefined; // missing, or below a file (ENOTDIR): either way, look further up
  }
}

/** The outermost missing folder on the way to `dir` (what the user has to create). */
function missingAncestor(dir: string): string {
  let missing = dir;
  for (let at = dir; !fs.existsSync(at) && path.dirname(at) !== at; at = path.dirname(at)) missing = at;
  return missing;
}
