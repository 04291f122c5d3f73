import * as path from "path";
import { parseArgs } from "util";
import type { PolicyPackConfigFile } from "../../engine/policyConfig";
import { writeFileWhole } from "../../io/writeWhole";
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
      writeFileWhole(reportOut, JSON.stringify(result.report, null, 2) + "\n");
    }
    return exitCodeFor(result.diagnostics.map((d) => d.enforcementLevel), failOn);
  },
};
