import * as fs from "fs";
import * as path from "path";
import { parseArgs } from "util";
import { listStacks, readProject } from "../project/project";
import { checkStack } from "./checkStack";
import { renderStackCheck } from "./render";

const usage = `gpu-breakeven — should this GPU fleet exist, or would a managed LLM API be cheaper?

Usage:
  gpu-breakeven demo  [--project-dir DIR] [--policy-pack-config FILE]
      Preview every stack of the project under Pulumi's mocks, through the policy pack. Exits 0.
  gpu-breakeven check --stack NAME [--project-dir DIR] [--policy-pack-config FILE] [--report-out FILE]
      Preview one stack. Exits 1 when a mandatory violation fires, as pulumi preview does.

Options:
  --project-dir DIR          folder with Pulumi.yaml (default: the current folder)
  --policy-pack-config FILE  policy config, the same file pulumi preview --policy-pack-config takes
  --report-out FILE          also write the pack's JSON report there
  -h, --help                 this text

With the real CLI: pulumi preview --policy-pack ./policy-pack [--policy-pack-config FILE]`;

/** Runs the CLI; resolves to the process exit code. */
export async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      stack: { type: "string" },
      "project-dir": { type: "string" },
      "policy-pack-config": { type: "string" },
      "report-out": { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  const command = positionals[0];
  if (values.help || !command) {
    console.log(usage);
    return values.help ? 0 : 2;
  }
  const project = readProject(path.resolve(values["project-dir"] ?? "."));
  const policyConfig = values["policy-pack-config"] ? JSON.parse(fs.readFileSync(values["policy-pack-config"], "utf8")) : undefined;

  if (command === "demo") {
    const stacks = listStacks(project);
    if (stacks.length === 0) throw new Error(`no Pulumi.<stack>.yaml files in ${project.stackConfigDir}`);
    for (const stack of stacks) {
      const check = await checkStack({ project, stack, policyConfig });
      console.log(`${"=".repeat(100)}\n${renderStackCheck(check)}\n`);
    }
    console.log(`Previewed ${stacks.length} stacks: ${stacks.join(", ")}.`);
    return 0;
  }
  if (command === "check") {
    if (!values.stack) throw new Error("check needs --stack NAME");
    const check = await checkStack({ project, stack: values.stack, policyConfig, reportOut: values["report-out"] });
    console.log(renderStackCheck(check));
    return check.diagnostics.some((d) => d.enforcementLevel === "mandatory") ? 1 : 0;
  }
  console.error(`unknown command "${command}"\n\n${usage}`);
  return 2;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => (process.exitCode = code),
    (e: Error) => {
      console.error(`gpu-breakeven: ${e.message}`);
      process.exitCode = 2;
    },
  );
}
