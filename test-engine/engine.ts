/**
 * Helpers for the engine tests: the Pulumi CLI (built by `npm run pulumi:build`, or PULUMI_BIN), a throw-away
 * Pulumi home, file backend and test project wired to the stand-in aws provider, and the policy events of a
 * `pulumi preview --event-log` run.
 */
import { spawn, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

export const REPO = path.resolve(__dirname, "..");
export const PACK_DIR = path.join(REPO, "policy-pack");
export const EXAMPLE_PROGRAM = path.join(REPO, "dist", "program.js");
export const EXAMPLE_STACKS = path.join(REPO, "stacks");
export const PROJECT_NAME = "gpu-inference";
const PROVIDER_SCRIPT = path.join(__dirname, "standin-aws-provider", "provider.js");

/** Every RPC the stand-in provider may see during a preview (anything else is a test failure). */
export const PREVIEW_PROVIDER_RPCS = new Set(["Handshake", "GetPluginInfo", "CheckConfig", "DiffConfig", "Configure", "Check", "Diff", "Cancel"]);

/**
 * The directory holding `pulumi` and `pulumi-language-nodejs`: the last stdout line of `npm run pulumi:build`
 * (which honours PULUMI_BIN, and builds on first use: minutes).
 */
export function pulumiBinDir(): string {
  const r = spawnSync(process.execPath, [path.join(REPO, "engine", "pulumi-build", "build.mjs")], {
    cwd: REPO,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
    maxBuffer: 16 * 1024 * 1024,
  });
  if (r.status !== 0) throw new Error(`npm run pulumi:build failed (exit ${r.status ?? r.signal})`);
  const dir = r.stdout.trim().split("\n").pop()?.trim();
  if (!dir || !fs.existsSync(path.join(dir, "pulumi"))) throw new Error(`pulumi:build printed no bin directory: ${JSON.stringify(r.stdout)}`);
  return dir;
}

/** A policyEvent of the event log (sdk/go/common/apitype/events.go PolicyEvent). */
export interface PolicyEvent {
  resourceUrn?: string;
  message: string;
  color: string;
  policyName: string;
  policyPackName: string;
  policyPackVersion: string;
  policyPackVersionTag?: string;
  enforcementLevel: string;
  severity?: string;
}

/** One finding, as compared between the engine and the harness. */
export interface Finding {
  policyName: string;
  enforcementLevel: string;
  urn: string;
  message: string;
}

/** The engine wraps a diagnostic's message in colour codes (raw colour) and ends it with a newline. */
export function unwrapEngineMessage(message: string): string {
  let m = message;
  const reset = "<{%reset%}>";
  if (m.endsWith("\n")) m = m.slice(0, -1);
  if (m.startsWith(reset)) m = m.slice(reset.length);
  if (m.endsWith(reset)) m = m.slice(0, -reset.length);
  return m;
}

export function readEvents(file: string): Record<string, unknown>[] {
  if (!fs.existsSync(file)) return [];
  return fs
    .readFileSync(file, "utf8")
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

export function policyEvents(events: Record<string, unknown>[]): PolicyEvent[] {
  return events.flatMap((e) => (e.policyEvent ? [e.policyEvent as PolicyEvent] : []));
}

export function engineFindings(events: PolicyEvent[]): Finding[] {
  return sortFindings(
    events.map((e) => ({
      policyName: e.policyName,
      enforcementLevel: e.enforcementLevel,
      urn: e.resourceUrn ?? "",
      message: unwrapEngineMessage(e.message),
    })),
  );
}

export function sortFindings(findings: Finding[]): Finding[] {
  const key = (f: Finding) => JSON.stringify([f.policyName, f.urn, f.enforcementLevel, f.message]);
  return [...findings].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

/** `urn:pulumi:<stack>::<project>::pulumi:pulumi:Stack::<project>-<stack>` (resource.DefaultRootStackURN). */
export function rootStackUrn(stack: string, project = PROJECT_NAME): string {
  return `urn:pulumi:${stack}::${project}::pulumi:pulumi:Stack::${project}-${stack}`;
}

export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
}

export function run(
  cmd: string,
  args: string[],
  opts: { cwd: string; env: NodeJS.ProcessEnv; timeoutMs?: number },
): Promise<RunResult> {
  const t0 = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: opts.cwd, env: opts.env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill("SIGKILL"), opts.timeoutMs ?? 300_000);
    child.on("error", (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, ms: Date.now() - t0 });
    });
  });
}

/** Runs at most `limit` of the queued functions at a time. */
export function limiter(limit: number): <T>(fn: () => Promise<T>) => Promise<T> {
  let active = 0;
  const queue: (() => void)[] = [];
  const next = () => {
    if (active >= limit) return;
    const start = queue.shift();
    if (start) {
      active++;
      start();
    }
  };
  return <T>(fn: () => Promise<T>) =>
    new Promise<T>((resolve, reject) => {
      queue.push(() =>
        fn()
          .then(resolve, reject)
          .finally(() => {
            active--;
            next();
          }),
      );
      next();
    });
}

/**
 * A sandbox for the real CLI: its own PULUMI_HOME (so no plugin, credential or setting of the user's is used,
 * and nothing is installed into theirs), a file backend, a passphrase, and the stand-in aws provider as a
 * project plugin directory. Nothing in it touches the repository.
 */
export class EngineSandbox {
  readonly root: string;
  readonly home: string;
  readonly backend: string;
  readonly pluginDir: string;
  readonly providerLog: string;

  constructor(readonly binDir: string) {
    this.root = fs.mkdtempSync(path.join(os.tmpdir(), "gpu-breakeven-engine-"));
    this.home = path.join(this.root, "pulumi-home");
    this.backend = path.join(this.root, "backend");
    this.pluginDir = path.join(this.root, "standin-aws-provider");
    this.providerLog = path.join(this.root, "standin-aws-provider.log");
    for (const d of [this.home, this.backend, this.pluginDir]) fs.mkdirSync(d, { recursive: true });
    // The executable the engine looks for in a provider plugin directory: pulumi-resource-<name>.
    const exe = path.join(this.pluginDir, "pulumi-resource-aws");
    fs.writeFileSync(exe, `#!/bin/sh\nexec ${shellQuote(process.execPath)} ${shellQuote(PROVIDER_SCRIPT)} "$@"\n`, { mode: 0o755 });
  }

  /**
   * The environment of every `pulumi` command: the caller's, minus anything that would point Pulumi elsewhere
   * and any report path of the caller's (each run sets its own). Other GPU_BREAKEVEN_* settings stay, as the
   * harness, which runs in this process, sees them too.
   */
  env(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
    const env: NodeJS.ProcessEnv = {};
    for (const [k, v] of Object.entries(process.env)) {
      if (!/^PULUMI_/.test(k) && k !== "GPU_BREAKEVEN_REPORT") env[k] = v;
    }
    return {
      ...env,
      PATH: `${this.binDir}${path.delimiter}${process.env.PATH ?? ""}`,
      PULUMI_HOME: this.home,
      PULUMI_BACKEND_URL: `file://${this.backend}`,
      PULUMI_CONFIG_PASSPHRASE: "gpu-breakeven engine tests",
      PULUMI_SKIP_UPDATE_CHECK: "true",
      // Fail, rather than download, if the engine wants any plugin the project does not provide.
      PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
      // --event-log is a debug flag of `pulumi preview` (hidden unless this is set).
      PULUMI_DEBUG_COMMANDS: "true",
      STANDIN_PROVIDER_LOG: this.providerLog,
      ...extra,
    };
  }

  /**
   * A Pulumi project directory in the sandbox: Pulumi.yaml named like the example project, with `main` pointing
   * at `program` (a path relative to the project directory, as Pulumi wants it) and the stand-in aws provider as
   * its `aws` plugin. The language host runs the program from the program's own directory, so @pulumi/pulumi and
   * @pulumi/aws resolve from the repository's node_modules. Stack files are copied into its stacks/ (stack init
   * and `config set` write to them).
   */
  project(name: string, opts: { program: string; stackFiles: Record<string, string> }): string {
    const dir = path.join(this.root, name);
    fs.mkdirSync(path.join(dir, "stacks"), { recursive: true });
    const main = path.relative(dir, opts.program).split(path.sep).join("/");
    fs.writeFileSync(
      path.join(dir, "Pulumi.yaml"),
      [
        `name: ${PROJECT_NAME}`,
        "runtime: nodejs",
        `main: ${JSON.stringify(main)}`,
        "stackConfigDir: stacks",
        "plugins:",
        "  providers:",
        "    - name: aws",
        `      path: ${JSON.stringify(this.pluginDir)}`,
        "",
      ].join("\n"),
    );
    for (const [stack, content] of Object.entries(opts.stackFiles)) {
      fs.writeFileSync(path.join(dir, "stacks", `Pulumi.${stack}.yaml`), content);
    }
    return dir;
  }

  async pulumi(args: string[], opts: { cwd: string; env?: Record<string, string>; timeoutMs?: number }): Promise<RunResult> {
    return run(path.join(this.binDir, "pulumi"), [...args, "--non-interactive"], {
      cwd: opts.cwd,
      env: this.env({ PWD: opts.cwd, ...opts.env }),
      timeoutMs: opts.timeoutMs,
    });
  }

  /** The RPCs the stand-in provider has answered so far, by method. */
  providerCalls(): { method: string; unimplemented?: boolean }[] {
    if (!fs.existsSync(this.providerLog)) return [];
    return fs
      .readFileSync(this.providerLog, "utf8")
      .split("\n")
      .filter((l) => l.trim())
      .map((l) => JSON.parse(l) as { method: string; unimplemented?: boolean });
  }

  remove(): void {
    fs.rmSync(this.root, { recursive: true, force: true });
  }
}

function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/** The findings of one side that the other side lacks (as multisets). */
export function diffFindings(engine: Finding[], harness: Finding[]): { onlyEngine: Finding[]; onlyHarness: Finding[] } {
  const key = (f: Finding) => JSON.stringify([f.policyName, f.enforcementLevel, f.urn, f.message]);
  const rest = harness.map(key);
  const onlyEngine: Finding[] = [];
  for (const f of engine) {
    const i = rest.indexOf(key(f));
    if (i >= 0) rest.splice(i, 1);
    else onlyEngine.push(f);
  }
  const onlyHarness = harness.filter((f) => {
    const i = rest.indexOf(key(f));
    if (i < 0) return false;
    rest.splice(i, 1);
    return true;
  });
  return { onlyEngine, onlyHarness };
}

/** Findings for an assertion message: level, policy, resource, then the message (long ones cut). */
export function describeFindings(findings: Finding[]): string {
  return findings
    .map((f) => {
      const lines = f.message.split("\n");
      const shown = lines.length > 12 ? [...lines.slice(0, 12), `… (${lines.length - 12} more lines)`] : lines;
      return `  [${f.enforcementLevel}] ${f.policyName} @ ${f.urn || '""'}\n    ${shown.join("\n    ")}`;
    })
    .join("\n");
}

/** Where two JSON values differ: up to `max` lines of `path: engine … harness …`. */
export function jsonDifferences(engine: unknown, harness: unknown, max = 20): string[] {
  const out: string[] = [];
  const show = (v: unknown) => {
    const s = JSON.stringify(v);
    return s === undefined ? "(absent)" : s.length > 160 ? `${s.slice(0, 160)}…` : s;
  };
  const walk = (a: unknown, b: unknown, at: string) => {
    if (out.length >= max) return;
    if (a && b && typeof a === "object" && typeof b === "object" && Array.isArray(a) === Array.isArray(b)) {
      const keys = new Set([...Object.keys(a as object), ...Object.keys(b as object)]);
      for (const k of keys) walk((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], Array.isArray(a) ? `${at}[${k}]` : `${at}.${k}`);
      return;
    }
    if (JSON.stringify(a) !== JSON.stringify(b)) out.push(`${at || "(root)"}: engine ${show(a)}, harness ${show(b)}`);
  };
  walk(engine, harness, "");
  return out;
}
