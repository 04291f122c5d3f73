/**
 * Parent side of the mock run: runs a Pulumi program in a child process under the SDK's runtime
 * mocks (see runner.ts) and returns its resources in the shape the engine sends to a policy pack.
 *
 * A child process, because the Pulumi runtime keeps process-wide state (config, stack, mocks, the
 * registered resources): one program run per process keeps runs independent of each other.
 */
import { spawn } from "child_process";
import * as crypto from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parse as parseYaml } from "yaml";
import type { EngineResource } from "../engine/resource";

export type { EngineResource, EngineProviderResource } from "../engine/resource";

export interface CaptureOptions {
  /** The compiled Pulumi program to run (e.g. dist/program.js). */
  programFile: string;
  /** Project name: the program's own config namespace, and part of every URN. */
  project: string;
  stack: string;
  organization?: string;
  /** Stack config keyed `ns:key`; values as parsed from YAML (non-strings are JSON-encoded). */
  config: Record<string, unknown>;
  /**
   * The folder the program runs in (its working directory, where ts-node looks for tsconfig.json): the
   * project folder, as the Pulumi CLI runs a program. Default: the current folder.
   */
  cwd?: string;
  /** Whether .ts files run through ts-node, as the Node.js language host runs them (default true). */
  typescript?: boolean;
  /** The runner script; by default dist/mock-runner.js of this package. */
  runnerFile?: string;
  /** Kill the program after this long (default 120 s). */
  timeoutMs?: number;
}

/** Runs the program as a preview under mocks and returns every custom resource it registers. */
export async function captureProgram(opts: CaptureOptions): Promise<EngineResource[]> {
  const runner = path.resolve(opts.runnerFile ?? defaultRunnerFile());
  const programFile = path.resolve(opts.programFile);
  if (!fs.statSync(programFile, { throwIfNoEntry: false })?.isFile()) throw new Error(missingProgram(programFile));
  const outFile = path.join(os.tmpdir(), `gpu-breakeven-capture-${process.pid}-${crypto.randomUUID()}.json`);

  // Start from our environment minus anything Pulumi-specific that a surrounding Pulumi process may
  // have set (monitor address, another stack's config), then set what the language host would.
  const env: NodeJS.ProcessEnv = {};
  // The user's own TypeScript settings (PULUMI_NODEJS_TRANSPILE_ONLY, PULUMI_NODEJS_TSCONFIG_PATH) are kept.
  for (const [k, v] of Object.entries(process.env)) {
    if (!/^PULUMI_(NODEJS_|CONFIG)/.test(k) || /^PULUMI_NODEJS_(TRANSPILE_ONLY|TSCONFIG_PATH)$/.test(k)) env[k] = v;
  }
  env.PULUMI_NODEJS_TYPESCRIPT = opts.typescript === false ? "false" : "true";
  env.PULUMI_CONFIG = JSON.stringify(encodeConfig(opts.config));
  env.PULUMI_NODEJS_PROJECT = opts.project;
  env.PULUMI_NODEJS_STACK = opts.stack;
  if (opts.organization) env.PULUMI_NODEJS_ORGANIZATION = opts.organization;

  try {
    const cwd = opts.cwd === undefined ? undefined : path.resolve(opts.cwd);
    const { code, signal, stderr } = await run(process.execPath, [runner, programFile, outFile], env, cwd,
      opts.timeoutMs ?? 120_000);
    if (code !== 0) {
      const why = signal ? `was killed (${signal})` : `exited with code ${code}`;
      throw new Error(`Pulumi program ${path.basename(programFile)} (stack ${opts.stack}) failed: the mock run ${why}` +
        (stderr.trim() ? `:\n${stderr.trim()}` : ""));
    }
    return JSON.parse(fs.readFileSync(outFile, "utf8")) as EngineResource[];
  } finally {
    fs.rmSync(outFile, { force: true });
  }
}

/** Why there is no program to run, and what to do about it. */
function missingProgram(programFile: string): string {
  const what = fs.existsSync(programFile) ? "is not a file" : "not found";
  return `Pulumi program ${programFile} ${what}: the program is \`main\` in Pulumi.yaml, else \`main\` in package.json, ` +
    "else index.js or index.ts in the project folder (a program compiled to JavaScript must be built first, e.g. `npm run build`)";
}

/** Stack config values as PULUMI_CONFIG carries them: strings as they are, everything else as JSON. */
export function encodeConfig(config: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(config)) {
    if (v === undefined) continue;
    out[k] = typeof v === "string" ? v : JSON.stringify(sortKeys(v));
  }
  return out;
}

/** Objects with their keys sorted at every level, as Go's encoding/json writes a map (the engine's config values). */
function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v === null || typeof v !== "object") return v;
  return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortKeys((v as Record<string, unknown>)[k])]));
}

/**
 * Reads the `config:` map of a `Pulumi.<stack>.yaml`: keys `ns:key`, values as parsed. Keys without
 * a namespace belong to the project, as the Pulumi CLI reads them; pass `project` to qualify them.
 * Encrypted (`secure:`) values are rejected: only the Pulumi CLI can decrypt them.
 */
export function readStackConfig(stackFile: string, opts: { project?: string } = {}): Record<string, unknown> {
  let doc: unknown;
  try {
    doc = parseYaml(fs.readFileSync(stackFile, "utf8"));
  } catch (e) {
    throw new Error(`cannot read stack config ${stackFile}: ${(e as Error).message}`);
  }
  if (doc === null || doc === undefined) return {};
  if (typeof doc !== "object" || Array.isArray(doc)) throw new Error(`${stackFile}: expected a YAML mapping`);
  const config = (doc as Record<string, unknown>).config;
  if (config === undefined || config === null) return {};
  if (typeof config !== "object" || Array.isArray(config)) {
    throw new Error(`${stackFile}: \`config:\` must be a mapping of "namespace:key" to values`);
  }
  const out: Record<string, unknown> = {};
  for (const [rawKey, value] of Object.entries(config as Record<string, unknown>)) {
    let key = rawKey;
    if (!key.includes(":")) {
      if (!opts.project) throw new Error(`${stackFile}: config key "${key}" has no namespace (write it as "<project>:${key}")`);
      key = `${opts.project}:${key}`;
    }
    const securePath = findSecure(value, key);
    if (securePath) {
      throw new Error(`${stackFile}: config ${securePath} is an encrypted \`secure:\` value; decrypting it needs the ` +
        `Pulumi CLI and the stack's secrets provider. Run \`pulumi preview --policy-pack ...\` instead, or give ` +
        `the mock run a plaintext placeholder for it.`);
    }
    out[key] = value;
  }
  return out;
}

/** The path of the first `{ secure: ... }` value inside `value`, if any. */
function findSecure(value: unknown, at: string): string | undefined {
  if (value === null || typeof value !== "object") return undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findSecure(value[i], `${at}[${i}]`);
      if (found) return found;
    }
    return undefined;
  }
  const o = value as Record<string, unknown>;
  if (Object.keys(o).length === 1 && typeof o.secure === "string") return at;
  for (const [k, v] of Object.entries(o)) {
    const found = findSecure(v, `${at}.${k}`);
    if (found) return found;
  }
  return undefined;
}

/**
 * dist/mock-runner.js: next to this module when it is bundled into dist/ (dist/cli.js, dist/index.js),
 * or ../../dist when it runs from source (src/mock/capture.ts under tsx).
 */
export function defaultRunnerFile(): string {
  const candidates = [
    path.join(__dirname, "mock-runner.js"),
    path.resolve(__dirname, "..", "..", "dist", "mock-runner.js"),
  ];
  const found = candidates.find((f) => fs.existsSync(f));
  if (!found) {
    throw new Error(`mock runner not found (looked for ${candidates.join(" and ")}); run \`npm run build\` first`);
  }
  return found;
}

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv, cwd: string | undefined, timeoutMs: number):
  Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    // stdout is the program's own chatter (console.log): drained and dropped; the result is a file.
    const child = spawn(cmd, args, { env, cwd, stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    child.stdout.resume();
    child.stderr.setEncoding("utf8");
    child.stderr.on("data", (d: string) => {
      if (stderr.length < 64_000) stderr += d;
    });
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("error", (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stderr });
    });
  });
}
