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
  const doc = parse(fs.readFileSync(file, "utf8")) as { name?: string; main?: string; stackConfigDir?: string };
  if (!doc?.name) throw new Error(`${file} has no name`);
  return {
    dir,
    name: doc.name,
    main: path.resolve(dir, doc.main ?? "index.js"),
    stackConfigDir: path.resolve(dir, doc.stackConfigDir ?? "."),
  };
}

/** The stacks of a project: every Pulumi.<stack>.yaml in its stackConfigDir, sorted. */
export function listStacks(project: PulumiProject): string[] {
  if (!fs.existsSync(project.stackConfigDir)) return [];
  return fs
    .readdirSync(project.stackConfigDir)
    .map((f) => f.match(/^Pulumi\.(.+)\.yaml$/)?.[1])
    .filter((s): s is string => s !== undefined)
    .sort();
}

/** The config file of one stack. */
export function stackFile(project: PulumiProject, stack: string): string {
  return path.join(project.stackConfigDir, `Pulumi.${stack}.yaml`);
}
