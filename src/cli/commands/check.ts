import { parseArgs } from "util";
import { checkStack } from "../checkStack";
import { Command, UsageError } from "../command";
import { renderStackCheck } from "../render";
import { loadProject, projectOptions } from "./projectOptions";

/** `check`: one stack; exits 1 when a mandatory violation fires, as `pulumi preview` does. */
export const check: Command = {
  name: "check",
  usage: `gpu-breakeven check --stack NAME [--project-dir DIR] [--policy-pack-config FILE] [--report-out FILE]
    Preview one stack. Exits 1 when a mandatory violation fires, as pulumi preview does.`,
  async run(argv) {
    const { values } = parseArgs({ args: argv, options: { ...projectOptions, stack: { type: "string" }, "report-out": { type: "string" } } });
    if (!values.stack) throw new UsageError("check needs --stack NAME");
    const { project, policyConfig } = loadProject(values);
    const result = await checkStack({ project, stack: values.stack, policyConfig, reportOut: values["report-out"] });
    console.log(renderStackCheck(result));
    return result.diagnostics.some((d) => d.enforcementLevel === "mandatory") ? 1 : 0;
  },
};
