// The example stacks under the real Pulumi engine: `pulumi preview --policy-pack policy-pack` with the CLI and
// Node.js language host built by `npm run pulumi:build` (or PULUMI_BIN), a file backend, and a stand-in aws
// provider (test-engine/standin-aws-provider). Each stack's policy events must be the findings the in-repo
// harness (src/cli/checkStack.ts: the program under mocks, the pack over the engine protocol) reports for it:
// same policies, levels, resources and messages. Where they differ, the engine is right: see
// docs/engine-differences.md. Run with `npm run test:engine` (docs/engine-tests.md).
import * as assert from "node:assert/strict";
import * as crypto from "crypto";
import * as fs from "fs";
import * as path from "path";
import { parse as parseYaml, stringify as stringifyYaml } from "yaml";
import { checkStack } from "../src/cli/checkStack";
import {
  EngineSandbox,
  EXAMPLE_PROGRAM,
  EXAMPLE_STACKS,
  Finding,
  PACK_DIR,
  PREVIEW_PROVIDER_RPCS,
  PolicyEvent,
  REPO,
  RunResult,
  describeFindings,
  diffFindings,
  engineFindings,
  jsonDifferences,
  limiter,
  policyEvents,
  pulumiBinDir,
  readEvents,
  sortFindings,
} from "./engine";

type Project = Parameters<typeof checkStack>[0]["project"];

const EXAMPLE_STACK_NAMES = fs
  .readdirSync(EXAMPLE_STACKS)
  .map((f) => /^Pulumi\.(.+)\.yaml$/.exec(f)?.[1])
  .filter((s): s is string => s !== undefined)
  .sort();
const ORG_POLICY_CONFIG = path.join(REPO, "examples", "org-policy-config.json");
const COMPUTED_PROGRAM_DIR = path.join(__dirname, "computed-instance-type");
/** Policy configs the engine must reject, each with the errors the harness reports for it. */
const INVALID_POLICY_CONFIGS = ["policy-config-schema-violations", "policy-config-unknown-level", "policy-config-level-not-a-string"].map(
  (name) => path.join(__dirname, "fixtures", `${name}.json`),
);
const CONCURRENCY = Math.max(1, Number(process.env.GPU_BREAKEVEN_ENGINE_CONCURRENCY ?? 2));
const KEEP = process.env.GPU_BREAKEVEN_ENGINE_KEEP === "1";
/** The secret cost-centre tag of the secret case: it must show up in no policy message. */
const SECRET = `cc-secret-${crypto.randomBytes(6).toString("hex")}`;

/** One preview under the engine and the same check under the harness. */
interface Case {
  /** Stack name (in the engine's backend and in the harness's URNs). */
  stack: string;
  /** Where the stack's config comes from. */
  stackFile: string;
  /** The program (default: the example program). */
  program?: string;
  policyConfigFile?: string;
  /** Rewrites the stack file's YAML document (for both the engine and the harness). */
  transform?: (doc: { config: Record<string, unknown> }) => void;
  /** Stack config values set with `pulumi config set --secret` (plaintext for the harness). */
  secrets?: Record<string, string>;
  /** GPU_BREAKEVEN_REPORT as the user writes it; relative paths resolve against the directory pulumi runs in. */
  reportPath?: (projectDir: string) => { env: string; expected: string };
}

interface Outcome {
  engine: {
    run: RunResult;
    events: PolicyEvent[];
    allEvents: Record<string, unknown>[];
    findings: Finding[];
    reportExpected: string;
    eventLog: string;
    projectDir: string;
  };
  harness: { findings: Finding[]; report?: unknown; reportFile: string };
}

const cases: Case[] = [
  ...EXAMPLE_STACK_NAMES.map((stack) => ({ stack, stackFile: path.join(EXAMPLE_STACKS, `Pulumi.${stack}.yaml`) })),
  // The organisation's policy config (regional price override, $120 ops hours) on the fragile fleet.
  { stack: "fragile-org-policy-config", stackFile: path.join(EXAMPLE_STACKS, "Pulumi.fragile.yaml"), policyConfigFile: ORG_POLICY_CONFIG },
  // The report path as a user writes it: relative to the directory they ran `pulumi preview` in.
  {
    stack: "fragile-relative-report",
    stackFile: path.join(EXAMPLE_STACKS, "Pulumi.fragile.yaml"),
    reportPath: (projectDir) => {
      const rel = path.join(`reports-${crypto.randomBytes(4).toString("hex")}`, "fragile.json");
      fs.mkdirSync(path.dirname(path.join(projectDir, rel)), { recursive: true });
      return { env: rel, expected: path.join(projectDir, rel) };
    },
  },
  // A secret stack-config value (the cost-centre tag) on a stack whose policies fire.
  { stack: "fails-secret-config", stackFile: path.join(EXAMPLE_STACKS, "Pulumi.fails.yaml"), secrets: { "gpu-inference:costCenter": SECRET } },
  // The workloads declared in the reverse of alphabetical order (the engine hands config objects over with sorted keys).
  {
    stack: "multi-workload-reordered",
    stackFile: path.join(EXAMPLE_STACKS, "Pulumi.multi-workload.yaml"),
    transform: (doc) => {
      const workloads = doc.config["gpu-breakeven:workloads"] as Record<string, unknown>;
      doc.config["gpu-breakeven:workloads"] = Object.fromEntries(Object.entries(workloads).reverse());
    },
  },
  // An instance type computed from another resource: unknown during preview.
  {
    stack: "computed-instance-type",
    stackFile: path.join(COMPUTED_PROGRAM_DIR, "Pulumi.computed-instance-type.yaml"),
    program: path.join(COMPUTED_PROGRAM_DIR, "index.js"),
  },
];

/** The case's stack file; with `secrets`, those values in plaintext (for the harness: only the CLI can decrypt). */
function stackYaml(c: Case, secrets?: Record<string, string>): string {
  if (!c.transform && !secrets) return fs.readFileSync(c.stackFile, "utf8");
  const doc = (parseYaml(fs.readFileSync(c.stackFile, "utf8")) ?? {}) as { config: Record<string, unknown> };
  doc.config = { ...(doc.config ?? {}), ...secrets };
  c.transform?.(doc);
  return stringifyYaml(doc);
}

/**
 * The lines the harness says the engine prints for a rejected policy config: `engineLines` of the validation
 * error (found along the `cause` chain: checkStack wraps it in a one-line error), else the error's message.
 */
function harnessErrorLines(e: unknown): string[] {
  for (let c: unknown = e; c instanceof Error; c = c.cause) {
    const lines = (c as { engineLines?: unknown }).engineLines;
    if (Array.isArray(lines)) return lines.map(String);
  }
  return e instanceof Error ? e.message.split("\n") : [String(e)];
}

function hasMandatory(findings: Finding[]): boolean {
  return findings.some((f) => f.enforcementLevel === "mandatory");
}

function tail(s: string, n = 4000): string {
  return s.length > n ? `…${s.slice(-n)}` : s;
}

function withoutGeneratedAt(report: unknown): unknown {
  if (report && typeof report === "object") {
    const { generatedAt: _ignored, ...rest } = report as Record<string, unknown>;
    return rest;
  }
  return report;
}

describe("the example stacks under the real Pulumi engine (pulumi preview --policy-pack)", function () {
  this.timeout(15 * 60_000);
  let sandbox: EngineSandbox;
  const outcomes = new Map<string, Promise<Outcome>>();
  const rejections = new Map<string, Promise<{ engine: RunResult; harnessErrors: string[] }>>();

  before(function () {
    this.timeout(45 * 60_000); // a first `pulumi:build` compiles the CLI: minutes
    for (const f of [EXAMPLE_PROGRAM, path.join(PACK_DIR, "dist", "index.js")]) {
      if (!fs.existsSync(f)) throw new Error(`${path.relative(REPO, f)} is missing: run \`npm run build\` first`);
    }
    sandbox = new EngineSandbox(pulumiBinDir());
    const projects = new Map<string, string>();
    const projectFor = (program: string) => {
      let dir = projects.get(program);
      if (!dir) {
        dir = sandbox.project(`project-${projects.size}`, { program, stackFiles: {} });
        projects.set(program, dir);
      }
      return dir;
    };
    const harnessDir = path.join(sandbox.root, "harness");
    const limit = limiter(CONCURRENCY);
    for (const c of cases) {
      const program = c.program ?? EXAMPLE_PROGRAM;
      const projectDir = projectFor(program);
      fs.writeFileSync(path.join(projectDir, "stacks", `Pulumi.${c.stack}.yaml`), stackYaml(c));
      const harnessStacks = path.join(harnessDir, c.stack);
      fs.mkdirSync(harnessStacks, { recursive: true });
      fs.writeFileSync(path.join(harnessStacks, `Pulumi.${c.stack}.yaml`), stackYaml(c, c.secrets));
      const harnessProject: Project = { dir: harnessStacks, name: "gpu-inference", main: program, stackConfigDir: harnessStacks };
      const outcome = limit(() => runCase(c, projectDir, harnessProject));
      outcome.catch(() => undefined); // reported by the tests that await it
      outcomes.set(c.stack, outcome);
    }
    // Invalid policy configs, previewed one after the other on a stack of their own.
    const stack = "invalid-policy-config";
    const stackFile = path.join(EXAMPLE_STACKS, "Pulumi.fragile.yaml");
    const projectDir = projectFor(EXAMPLE_PROGRAM);
    fs.copyFileSync(stackFile, path.join(projectDir, "stacks", `Pulumi.${stack}.yaml`));
    const harnessProject: Project = { dir: EXAMPLE_STACKS, name: "gpu-inference", main: EXAMPLE_PROGRAM, stackConfigDir: path.dirname(stackFile) };
    let initialized: Promise<void> | undefined;
    for (const file of INVALID_POLICY_CONFIGS) {
      const rejection = limit(async () => {
        initialized ??= sandbox.pulumi(["stack", "init", stack, "--no-select"], { cwd: projectDir }).then((r) => {
          if (r.code !== 0) throw new Error(`pulumi stack init ${stack} failed:\n${r.stdout}${r.stderr}`);
        });
        await initialized;
        const engine = await sandbox.pulumi(
          ["preview", "--stack", stack, "--policy-pack", PACK_DIR, "--policy-pack-config", file, "--color", "never"],
          { cwd: projectDir },
        );
        const policyConfig = JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, unknown>;
        const harnessErrors = await checkStack({ project: harnessProject, stack: "fragile", policyConfig }).then(
          () => [] as string[],
          harnessErrorLines,
        );
        return { engine, harnessErrors };
      });
      rejection.catch(() => undefined);
      rejections.set(file, rejection);
    }
  });

  after(function () {
    if (!sandbox) return;
    if (KEEP) console.log(`engine test sandbox kept: ${sandbox.root}`);
    else sandbox.remove();
  });

  async function runCase(c: Case, projectDir: string, harnessProject: Project): Promise<Outcome> {
    const init = await sandbox.pulumi(["stack", "init", c.stack, "--no-select"], { cwd: projectDir });
    if (init.code !== 0) throw new Error(`pulumi stack init ${c.stack} failed:\n${init.stdout}${init.stderr}`);
    for (const [key, value] of Object.entries(c.secrets ?? {})) {
      const set = await sandbox.pulumi(["config", "set", "--secret", "--stack", c.stack, key, value], { cwd: projectDir });
      if (set.code !== 0) throw new Error(`pulumi config set --secret ${key} failed:\n${set.stdout}${set.stderr}`);
    }
    const eventLog = path.join(sandbox.root, `events-${c.stack}.jsonl`);
    const report = c.reportPath?.(projectDir) ?? (() => {
      const abs = path.join(sandbox.root, "reports", `${c.stack}.json`);
      fs.mkdirSync(path.dirname(abs), { recursive: true });
      return { env: abs, expected: abs };
    })();
    const args = ["preview", "--stack", c.stack, "--policy-pack", PACK_DIR, "--event-log", eventLog, "--color", "never"];
    if (c.policyConfigFile) args.push("--policy-pack-config", c.policyConfigFile);
    const engineRun = await sandbox.pulumi(args, { cwd: projectDir, env: { GPU_BREAKEVEN_REPORT: report.env } });
    const allEvents = readEvents(eventLog);
    const events = policyEvents(allEvents);

    const harnessReport = path.join(sandbox.root, "harness-reports", `${c.stack}.json`);
    fs.mkdirSync(path.dirname(harnessReport), { recursive: true });
    const check = await checkStack({
      project: harnessProject,
      stack: c.stack,
      reportOut: harnessReport,
      policyConfig: c.policyConfigFile ? (JSON.parse(fs.readFileSync(c.policyConfigFile, "utf8")) as Record<string, unknown>) : undefined,
    });
    return {
      engine: { run: engineRun, events, allEvents, findings: engineFindings(events), reportExpected: report.expected, eventLog, projectDir },
      harness: {
        findings: sortFindings(
          check.diagnostics.map((d) => ({ policyName: d.policyName, enforcementLevel: d.enforcementLevel, urn: d.urn, message: d.message })),
        ),
        report: check.report,
        reportFile: harnessReport,
      },
    };
  }

  function outcome(stack: string): Promise<Outcome> {
    const o = outcomes.get(stack);
    if (!o) throw new Error(`no case ${stack}`);
    return o;
  }

  /** The preview ran to its policy results (a failed preview has a reason other than a policy otherwise). */
  function assertPreviewRan(o: Outcome, stack: string) {
    const { run } = o.engine;
    const summary = o.engine.allEvents.some((e) => e.policyAnalyzeStackSummaryEvent);
    assert.ok(
      summary,
      `pulumi preview of ${stack} never reached AnalyzeStack (exit ${run.code}):\n${tail(run.stdout)}\n${tail(run.stderr)}`,
    );
  }

  for (const c of cases) {
    describe(c.stack, function () {
      it("reports the harness's findings: same policies, levels, resources and messages", async function () {
        const o = await outcome(c.stack);
        assertPreviewRan(o, c.stack);
        const { onlyEngine, onlyHarness } = diffFindings(o.engine.findings, o.harness.findings);
        if (onlyEngine.length || onlyHarness.length) {
          assert.fail(
            `the engine and the harness disagree (the engine is right: docs/engine-differences.md)\n` +
              `only in pulumi preview's policy events:\n${describeFindings(onlyEngine) || "  (none)"}\n` +
              `only in the harness (checkStack):\n${describeFindings(onlyHarness) || "  (none)"}`,
          );
        }
      });

      it("exits non-zero exactly when a mandatory finding fires", async function () {
        const o = await outcome(c.stack);
        assertPreviewRan(o, c.stack);
        const { run } = o.engine;
        const mandatory = hasMandatory(o.engine.findings);
        assert.equal(mandatory, hasMandatory(o.harness.findings), "the engine and the harness disagree on a mandatory finding");
        if (mandatory) assert.notEqual(run.code, 0, `exit ${run.code} although a mandatory policy fired`);
        else assert.equal(run.code, 0, `exit ${run.code} without a mandatory finding:\n${tail(run.stdout)}\n${tail(run.stderr)}`);
      });

      it("writes the JSON report where GPU_BREAKEVEN_REPORT says, with the harness's content", async function () {
        const o = await outcome(c.stack);
        assertPreviewRan(o, c.stack);
        const where = o.engine.reportExpected;
        assert.ok(fs.existsSync(where), `no report at ${where} (GPU_BREAKEVEN_REPORT as given); findings:\n${describeFindings(o.engine.findings)}`);
        const report = JSON.parse(fs.readFileSync(where, "utf8")) as unknown;
        const differences = jsonDifferences(withoutGeneratedAt(report), withoutGeneratedAt(o.harness.report));
        assert.deepEqual(differences, [], `the report differs from the harness's:\n  ${differences.join("\n  ")}`);
      });

      if (c.secrets) {
        it("shows the secret stack-config value in no policy message and not in the report", async function () {
          const o = await outcome(c.stack);
          assertPreviewRan(o, c.stack);
          for (const secret of Object.values(c.secrets!)) {
            for (const e of o.engine.events) assert.ok(!e.message.includes(secret), `policy ${e.policyName} echoes the secret:\n${e.message}`);
            assert.ok(o.engine.events.length > 0, "the secret case should have findings to look at");
            if (fs.existsSync(o.engine.reportExpected)) {
              assert.ok(!fs.readFileSync(o.engine.reportExpected, "utf8").includes(secret), "the JSON report contains the secret");
            }
            assert.ok(!o.engine.run.stdout.includes(secret) && !o.engine.run.stderr.includes(secret), "pulumi preview printed the secret");
          }
        });
      }
    });
  }

  describe("an invalid --policy-pack-config", function () {
    for (const file of INVALID_POLICY_CONFIGS) {
      it(`${path.basename(file)}: fails the preview with the errors the harness reports`, async function () {
        const { engine, harnessErrors } = await rejections.get(file)!;
        assert.notEqual(engine.code, 0, `pulumi preview accepted ${path.basename(file)}`);
        assert.ok(harnessErrors.length > 0, `the harness accepted ${path.basename(file)}`);
        // The engine prints each problem as an `error:` line (once per resource display and once under
        // Diagnostics), then a summary line that repeats the first words.
        const engineErrors = new Set(
          (engine.stdout + "\n" + engine.stderr)
            .split("\n")
            .map((l) => /\berror: (.*)$/.exec(l)?.[1]?.trim())
            .filter((l): l is string => !!l && l !== "validating policy config" && l !== "preview failed"),
        );
        assert.deepEqual([...engineErrors].sort(), [...new Set(harnessErrors)].sort());
      });
    }
  });

  describe("every preview", function () {
    it("downloaded no plugin, and the stand-in aws provider saw only what a preview asks", async function () {
      await Promise.allSettled([...outcomes.values(), ...rejections.values()]);
      const calls = sandbox.providerCalls();
      assert.ok(calls.some((call) => call.method === "Check"), "the stand-in provider was never asked to Check a resource");
      const unexpected = calls.filter((call) => call.method !== "(started)" && (!PREVIEW_PROVIDER_RPCS.has(call.method) || (call.unimplemented && call.method !== "Handshake")));
      assert.deepEqual(unexpected, [], "RPCs a preview should not need");
      const plugins = path.join(sandbox.home, "plugins");
      const installed = fs.existsSync(plugins) ? fs.readdirSync(plugins) : [];
      assert.deepEqual(installed.filter((p) => !p.endsWith(".lock")), [], `plugins installed into PULUMI_HOME`);
      for (const o of await Promise.all([...outcomes.values()].map((p) => p.catch(() => undefined)))) {
        if (!o) continue;
        const text = o.engine.run.stdout + o.engine.run.stderr;
        const fetching = /^.*(downloading (provider|plugin)|installing plugin|plugin install|failed to (download|install) plugin).*$/im.exec(text);
        assert.ok(!fetching, `a preview tried to fetch a plugin: ${fetching?.[0]}`);
      }
    });
  });
});
