// The example stacks are previewed once per test run (program under mocks, pack over the engine protocol), and
// every test file that needs one reads the same result.
import * as path from "path";
import { checkStack, StackCheck } from "../../src/cli/checkStack";
import { listStacks, readProject } from "../../src/project/project";
import { TEST_NOW } from "./pack";

export const project = readProject(path.resolve(__dirname, "..", ".."));
const checks = new Map<string, Promise<StackCheck>>();

/** The preview of one example stack on TEST_NOW, computed on first use and shared. */
export function exampleCheck(stack: string): Promise<StackCheck> {
  void TEST_NOW; // importing ./pack fixes the date every spawned pack uses
  let check = checks.get(stack);
  if (!check) checks.set(stack, (check = checkStack({ project, stack })));
  return check;
}

/** Previews `stacks` two at a time (this machine has two cores), so later exampleCheck calls find them ready. */
export async function prefetchExampleChecks(stacks: string[]): Promise<void> {
  const queue = [...stacks];
  const worker = async () => {
    for (let stack = queue.shift(); stack !== undefined; stack = queue.shift()) await exampleCheck(stack);
  };
  await Promise.all([worker(), worker()]);
}

/** Previews every example stack, two at a time; the first caller pays, the others find them ready. */
export function prefetchAllExampleChecks(): Promise<void> {
  return prefetchExampleChecks(listStacks(project));
}
