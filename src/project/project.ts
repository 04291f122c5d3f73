import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";

/** What the CLI needs from a Pulumi project: its name, program, and where its stack files live. */
export interface PulumiProject {
  dir: string;
  name: string;
  /**
   * The program's entry point, found as the Pulumi CLI and its Node.js language host find it: `main` in
   * Pulumi.yaml when it names a file; otherwise (no `main`, or `main` names a folder) the `exports` or `main` of
   * the nearest package.json, else index.js (or index.ts) in the program's folder. A TypeScript file runs as the
   * language host runs it, through ts-node.
   */
  main: string;
  stackConfigDir: string;
  /** The folder the program runs in: the project folder, or `main` when it names a folder (as `pulumi` does). */
  programDir?: string;
  /** Pulumi.yaml `runtime.options.typescript` (default true): whether .ts files run through ts-node. */
  typescript?: boolean;
}

/** Reads Pulumi.yaml in `dir`. */
export function readProject(dir: string): PulumiProject {
  const file = path.join(dir, "Pulumi.yaml");
  if (!fs.existsSync(file)) throw new Error(`no Pulumi.yaml in ${dir}: run from the project folder or pass --project-dir`);
  const doc = readYaml(file) as { name?: unknown; main?: unknown; stackConfigDir?: unknown; runtime?: unknown } | null;
  if (typeof doc?.name !== "string" || doc.name === "") throw new Error(`${file} has no name`);
  for (const key of ["main", "stackConfigDir"] as const) {
    if (doc[key] !== undefined && typeof doc[key] !== "string") throw new Error(`${file}: ${key} must be a path`);
  }
  const typescript = nodejsRuntime(file, doc.runtime);
  const { main, programDir } = programEntry(dir, doc.main as string | undefined, typescript);
  return {
    dir,
    name: doc.name,
    main,
    stackConfigDir: path.resolve(dir, (doc.stackConfigDir as string | undefined) ?? "."),
    programDir,
    typescript,
  };
}

/**
 * Checks that the project is a Node.js one (the only kind the mock run can execute) and returns its
 * `runtime.options.typescript` (default true). A Pulumi.yaml without `runtime` is taken as Node.js.
 */
function nodejsRuntime(file: string, runtime: unknown): boolean {
  if (runtime === undefined || runtime === null) return true;
  const spec = typeof runtime === "string" ? { name: runtime } : (runtime as { name?: unknown; options?: { typescript?: unknown } });
  if (typeof spec !== "object" || typeof spec.name !== "string") throw new Error(`${file}: runtime must be a name or { name, options }`);
  if (spec.name !== "nodejs") {
    throw new Error(`${file}: runtime ${spec.name}: gpu-breakeven check and demo run Node.js (JavaScript or TypeScript) ` +
      "programs only; for this project use pulumi preview --policy-pack");
  }
  const typescript = spec.options?.typescript;
  return typescript === undefined ? true : typescript !== false && typescript !== "false";
}

/**
 * The entry point and the working folder, as `pulumi` resolves them: a `main` that names a folder becomes the
 * working folder and the program is looked up there; package.json is searched upward from it, as the language
 * host does (`exports`, then `main`, used only when the file exists).
 */
function programEntry(dir: string, main: string | undefined, typescript: boolean): { main: string; programDir: string } {
  let programDir = dir;
  if (main !== undefined) {
    const named = path.resolve(dir, main);
    if (!isDirectory(named)) return { main: named, programDir };
    programDir = named;
  }
  const packageRoot = nearestPackageRoot(programDir);
  if (packageRoot !== undefined) {
    const declared = packageEntry(readJson(path.join(packageRoot, "package.json")));
    if (declared !== undefined && fs.existsSync(path.join(packageRoot, declared))) return { main: path.join(packageRoot, declared), programDir };
  }
  // What `require(folder)` loads: index.js, then index.ts once ts-node is registered.
  const indexes = typescript ? ["index.js", "index.ts"] : ["index.js"];
  const index = indexes.map((f) => path.join(programDir, f)).find((f) => fs.existsSync(f));
  return { main: index ?? path.join(programDir, "index.js"), programDir };
}

/** package.json's entry point the way the Node.js language host reads it: `exports` (".", default/require/import), else `main`. */
function packageEntry(pkg: unknown): string | undefined {
  if (pkg === null || typeof pkg !== "object") return undefined;
  const { exports, main } = pkg as { exports?: unknown; main?: unknown };
  if (typeof exports === "string") return exports;
  if (exports !== null && typeof exports === "object") {
    const dot = (exports as Record<string, unknown>)["."];
    if (typeof dot === "string") return dot;
    if (dot !== null && typeof dot === "object") {
      const conditions = dot as Record<string, unknown>;
      const picked = [conditions.default, conditions.require, conditions.import].find((v) => typeof v === "string");
      return picked as string | undefined;
    }
    return undefined;
  }
  return typeof main === "string" ? main : undefined;
}

/** The nearest folder at or above `from` that holds a package.json. */
function nearestPackageRoot(from: string): string | undefined {
  for (let d = path.resolve(from); ; d = path.dirname(d)) {
    if (fs.existsSync(path.join(d, "package.json"))) return d;
    if (path.dirname(d) === d) return undefined;
  }
}

function isDirectory(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/** A JSON file's content, or undefined when it cannot be read (best effort, as the language host does). */
function readJson(file: string): unknown {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8"));
  } catch {
    return undefined;
  }
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
