/**
 * Spawns a Node.js policy pack exactly like the Pulumi CLI does
 * (`node <@pulumi/pulumi/cmd/run-policy-pack> <engineAddr> <packDir>`, cwd = packDir) and reads the
 * gRPC port from the first stdout line (pkg/resource/plugin/plugin.go parsePort).
 */
import * as path from "path";
import { spawn, ChildProcess } from "child_process";
import { loadProtocol } from "./protocol";

export interface SpawnPolicyPackOptions {
  packDir: string;
  /** Decrypted stack config, `{"ns:key": "value"}`; becomes PULUMI_CONFIG. */
  stackConfig?: Record<string, string>;
  organization?: string;
  project?: string;
  stack?: string;
  dryRun?: boolean;
  /** Extra environment variables (applied last). */
  env?: Record<string, string>;
  /** How long to wait for the port line. Default 30 s. */
  startTimeoutMs?: number;
}

export interface PolicyPackProcess {
  port: number;
  pid: number;
  /** Milliseconds from spawn to the port line. */
  startMs: number;
  child: ChildProcess;
  /** Complete stdout lines after the port line (the engine turns them into info diagnostics). */
  stdoutLines(): string[];
  /** Everything the pack wrote to stderr so far. */
  stderr(): string;
  exited(): boolean;
  /** Kills the process (SIGTERM, then SIGKILL after 2 s) and waits for it to exit. */
  close(): Promise<void>;
}

/** The engine's environment for the pack (analyzer_plugin.go constructEnv): empty values are skipped. */
export function packEnvironment(opts: SpawnPolicyPackOptions): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  const set = (k: string, v: string | undefined) => {
    if (v !== undefined && v !== "") env[k] = v;
  };
  if (opts.stackConfig) set("PULUMI_CONFIG", JSON.stringify(opts.stackConfig));
  const dryRun = String(opts.dryRun ?? true);
  set("PULUMI_NODEJS_ORGANIZATION", opts.organization);
  set("PULUMI_NODEJS_PROJECT", opts.project);
  set("PULUMI_NODEJS_STACK", opts.stack);
  set("PULUMI_NODEJS_DRY_RUN", dryRun);
  set("PULUMI_ORGANIZATION", opts.organization);
  set("PULUMI_PROJECT", opts.project);
  set("PULUMI_STACK", opts.stack);
  set("PULUMI_DRY_RUN", dryRun);
  for (const [k, v] of Object.entries(opts.env ?? {})) env[k] = v;
  return env;
}

export function spawnPolicyPack(opts: SpawnPolicyPackOptions): Promise<PolicyPackProcess> {
  const packDir = path.resolve(opts.packDir);
  const { runPolicyPack } = loadProtocol(packDir);
  const timeoutMs = opts.startTimeoutMs ?? 30_000;
  const started = Date.now();
  const child = spawn(process.execPath, [runPolicyPack, "127.0.0.1:1" /* engine address: unused by the pack */, packDir], {
    cwd: packDir,
    env: packEnvironment(opts),
    stdio: ["ignore", "pipe", "pipe"],
  });

  let stdoutBuf = "";
  let portSeen = false;
  const extraLines: string[] = [];
  let stderrText = "";
  let hasExited = false;
  const exitPromise = new Promise<void>((resolve) => {
    child.once("exit", () => {
      hasExited = true;
      resolve();
    });
  });

  child.stdout!.setEncoding("utf8");
  child.stderr!.setEncoding("utf8");
  child.stderr!.on("data", (d: string) => {
    stderrText += d;
  });

  const kill = async () => {
    if (!hasExited) {
      child.kill("SIGTERM");
      const t = setTimeout(() => {
        if (!hasExited) child.kill("SIGKILL");
      }, 2000);
      await exitPromise;
      clearTimeout(t);
    }
  };

  return new Promise<PolicyPackProcess>((resolve, reject) => {
    let settled = false;
    const fail = (msg: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      const err = () => {
        const se = stderrText.trim();
        return new Error(`${msg} (policy pack ${packDir})` + (se ? `\n--- pack stderr ---\n${se}` : ""));
      };
      // Give stderr a moment to drain so the error carries the pack's own explanation.
      kill().then(
        () => setTimeout(() => reject(err()), 20),
        () => reject(err()),
      );
    };
    const timer = setTimeout(
      () => fail(`policy pack did not print its port within ${timeoutMs} ms`),
      timeoutMs,
    );

    child.once("error", (e) => fail(`failed to start policy pack: ${e.message}`));
    child.once("exit", (code, signal) => {
      if (!portSeen) {
        const partial = stdoutBuf.trim();
        fail(
          `policy pack exited (${signal ?? `code ${code}`}) before printing its port` +
            (partial ? `; stdout was: ${JSON.stringify(partial.slice(0, 500))}` : ""),
        );
      }
    });

    child.stdout!.on("data", (d: string) => {
      stdoutBuf += d;
      if (!portSeen) {
        const nl = stdoutBuf.indexOf("\n");
        if (nl < 0) return;
        const first = stdoutBuf.slice(0, nl).trim();
        stdoutBuf = stdoutBuf.slice(nl + 1);
        portSeen = true;
        // Like plugin.go parsePort: the first line must be a port number and nothing else.
        if (!/^\d+$/.test(first) || Number(first) <= 0 || Number(first) > 65535) {
          fail(
            `policy pack wrote to stdout before its port (the Pulumi CLI would report "wrote an invalid port"): ` +
              `first stdout line was ${JSON.stringify(first.slice(0, 200))}; log to stderr (console.error) while loading`,
          );
          return;
        }
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve({
          port: Number(first),
          pid: child.pid!,
          startMs: Date.now() - started,
          child,
          stdoutLines: () => extraLines.slice(),
          stderr: () => stderrText,
          exited: () => hasExited,
          close: kill,
        });
      }
      let nl: number;
      while ((nl = stdoutBuf.indexOf("\n")) >= 0) {
        extraLines.push(stdoutBuf.slice(0, nl).replace(/\r$/, ""));
        stdoutBuf = stdoutBuf.slice(nl + 1);
      }
    });
  });
}
