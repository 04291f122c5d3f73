import { parseArgs } from "util";
import { listStacks } from "../../project/project";
import { checkStack } from "../checkStack";
import { Command, stdoutClosed } from "../command";
import { renderStackCheck } from "../render";
import { loadProject, projectOptions } from "./projectOptions";

/** `demo`: every stack of the project, previewed under mocks through the pack. Always exits 0. */
export const demo: Command = {
  name: "demo",
  usage: `gpu-breakeven demo [--project-dir DIR] [--policy-pack-config FILE]
    Preview every stack of the project under Pulumi's mocks, through the policy pack. Exits 0.`,
  async run(argv) {
    const { values } = parseArgs({ args: argv, options: projectOptions });
    const { project, policyConfig } = loadProject(values);
    const stacks = listStacks(project);
    if (stacks.length === 0) throw new Error(`no Pulumi.<stack>.yaml files in ${project.stackConfigDir}`);
    for (const stack of stacks) {
      // `demo | head` has read what it wanted: previewing the other stacks would print to no one.
      if (stdoutClosed()) return 0;
      const check = await checkStack({ project, stack, policyConfig });
      console.log(`${"=".repeat(100)}\n${renderStackCheck(check)}\n`);
    }
    console.log(`Previewed ${stacks.length} stacks: ${stacks.join(", ")}.`);
    return 0;
  },
};
