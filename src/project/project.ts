import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";

/** What the CLI needs from a Pulumi project: its name, program, and where its stack files live. */
export interface PulumiProject {
  dir: string;
  name: string;
  main: string;
  stackConfigDir: string;
}

/** Reads Pulumi.yaml in `dir`. */
export function readProject(dir: string): PulumiProject {
  const file = path.join(dir, "Pulumi.yaml");
  if (!fs.existsSync(file)) throw new Error(`no Pulumi.yaml in ${dir}: run from the project folder or pass --project-dir`);
  const doc = readYaml(file) as { name?: unknown; main?: unknown; stackConfigDir?: unknown } | null;
  if (typeof doc?.name !== "string" || doc.name === "") throw new Error(`${file} has no name`);
  for (const key of ["main", "stackConfigDir"] as const) {
    if (doc[key] !== undefined && typeof doc[key] !== "string") throw new Error(`${file}: ${key} must be a path`);
  }
  return {
    dir,
    name: doc.name,
    main: path.resolve(dir, (doc.main as string | undefined) ?? "index.js"),
    stackConfigDir: path.resolve(dir, (doc.stackConfigDir as string | undefined) ?? "."),
  };
}

/** The stacks of a project: every Pulumi.<stack>.yaml in its stackConfigDir, sorted. */
export function listStacks(project: PulumiProject): string[] {
  if (!fs.existsSync(project.stackConfigDir)) return [];
  return fs
    .readdirSync(project.stackConfigDir)
    .map((f) => f.match(/^Pulumi\.(.+)\.yaml$/)?.[1])
    .filter((s): s is string => s !== undefined && isStackName(s))
    .sort();
}

/**
 * The config file of one stack of the project. The name must be one of `listStacks`: a name is not a
 * path, so `../x`, `a/b` or a NUL never reach the file system outside the stacks directory.
 */
export function stackFile(project: PulumiProject, stack: string): string {
  const stacks = listStacks(project);
  if (!isStackName(stack) || !stacks.includes(stack)) {
    const what = isStackName(stack)
      ? `no stack "${stack}" (no ${path.join(project.stackConfigDir, `Pulumi.${stack}.yaml`)})`
      : `${JSON.stringify(stack)} is not a stack name (a stack is a Pulumi.<name>.yaml file in ${project.stackConfigDir})`;
    const known = stacks.length > 0 ? `the stacks are ${stacks.join(", ")}` : `${project.stackConfigDir} has no Pulumi.<stack>.yaml files`;
    throw new Error(`${what}; ${known}`);
  }
  return path.join(project.stackConfigDir, `Pulumi.${stack}.yaml`);
}

/** A name that can only ever name a file inside the stacks directory. */
function isStackName(stack: string): boolean {
  return stack !== "" && !/[/\\\0]/.test(stack) && !stack.includes("..");
}

/** A YAML file's document, or an error naming the file and the first line of what is wrong. */
function readYaml(file: string): unknown {
  try {
    return parse(fs.readFileSync(file, "utf8"));
  } catch (e) {
    // The yaml package's messages go on with a code frame; the first line says what and where.
    const why = ((e as Error).message.split("\n")[0] ?? "").replace(/:$/, "");
    throw new Error(`cannot read ${file}: ${why}`);
  }
}
