// The JSON report: built from an analysis through the zod schema, published as schema/stack-report.schema.json,
// written by the real pack when GPU_BREAKEVEN_REPORT names a file, and the levels a policy config sets.
import { exitCodeFor } from "../src/cli/commands/check";
import * as assert from "node:assert/strict";
import Ajv from "ajv";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { analyzePack } from "../src/analysis/analyzePack";
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
    assert.equal(report.schemaVersion, 2);
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
    assert.deepEqual([fails.level, fails.levelFrom, fails.kind, fails.resource, fails.workload], ["mandatory", "policy-default", "verdict", "chat-0", "chat"]);
    assert.ok(fails.message.includes("$4,717/month"), fails.message);
    // The way to pass, flattened: the budget is M(V) = $1,050, but the 20 ops hours alone cost 20 × $100 = $2,000.
    assert.deepEqual(chat.wayToPass, {
      budgetUsd: 1050,
      target: "volume",
      minimumCount: 2,
      throughputKnown: true,
      opsExceedBudget: true,
      managedAllowed: true,
      managedModel: "openai/gpt-4o-mini",
      managedMonthlyUsd: 1050,
    });

    // The batch workload has no GPU resource: listed, not judged. The stray GPU belongs to no workload: stack-level.
    const batch = report.workloads.find((w) => w.name === "batch")!;
    assert.equal(batch.verdict, undefined);
    assert.equal(batch.volumeTokens, 1e9);
    const stray = report.findings.filter((f) => f.policy === "gpu-workload-declared");
    assert.equal(stray.length, 1);
    assert.deepEqual([stray[0].level, stray[0].kind, stray[0].resource, stray[0].workload], ["advisory", "undeclared-tag", "stray-0", undefined]);
  });

  it("states a suggested fleet flat, with its market and discount share (spot stays spot)", function () {
    // 6 × g6.xlarge on spot at 1,000 tokens/s against openai/gpt-4o-mini: F = 6 × $0.8048 × (1 − 0.54) × 730 = $1,621.51
    // > M(V) = $1,050 → fails. V = 4B needs ⌈4e9 ÷ (1,000 × 3,600 × 730 = 2.628e9)⌉ = 2 instances:
    // 2 × $0.8048 × 0.46 × 730 = $540.50 ≤ $1,050 (and > M(0.5·V) = $525: fragile)
    const spot = Array.from({ length: 6 }, (_, i) => {
      const r = instance(`spot-${i}`, "g6.xlarge", i % 2 ? "us-east-1b" : "us-east-1a", "chat");
      return { ...r, props: { ...r.props, instanceMarketOptions: { marketType: "spot" } } };
    });
    const workloads = { chat: { monthlyInputTokens: 3e9, monthlyOutputTokens: 1e9, managedModel: "openai/gpt-4o-mini", tokensPerSecondPerInstance: 1000 } };
    const analysis = analyzeStack(spot, { workloads, awsRegion: "us-east-1" }, defaultAssumptions(), shippedCatalog());
    const report = stackReport(analysis, { stack: "test", project: "gpu-inference", now: new Date("2026-08-01T00:00:00Z") });
    const way = report.workloads[0].wayToPass!;
    assert.ok(Math.abs(way.fleet!.fixedMonthlyUsd - 2 * 0.8048 * 0.46 * 730) < 1e-6, String(way.fleet!.fixedMonthlyUsd));
    assert.deepEqual({ ...way, fleet: { ...way.fleet!, fixedMonthlyUsd: 0 } }, {
      budgetUsd: 1050,
      target: "volume",
      minimumCount: 2,
      fleet: {
        instanceType: "g6.xlarge",
        count: 2,
        region: "us-east-1",
        binding: "capacity",
        fixedMonthlyUsd: 0,
        verdict: "fragile",
        capacityTokensPerMonth: 2 * 1000 * 3600 * 730,
        market: "spot",
        discountShare: 0.54,
        estimated: false,
        estimatePrices: false,
      },
      throughputKnown: true,
      opsExceedBudget: false,
      managedAllowed: true,
      managedModel: "openai/gpt-4o-mini",
      managedMonthlyUsd: 1050,
    });
  });

  it("a stale catalog's finding is advisory because catalog-fresh never blocks, even under a strict config", function () {
    // The catalog's newest figure is dated 2026-12-01; 2027-06-01 is 31 + 31 + 28 + 31 + 30 + 31 = 182 days later, so every
    // price it cites is beyond its class's limit (180 days for instance prices, 45 for managed ones).
    const resources = [instance("chat-0", "g6e.xlarge", "us-east-1a", "chat"), instance("chat-1", "g6e.xlarge", "us-east-1b", "chat")];
    const now = new Date("2027-06-01T00:00:00Z");
    const analysis = analyzePack({ resources, stackConfig: { workloads: declaration("openai/gpt-4.1"), awsRegion: "us-east-1" }, policyConfig: {}, catalog: shippedCatalog(), now });
    const report = stackReport(analysis, { stack: "test", project: "gpu-inference", now });
    const stale = report.findings.filter((f) => f.policy === "catalog-fresh");
    assert.equal(stale.length, 1, JSON.stringify(report.findings));
    assert.deepEqual([stale[0].kind, stale[0].level, stale[0].levelFrom], ["catalog-stale", "advisory", "never-blocks"]);
    assert.ok(stale[0].message.includes("counted to 2027-06-01") && stale[0].message.includes("managed API price of openai/gpt-4.1"), stale[0].message);
    const strict = withPolicyConfig(report, { all: "mandatory" });
    const relevelled = strict.findings.find((f) => f.policy === "catalog-fresh")!;
    assert.deepEqual([relevelled.level, relevelled.levelFrom], ["advisory", "never-blocks"]);
  });

  it("the committed JSON Schema is the one generated from the zod schema", function () {
    const committed = JSON.parse(fs.readFileSync(SCHEMA_FILE, "utf8"));
    assert.deepEqual(committed, stackReportJsonSchema(), "schema/stack-report.schema.json is stale: run `npm run examples`");
  });

  it("a report validates against the published JSON Schema, which rejects what is not a report", function () {
    const validate = new Ajv({ strict: false, allErrors: true }).compile(stackReportJsonSchema());
    const report = JSON.parse(JSON.stringify(reportFor("anthropic/claude-haiku-4-5"))) as Record<string, unknown>;
    assert.ok(validate(report), JSON.stringify(validate.errors));
    // and the schema rejects what is not a report: a version-1 report, a workload without its figures
    assert.equal(validate({ ...report, schemaVersion: 1 }), false);
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
    assert.equal(report.workloads[0].findings[0].kind, "verdict");
    // The pack saw the engine's Configure call: the levels are the configured ones (here every default), pack-health's too.
    assert.equal(report.levelsFrom, "policy-config");
    assert.equal(report.workloads[0].findings[0].levelFrom, "policy-config");
    assert.equal(report.policyLevels["pack-health"], "mandatory");
    assert.deepEqual(fs.readdirSync(dir), ["ci.json"], "no temporary file is left behind");
    fs.rmSync(dir, { recursive: true });
  });

  it("turns a write failure into one mandatory pack-health finding, not a crash; the other findings stand", async function () {
    const file = path.join(os.tmpdir(), "gbr-no-such-dir", "deeper", "ci.json");
    const result = await run(file);
    const failure = result.diagnostics.filter((d) => d.message.includes("The JSON report could not be written"));
    assert.equal(failure.length, 1, result.diagnostics.map((d) => d.message).join("\n---\n"));
    assert.equal(failure[0].enforcementLevel, "mandatory");
    assert.equal(failure[0].policyName, "pack-health");
    assert.ok(failure[0].message.includes(`could not be written to ${file}: `) && failure[0].message.includes("GPU_BREAKEVEN_REPORT"), failure[0].message);
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
    // The levels → exit code rule in process; one spawned check proves the wiring.
    assert.equal(exitCodeFor(["advisory"], "mandatory"), 0); // fragile: advisory only
    assert.equal(exitCodeFor(["advisory"], "advisory"), 1);
    assert.equal(exitCodeFor([], "advisory"), 0); // robust: no finding at all
    assert.equal(exitCodeFor(["mandatory", "advisory"], "never"), 0);
    assert.equal(exitCodeFor(["mandatory"], "mandatory"), 1);
    assert.equal(cli("check", "--stack", "fails", "--fail-on", "never").status, 0);
    const bad = cli("check", "--stack", "fails", "--fail-on", "sometimes");
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /--fail-on must be one of mandatory, advisory, never, got "sometimes"/);
  });
});
