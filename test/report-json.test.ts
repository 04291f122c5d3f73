// The JSON report: built from an analysis through the zod schema, published as schema/stack-report.schema.json,
// written by the real pack when GPU_BREAKEVEN_REPORT names a file, and the levels a policy config sets.
import * as assert from "node:assert/strict";
import Ajv from "ajv";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { analyzeStack } from "../src/analysis/analyzeStack";
import { defaultAssumptions } from "../src/assumptions/parse";
import { shippedCatalog } from "../src/catalog/load";
import { runPolicyPack } from "../src/engine/session";
import { gpuBreakevenPolicies } from "../src/policies";
import { stackReport } from "../src/report/json";
import { configuredLevels, withPolicyConfig } from "../src/report/levels";
import { parseStackReport, stackReportJsonSchema, StackReport } from "../src/report/schema";
import { gpu, PACK_DIR } from "./helpers/pack";

const ROOT = path.resolve(__dirname, "..");
const SCHEMA_FILE = path.join(ROOT, "schema", "stack-report.schema.json");
const INSTANCE = "aws:ec2/instance:Instance";

/** An EC2 instance as a policy sees it. */
function instance(name: string, instanceType: string, az: string, workload?: string) {
  const tags: Record<string, string> = { Name: name };
  if (workload) tags["gpu-breakeven:workload"] = workload;
  return {
    type: INSTANCE,
    name,
    urn: `urn:pulumi:test::gpu-inference::${INSTANCE}::${name}`,
    props: { instanceType, availabilityZone: az, tags },
    provider: { props: { region: "us-east-1" } },
  };
}

// 3e9 input + 1e9 output tokens against openai/gpt-4o-mini ($0.15 / $0.60 per 1M), 20 ops hours, 2 500 tokens/s.
const declaration = (model: string) => ({
  chat: { monthlyInputTokens: 3e9, monthlyOutputTokens: 1e9, managedModel: model, opsHoursPerMonth: 20, tokensPerSecondPerInstance: 2500 },
  batch: { monthlyInputTokens: 1e9, monthlyOutputTokens: 0, managedModel: model },
});

function reportFor(model: string, extra: ReturnType<typeof instance>[] = []): StackReport {
  const resources = [instance("chat-0", "g6e.xlarge", "us-east-1a", "chat"), instance("chat-1", "g6e.xlarge", "us-east-1b", "chat"), ...extra];
  const analysis = analyzeStack(resources, { workloads: declaration(model), awsRegion: "us-east-1" }, defaultAssumptions(), shippedCatalog());
  return stackReport(analysis, { stack: "test", project: "gpu-inference", now: new Date("2026-08-01T00:00:00Z") });
}

describe("JSON report", function () {
  it("holds V, s·V, F, M(V), M(s·V), V*, utilization and the findings with their levels", function () {
    const report = reportFor("openai/gpt-4o-mini", [instance("stray-0", "g6.xlarge", "us-east-1a", "nope")]);
    assert.equal(report.schemaVersion, 1);
    assert.equal(report.stack, "test");
    assert.equal(report.generatedAt, "2026-08-01T00:00:00.000Z");
    assert.equal(report.levelsFrom, "policy-defaults");
    const chat = report.workloads.find((w) => w.name === "chat")!;
    assert.equal(chat.volumeTokens, 4e9); // V = 3e9 + 1e9
    assert.equal(chat.stressVolumeTokens, 2e9); // s·V = 0.5 × 4e9
    // F = 2 × $1.861/h × 730 h + 20 h × $100/h = $2,717.06 + $2,000 = $4,717.06
    assert.ok(Math.abs(chat.fixedMonthlyUsd! - 4717.06) < 0.005, String(chat.fixedMonthlyUsd));
    assert.ok(Math.abs(chat.managedAtVolumeUsd! - 1050) < 1e-9); // 3,000M × $0.15 + 1,000M × $0.60
    assert.ok(Math.abs(chat.managedAtStressUsd! - 525) < 1e-9);
    assert.equal(chat.verdict, "fails");
    // V* = 4,717.06 ÷ (1,050 ÷ 4e9) = 17,969,752,381 tokens
    assert.ok(Math.abs(chat.breakEvenTokens! - 17_969_752_381) < 1, String(chat.breakEvenTokens));
    // capacity = 2 × 2,500 × 3,600 × 730 = 13.14e9; utilization = 4e9 ÷ 13.14e9 = 30.44%
    assert.equal(chat.capacityTokensPerMonth, 13_140_000_000);
    assert.ok(Math.abs(chat.utilization! - 0.304414) < 1e-6);
    assert.deepEqual(chat.costLines.map((l) => l.kind), ["compute", "power", "ops"]);
    assert.deepEqual(chat.resources.map((r) => [r.name, r.instanceType, r.region, r.availabilityZone]), [
      ["chat-0", "g6e.xlarge", "us-east-1", "us-east-1a"],
      ["chat-1", "g6e.xlarge", "us-east-1", "us-east-1b"],
    ]);
    const fails = chat.findings.find((f) => f.policy === "self-hosting-break-even")!;
    assert.deepEqual([fails.level, fails.levelFrom, fails.resource, fails.workload], ["mandatory", "policy-default", "chat-0", "chat"]);
    assert.ok(fails.message.includes("$4,717/month"), fails.message);

    // The batch workload has no GPU resource: listed, not judged. The stray GPU belongs to no workload: stack-level.
    const batch = report.workloads.find((w) => w.name === "batch")!;
    assert.equal(batch.verdict, undefined);
    assert.equal(batch.volumeTokens, 1e9);
    const stray = report.findings.filter((f) => f.policy === "gpu-workload-declared");
    assert.equal(stray.length, 1);
    assert.deepEqual([stray[0].level, stray[0].resource, stray[0].workload], ["advisory", "stray-0", undefined]);
  });

  it("validates against the committed JSON Schema, which is the one generated from the zod schema", function () {
    const committed = JSON.parse(fs.readFileSync(SCHEMA_FILE, "utf8"));
    assert.deepEqual(committed, stackReportJsonSchema(), "schema/stack-report.schema.json is stale: run `npm run examples`");
    const validate = new Ajv({ strict: false, allErrors: true }).compile(committed);
    const report = JSON.parse(JSON.stringify(reportFor("anthropic/claude-haiku-4-5"))) as Record<string, unknown>;
    assert.ok(validate(report), JSON.stringify(validate.errors));
    // and the schema rejects what is not a report
    assert.equal(validate({ ...report, schemaVersion: 2 }), false);
    assert.equal(validate({ ...report, workloads: [{ name: "x" }] }), false);
    assert.throws(() => parseStackReport({ ...report, levelsFrom: "guess" }, "r.json"), /r\.json is not a gpu-breakeven stack report[\s\S]*levelsFrom/);
  });

  it("states every policy of the pack with its default level", function () {
    const fromPack = Object.fromEntries(gpuBreakevenPolicies().map((p) => [p.name, p.enforcementLevel]));
    const report = reportFor("openai/gpt-4o-mini");
    assert.deepEqual(report.policyDefaultLevels, fromPack);
    assert.deepEqual(report.policyLevels, fromPack);
    assert.equal(fromPack["self-hosting-break-even"], "mandatory");
    assert.equal(fromPack["self-hosting-fragile"], "advisory");
  });

  it("applies a policy config's levels as the engine does: the policy's own entry, then \"all\", then the default", function () {
    const defaults = reportFor("openai/gpt-4o-mini").policyDefaultLevels;
    const levels = configuredLevels(defaults, {
      all: "mandatory",
      "self-hosting-fragile": { enforcementLevel: "disabled" },
      "fleet-capacity": { opsUsdPerHour: 1 },
      "data-residency": "remediate",
    });
    assert.equal(levels["self-hosting-fragile"], "disabled");
    assert.equal(levels["fleet-capacity"], "mandatory"); // properties only: "all" decides
    assert.equal(levels["data-residency"], "mandatory"); // remediate reports as mandatory
    assert.equal(levels["gpu-workload-declared"], "mandatory");

    const report = reportFor("openai/gpt-4o-mini", [instance("stray-0", "g6.xlarge", "us-east-1a", "nope")]);
    const relaxed = withPolicyConfig(report, { "self-hosting-break-even": "advisory" });
    assert.equal(relaxed.levelsFrom, "policy-config");
    const fails = relaxed.workloads[0].findings.find((f) => f.policy === "self-hosting-break-even")!;
    assert.deepEqual([fails.level, fails.levelFrom], ["advisory", "policy-config"]);
    const strict = withPolicyConfig(report, { all: "mandatory" });
    assert.equal(strict.findings[0].level, "mandatory");
    const off = withPolicyConfig(report, { "gpu-workload-declared": "disabled" });
    assert.equal(off.findings[0].level, "disabled");
  });
});

describe("JSON report written by the pack (GPU_BREAKEVEN_REPORT)", function () {
  const workloads = JSON.stringify({ chat: { monthlyInputTokens: 3e9, monthlyOutputTokens: 1e9, managedModel: "openai/gpt-4o-mini", opsHoursPerMonth: 20 } });
  const resources = [gpu("chat-0", "g6e.xlarge", "chat", "us-east-1a"), gpu("chat-1", "g6e.xlarge", "chat", "us-east-1b")];
  const run = (file: string) =>
    runPolicyPack({
      packDir: PACK_DIR,
      project: "gpu-inference",
      stack: "ci",
      stackConfig: { "aws:region": "us-east-1", "gpu-breakeven:workloads": workloads },
      env: { GPU_BREAKEVEN_REPORT: file },
      resources,
    });

  it("writes a valid report during AnalyzeStack, and nothing on stdout", async function () {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gbr-"));
    const file = path.join(dir, "ci.json");
    const result = await run(file);
    assert.deepEqual(result.stdout, []);
    const report = parseStackReport(JSON.parse(fs.readFileSync(file, "utf8")), file);
    assert.equal(report.stack, "ci");
    assert.equal(report.project, "gpu-inference");
    assert.equal(report.workloads[0].verdict, "fails"); // F $4,717.06 > M(V) $1,050
    assert.equal(report.workloads[0].findings[0].level, "mandatory");
    assert.deepEqual(fs.readdirSync(dir), ["ci.json"], "no temporary file is left behind");
    fs.rmSync(dir, { recursive: true });
  });

  it("turns a write failure into an advisory finding, not a crash", async function () {
    const file = path.join(os.tmpdir(), "gbr-no-such-dir", "deeper", "ci.json");
    const result = await run(file);
    const failure = result.diagnostics.filter((d) => d.message.includes("The JSON report could not be written"));
    assert.equal(failure.length, 1, result.diagnostics.map((d) => d.message).join("\n---\n"));
    assert.equal(failure[0].enforcementLevel, "advisory");
    assert.equal(failure[0].policyName, "self-hosting-break-even");
    assert.ok(failure[0].message.includes(`GPU_BREAKEVEN_REPORT=${file}`));
    // the cost verdict still fires, at its own level
    assert.ok(result.diagnostics.some((d) => d.policyName === "self-hosting-break-even" && d.enforcementLevel === "mandatory"));
  });
});

describe("gpu-breakeven check --report-out and --fail-on", function () {
  const cli = (...args: string[]) => spawnSync(process.execPath, [path.join(ROOT, "dist", "cli.js"), ...args], { cwd: ROOT, encoding: "utf8" });

  it("writes the report with the levels of the policy config it ran with", function () {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gbr-"));
    const config = path.join(dir, "config.json");
    fs.writeFileSync(config, JSON.stringify({ "self-hosting-fragile": "mandatory" }));
    const out = path.join(dir, "fragile.json");
    const run = cli("check", "--stack", "fragile", "--policy-pack-config", config, "--report-out", out);
    assert.equal(run.status, 1, run.stdout + run.stderr); // fragile is now mandatory: pulumi preview would fail
    const report = parseStackReport(JSON.parse(fs.readFileSync(out, "utf8")));
    assert.equal(report.levelsFrom, "policy-config");
    assert.equal(report.policyLevels["self-hosting-fragile"], "mandatory");
    assert.deepEqual(report.workloads[0].findings.map((f) => `${f.policy}:${f.level}`), ["self-hosting-fragile:mandatory"]);
    // M(V) = 3,000M × $1 + 1,000M × $5 = $8,000; M(0.5·V) = $4,000 < F $4,717.06 ≤ $8,000
    assert.equal(report.workloads[0].managedAtVolumeUsd, 8000);
    fs.rmSync(dir, { recursive: true });
  });

  it("exits by --fail-on: mandatory (default), advisory, never; a bad value is a usage error", function () {
    // catalog-fresh compares the catalog's date with today: off, so "no finding at all" holds on any day.
    const steady = ["--policy-pack-config", path.join(ROOT, "test", "fixtures", "without-catalog-fresh.json")];
    assert.equal(cli("check", "--stack", "fragile", ...steady).status, 0); // advisory only
    assert.equal(cli("check", "--stack", "fragile", "--fail-on", "advisory", ...steady).status, 1);
    assert.equal(cli("check", "--stack", "robust", "--fail-on", "advisory", ...steady).status, 0); // no finding at all
    assert.equal(cli("check", "--stack", "fails", "--fail-on", "never").status, 0);
    assert.equal(cli("check", "--stack", "fails", "--fail-on", "mandatory").status, 1);
    const bad = cli("check", "--stack", "fails", "--fail-on", "sometimes");
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /--fail-on must be one of mandatory, advisory, never, got "sometimes"/);
  });
});
