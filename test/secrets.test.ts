// Secrets stay secret (issue 11): every value the engine marks secret that the pack reads is used for the
// arithmetic and shown as [secret] in every message and the JSON report. Each case plants a marker string.
import * as assert from "node:assert/strict";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import type { EngineDiagnostic, EngineResource } from "../src/engine/session";
import { markdownReport } from "../src/report/markdown";
import { parseStackReport, StackReport } from "../src/report/schema";
import { REPORT_ENV } from "../src/policies/writeReport";
import { assertHasViolation, awsProvider, gpu, preview, previewSpawned, SECRET, UNKNOWN, violations } from "./helpers/pack";

// 2 × g6e.xlarge ($1.861/h) and 20 ops hours: F = 2 × $1.861 × 730 + 20 × $100 = $2,717.06 + $2,000 = $4,717.
const declaration = (extra: Record<string, unknown> = {}) => ({
  monthlyInputTokens: 3e9,
  monthlyOutputTokens: 1e9,
  managedModel: "openai/gpt-4o-mini",
  opsHoursPerMonth: 20,
  tokensPerSecondPerInstance: 2500,
  ...extra,
});

function messagesOf(ds: { message: string }[]): string {
  return ds.map((d) => d.message).join("\n---\n");
}

/** Asserts the marker appears nowhere, and that [secret] stands where it would have. */
function assertHidden(text: string, marker: string): void {
  assert.ok(!text.includes(marker), `the secret ${marker} is shown:\n${text}`);
  assert.ok(text.includes("[secret]"), `no [secret] in:\n${text}`);
}

describe("secrets stay secret, in every message", () => {
  it("a secret instance type is priced (F = $4,717) and shown as [secret]", async () => {
    const fleet = ["a", "b"].map((z, i) => gpu(`chat-${i}`, "x", "chat", `us-east-1${z}`, { instanceType: SECRET("g6e.xlarge") }));
    const ds = await preview({ region: "us-east-1", workloads: { chat: declaration() }, resources: fleet });
    const message = assertHasViolation(ds, "self-hosting-break-even", "mandatory", ["the fleet costs $4,717/month"]).message;
    assertHidden(message, "g6e.xlarge");
  });

  it("a secret workload tag, and a wholly secret tags map, join the workload and never show", async () => {
    const tag = "wl-marker-7f3a";
    const one = gpu("gpu-0", "g6e.xlarge", undefined, "us-east-1a", { tags: { Name: "gpu-0", "gpu-breakeven:workload": SECRET(tag) } });
    const two = gpu("gpu-1", "g6e.xlarge", undefined, "us-east-1b", { tags: SECRET({ Name: "gpu-1", "gpu-breakeven:workload": tag }) });
    const stray = gpu("stray-0", "g6e.xlarge", undefined, "us-east-1a", { tags: SECRET({ "gpu-breakeven:workload": "stray-marker-91c2" }) });
    // Two workloads, so the stray one is not taken in by the single-workload rule.
    const ds = await preview({ region: "us-east-1", workloads: { [tag]: declaration(), other: declaration() }, resources: [one, two, stray] });
    assertHasViolation(ds, "self-hosting-break-even", "mandatory", ["the fleet costs $4,717/month"]);
    const text = messagesOf(ds);
    assertHidden(text, "stray-marker-91c2");
    assertHidden(text, tag);
  });

  it("a secret region and availability zone are used and hidden", async () => {
    const fleet: EngineResource[] = ["a", "b"].map((z, i) => ({
      ...gpu(`chat-${i}`, "g6e.xlarge", "chat", "x", { availabilityZone: SECRET(`eu-central-1${z}`) }),
      provider: { ...awsProvider(undefined), properties: { region: SECRET("eu-central-1") } },
    }));
    const ds = await preview({ workloads: { chat: declaration({ dataResidency: { allowedRegions: ["us-*"] } }) }, resources: fleet });
    // Each instance runs outside us-*: one breach each, the region in neither.
    const breaches = violations(ds, "data-residency");
    assert.equal(breaches.length, 2);
    assertHidden(messagesOf(ds), "eu-central-1");
    for (const b of breaches) assert.ok(b.message.includes("runs in [secret]"), b.message);
  });

  it("secret SageMaker variant names and node-group labels are hidden", async () => {
    const endpoint: EngineResource = {
      type: "aws:sagemaker/endpointConfiguration:EndpointConfiguration",
      name: "cfg",
      urn: "urn:pulumi:test::gpu-inference::aws:sagemaker/endpointConfiguration:EndpointConfiguration::cfg",
      properties: { productionVariants: [{ variantName: SECRET("variant-marker-55aa"), instanceType: "ml.g5.xlarge", initialInstanceCount: 1 }] },
      provider: awsProvider("us-east-1"),
    };
    const group: EngineResource = {
      type: "aws:eks/nodeGroup:NodeGroup",
      name: "ng",
      urn: "urn:pulumi:test::gpu-inference::aws:eks/nodeGroup:NodeGroup::ng",
      properties: { instanceTypes: ["g6e.xlarge"], scalingConfig: { desiredSize: 1 }, labels: SECRET({ "gpu-breakeven/workload": "label-marker-c0de" }) },
      provider: awsProvider("us-east-1"),
    };
    const ds = await preview({ region: "us-east-1", workloads: { a: declaration(), b: declaration() }, resources: [endpoint, group] });
    const text = messagesOf(ds);
    assertHidden(text, "variant-marker-55aa");
    assertHidden(text, "label-marker-c0de");
  });

  it("a secret workloads declaration is judged, and its names and model never show", async () => {
    const fleet = [gpu("gpu-0", "g6e.xlarge", "decl-marker-3b9d", "us-east-1a"), gpu("gpu-1", "g6e.xlarge", "decl-marker-3b9d", "us-east-1b")];
    const ds = await preview({
      region: "us-east-1",
      workloads: { "decl-marker-3b9d": declaration() },
      resources: fleet,
      secretConfigKeys: ["gpu-breakeven:workloads"],
    });
    const message = assertHasViolation(ds, "self-hosting-break-even", "mandatory", ["the fleet costs $4,717/month"]).message;
    assertHidden(message, "decl-marker-3b9d");
    assertHidden(message, "openai/gpt-4o-mini");
  });
});

describe("secrets stay secret, through the engine protocol and in the JSON report", function () {
  it("the spawned pack reads the secrets off the request: neither its messages nor its report show them", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gpu-breakeven-secret-"));
    const report = path.join(dir, "report.json");
    try {
      const fleet = ["a", "b"].map((z, i) =>
        gpu(`chat-${i}`, "x", "chat", `us-east-1${z}`, { instanceType: SECRET("g6e.xlarge"), tags: SECRET({ "gpu-breakeven:workload": "chat", costCenter: "cc-marker-0042" }) }),
      );
      const ds = await previewSpawned({
        region: "us-east-1",
        workloads: { chat: declaration() },
        resources: fleet,
        env: { GPU_BREAKEVEN_REPORT: report },
      });
      const message = assertHasViolation(ds, "self-hosting-break-even", "mandatory", ["the fleet costs $4,717/month"]).message;
      assertHidden(message, "g6e.xlarge");
      const written = fs.readFileSync(report, "utf8");
      assertHidden(written, "g6e.xlarge");
      assert.ok(!written.includes("cc-marker-0042"));
      // The arithmetic still ran on the plaintext: F = $4,717.06.
      assert.ok(Math.abs((JSON.parse(written).workloads[0].fixedMonthlyUsd as number) - 4717.06) < 0.01);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

// Secrets the text search cannot hide: numbers (a count) and strings shorter than 3 characters. Secrecy travels with
// the value (the request's secret places, per resource) to the describer, the JSON report and the comment.

const urnOf = (type: string, name: string) => `urn:pulumi:test::gpu-inference::${type}::${name}`;
function resource(type: string, name: string, properties: Record<string, unknown>, extra: Partial<EngineResource> = {}): EngineResource {
  return { type, name, urn: urnOf(type, name), properties, provider: awsProvider("us-east-1"), ...extra };
}

/** Everything a user could read: the messages, the JSON report as written, and the comment rendered from it. */
interface Outputs {
  ds: EngineDiagnostic[];
  messages: string;
  json: string;
  report: StackReport;
  comment: string;
}

function outputsOf(ds: EngineDiagnostic[], file: string): Outputs {
  const json = fs.readFileSync(file, "utf8");
  const report = parseStackReport(JSON.parse(json), file);
  return { ds, messages: messagesOf(ds), json, report, comment: markdownReport([report]) };
}

/** An in-process preview that also writes the JSON report (the pack writes it where GPU_BREAKEVEN_REPORT says). */
async function previewWithReport(opts: Parameters<typeof preview>[0]): Promise<Outputs> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gpu-breakeven-secret-"));
  const file = path.join(dir, "report.json");
  const before = process.env[REPORT_ENV];
  process.env[REPORT_ENV] = file;
  try {
    return outputsOf(await preview(opts), file);
  } finally {
    if (before === undefined) delete process.env[REPORT_ENV];
    else process.env[REPORT_ENV] = before;
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The same through the spawned pack, over the engine protocol. */
async function previewSpawnedWithReport(opts: Parameters<typeof previewSpawned>[0]): Promise<Outputs> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gpu-breakeven-secret-"));
  const file = path.join(dir, "report.json");
  try {
    return outputsOf(await previewSpawned({ ...opts, env: { ...(opts.env ?? {}), [REPORT_ENV]: file } }), file);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Asserts that no output matches any of `shown` (the forms the unhidden value takes), and that each shows [secret]. */
function assertNeverShown(out: Outputs, shown: RegExp[]): void {
  for (const [where, text] of [["the messages", out.messages], ["the JSON report", out.json], ["the comment", out.comment]] as const) {
    for (const form of shown) assert.ok(!form.test(text), `${where} show the secret (${form}):\n${text}`);
    // The comment escapes Markdown punctuation outside its code blocks: \[secret\].
    assert.ok(text.includes("[secret]") || text.includes("\\[secret\\]"), `no [secret] in ${where}:\n${text}`);
  }
}

const LT = "aws:ec2/launchTemplate:LaunchTemplate";
const ASG = "aws:autoscaling/group:Group";
const NODE_GROUP = "aws:eks/nodeGroup:NodeGroup";
const ENDPOINT = "aws:sagemaker/endpointConfiguration:EndpointConfiguration";

describe("secret numbers stay secret: counts are used for F and shown as [secret]", function () {
  it("an auto-scaling group's secret desiredCapacity, minSize and maxSize", async () => {
    const lt = resource(LT, "chat-lt", {
      id: UNKNOWN,
      instanceType: "g6e.xlarge",
      tagSpecifications: [{ resourceType: "instance", tags: { "gpu-breakeven:workload": "chat" } }],
    });
    const group = resource(ASG, "chat-asg", { launchTemplate: { id: UNKNOWN }, desiredCapacity: SECRET(37), minSize: SECRET(36), maxSize: SECRET(38) },
      { propertyDependencies: { launchTemplate: [lt.urn] } });
    // An hourly profile puts the count in the report's peak terms too. The busiest hour (4 of 27 parts of a day) needs
    // 4.00B ÷ 30.4167 days × 4/27 = 19.48M tokens, far below 37 × 2,500 × 3,600 = 333M an hour: no overflow.
    const hourlyProfile = Array.from({ length: 24 }, (_, h) => (h === 12 ? 4 : 1));
    const out = await previewWithReport({ region: "us-east-1", workloads: { chat: declaration({ hourlyProfile }) }, resources: [lt, group] });
    // F = 37 × $1.861 × 730 h + 20 × $100 = $50,265.61 + $2,000 = $52,265.61.
    const message = assertHasViolation(out.ds, "self-hosting-break-even", "mandatory", ["the fleet costs $52,266/month"]).message;
    assert.ok(message.includes("compute: [secret] × g6e.xlarge × $1.861/h × 730 h = $50,266"), message);
    assert.ok(message.includes("auto-scaling group chat-asg, [secret]–[secret] instances"), message);
    // Capacity is derived (F and capacity may show): 37 × 2,500 tokens/s × 3,600 s × 730 h = 243.09B tokens/month.
    assert.ok(message.includes("Capacity: [secret] × 2,500 tokens/s × 3,600 s × 730 h = 243.09B tokens/month"), message);
    assert.ok(message.includes("Busiest hour (hourlyProfile): 19.48M tokens against the fleet's 333.00M an hour."), message);
    const chat = out.report.workloads[0];
    assert.ok(Math.abs(chat.fixedMonthlyUsd! - 52265.61) < 0.005);
    assert.equal(chat.capacityTokensPerMonth, 243.09e9);
    assert.equal(chat.resources[0].count, "[secret]");
    assert.equal(chat.costLines[0].monthlyUsd, 50265.61);
    assert.equal(chat.peak!.terms.instances, "[secret]");
    assert.equal(chat.peak!.fleetHourlyTokens, 333e6);
    // The comment's chart costs the fleet at every volume as it would with the count: the same comment as from the
    // report with the count in its terms.
    const withCount = { ...out.report, workloads: [{ ...chat, peak: { ...chat.peak!, terms: { ...chat.peak!.terms, instances: 37 } } }] };
    assert.equal(out.comment, markdownReport([withCount]));
    assert.ok(out.comment.includes("xychart-beta"), out.comment);
    // Unhidden, the count showed as "37 × g6e.xlarge" (cost line, capacity, the comment's fleet), "count": 37 and "36–38 instances".
    assertNeverShown(out, [/\b37 ×/, /"count": 37/, /"instances": 37/, /\b36–38\b/]);
  });

  it("through the spawned pack: a node group's secret scalingConfig and a SageMaker variant's secret initialInstanceCount", async () => {
    const group = resource(NODE_GROUP, "chat-ng", {
      instanceTypes: ["g6e.xlarge"],
      scalingConfig: { desiredSize: SECRET(41), minSize: 1, maxSize: SECRET(59) },
      labels: { "gpu-breakeven/workload": "chat" },
    });
    const endpoint = resource(ENDPOINT, "embed-cfg", {
      productionVariants: [{ variantName: "primary", instanceType: "ml.g5.xlarge", initialInstanceCount: SECRET(23) }],
      tags: { "gpu-breakeven:workload": "embed" },
    });
    const out = await previewSpawnedWithReport({ region: "us-east-1", workloads: { chat: declaration(), embed: declaration() }, resources: [group, endpoint] });
    const verdicts = violations(out.ds, "self-hosting-break-even");
    assert.equal(verdicts.length, 2, out.messages);
    // chat: F = 41 × $1.861 × 730 h + 20 × $100 = $55,699.73 + $2,000 = $57,699.73.
    const chat = verdicts.find((d) => d.message.includes("Workload chat:"))!.message;
    assert.ok(chat.includes("the fleet costs $57,700/month"), chat);
    assert.ok(chat.includes("compute: [secret] × g6e.xlarge × $1.861/h × 730 h = $55,700"), chat);
    assert.ok(chat.includes("EKS node group chat-ng, [secret]–[secret] instances"), chat);
    // embed: F = 23 × $1.4084 × 730 h + 20 × $100 = $23,647.04 + $2,000 = $25,647.04.
    const embed = verdicts.find((d) => d.message.includes("Workload embed:"))!.message;
    assert.ok(embed.includes("the fleet costs $25,647/month"), embed);
    assert.ok(embed.includes("compute: [secret] × ml.g5.xlarge × $1.4084/h × 730 h = $23,647"), embed);
    const byName = new Map(out.report.workloads.map((w) => [w.name, w]));
    assert.ok(Math.abs(byName.get("chat")!.fixedMonthlyUsd! - 57699.73) < 0.005);
    assert.ok(Math.abs(byName.get("embed")!.fixedMonthlyUsd! - 25647.036) < 0.005);
    assert.equal(byName.get("chat")!.resources[0].count, "[secret]");
    assert.equal(byName.get("embed")!.resources[0].count, "[secret]");
    // Unhidden: "41 × g6e.xlarge", "23 × ml.g5.xlarge", "count": 41 / 23, "1–59 instances", "Capacity: 41 ×".
    assertNeverShown(out, [/\b41 ×/, /\b23 ×/, /"count": (41|23)/, /\b1–59\b/]);
  });

  it("a secret count of one in production: too few instances, the count hidden", async () => {
    const endpoint = resource(ENDPOINT, "solo-cfg", {
      productionVariants: [{ variantName: "primary", instanceType: "ml.g5.xlarge", initialInstanceCount: SECRET(1) }],
    });
    const out = await previewWithReport({ region: "us-east-1", workloads: { solo: declaration({ environment: "production" }) }, resources: [endpoint] });
    // F = 1 × $1.4084 × 730 h + 20 × $100 = $1,028.13 + $2,000 = $3,028.13.
    assertHasViolation(out.ds, "self-hosting-break-even", "mandatory", ["the fleet costs $3,028/month", "compute: [secret] × ml.g5.xlarge"]);
    const redundancy = violations(out.ds, "production-redundancy");
    assert.equal(redundancy.length, 1, out.messages);
    assert.ok(redundancy[0].message.includes("runs on [secret] GPU instances (solo-cfg)"), redundancy[0].message);
    assert.ok(Math.abs(out.report.workloads[0].fixedMonthlyUsd! - 3028.132) < 0.005);
    // Unhidden: "runs on 1 GPU instance", "compute: 1 × ml.g5.xlarge", "count": 1.
    assertNeverShown(out, [/runs on 1 GPU/, /compute: 1 ×/, /"count": 1\b/, /Capacity: 1 ×/]);
  });
});

describe("secrets shorter than 3 characters stay secret", function () {
  it("a secret zone, workload tag and provider region of two characters are used and shown as [secret]", async () => {
    // Both chat instances in the secret zone "zz" (the region comes from aws:region), a stray instance tagged with the
    // secret "qx" under a provider whose secret region is "zq".
    const fleet = [0, 1].map((i) => gpu(`chat-${i}`, "g6e.xlarge", "chat", "x", { availabilityZone: SECRET("zz") }));
    const stray: EngineResource = {
      ...gpu("stray-0", "g6e.xlarge", undefined, "x", { availabilityZone: undefined, tags: { "gpu-breakeven:workload": SECRET("qx") } }),
      provider: { ...awsProvider(undefined, "secret-region"), properties: { region: SECRET("zq") } },
    };
    const out = await previewWithReport({ region: "us-east-1", workloads: { chat: declaration({ environment: "production" }) }, resources: [...fleet, stray] });
    // F = 2 × $1.861 × 730 h + 20 × $100 = $2,717.06 + $2,000 = $4,717.06: the zone is no part of the price.
    assertHasViolation(out.ds, "self-hosting-break-even", "mandatory", ["the fleet costs $4,717/month", "compute: 2 × g6e.xlarge × $1.861/h × 730 h = $2,717"]);
    assert.ok(Math.abs(out.report.workloads[0].fixedMonthlyUsd! - 4717.06) < 0.005);
    // Used: both instances sit in one zone.
    const zone = violations(out.ds, "production-redundancy");
    assert.equal(zone.length, 1, out.messages);
    assert.ok(zone[0].message.includes("all 2 GPU instances run in [secret]: one zone outage"), zone[0].message);
    // Used: the stray's tag names no declared workload, and its region is none the catalog prices in.
    const declared = violations(out.ds, "gpu-workload-declared");
    assert.equal(declared.length, 1, out.messages);
    assert.ok(declared[0].message.includes(`is tagged gpu-breakeven:workload: "[secret]", but the stack declares no workload "[secret]"`), declared[0].message);
    const priced = violations(out.ds, "gpu-pricing-known");
    assert.equal(priced.length, 1, out.messages);
    assert.ok(priced[0].message.includes(`stray-0: region "[secret]" (from its provider's region)`), priced[0].message);
    const chat = out.report.workloads[0];
    assert.deepEqual(chat.resources.map((r) => [r.availabilityZones, r.availabilityZone]), [[["[secret]"], "[secret]"], [["[secret]"], "[secret]"]]);
    // Unhidden: "run in zz", "zz" in the report and the comment's fleet, `"qx"` in the tag message, `region "zq"`.
    assertNeverShown(out, [/\bzz\b/, /\bqx\b/, /\bzq\b/]);
  });
});

// A secret workloads declaration (`pulumi config set --secret gpu-breakeven:workloads`): its numbers are used for the
// arithmetic and shown as [secret] wherever a declared number itself would be printed. Derived totals (F, M(V), M(s·V),
// V*, capacity, utilization) are still shown. The markers are figures no derived total prints by accident.

/** Every printed form of the marker figures: in words (3,170M, 3.17B, 37 h) and as the JSON report writes numbers. */
const DECLARED_FORMS = [
  /3,170/, /3\.17B/, /3170000000/, // monthlyInputTokens
  /1,130/, /1\.13B/, /1130000000/, // monthlyOutputTokens
  /4\.30B/, /4300000000/, // V = 4.30B
  /2\.15B/, /2150000000/, // s·V = 0.5 × 4.30B
  /\b37 h\b/, // opsHoursPerMonth
  /2,713/, // tokensPerSecondPerInstance
];

const markerDeclaration = (extra: Record<string, unknown> = {}) => ({
  monthlyInputTokens: 3_170_000_000,
  monthlyOutputTokens: 1_130_000_000,
  managedModel: "openai/gpt-4o-mini",
  opsHoursPerMonth: 37,
  tokensPerSecondPerInstance: 2713,
  ...extra,
});

describe("a secret workloads declaration: its numbers are used and shown as [secret]", function () {
  it("through the spawned pack: messages, the JSON report and the comment show none of the declared figures", async () => {
    const fleet = [gpu("gpu-0", "g6e.xlarge", "chat", "us-east-1a"), gpu("gpu-1", "g6e.xlarge", "chat", "us-east-1b")];
    const out = await previewSpawnedWithReport({
      region: "us-east-1",
      workloads: { chat: markerDeclaration() },
      resources: fleet,
      env: { PULUMI_CONFIG_SECRET_KEYS: JSON.stringify(["gpu-breakeven:workloads"]) },
    });
    // M(V) = 3,170M × $0.15 + 1,130M × $0.60 = $475.50 + $678 = $1,153.50; M(s·V) = $576.75.
    // F = 2 × $1.861 × 730 h + 37 h × $100 = $2,717.06 + $3,700 = $6,417.06 > M(V): fails.
    const message = assertHasViolation(out.ds, "self-hosting-break-even", "mandatory", [
      // The workload's name and its model are strings of the declaration: [secret] too.
      "Workload [secret]: the fleet costs $6,417/month but [secret] would serve the declared [secret] tokens for $1,154/month",
      "compute: 2 × g6e.xlarge × $1.861/h × 730 h = $2,717",
      "ops: [secret] h × $100.00/h = $3,700",
      "fixed monthly cost F = $6,417",
      // The cached share is declared too: the list price is shown, the share (and the blended price) are not.
      "at V = [secret] tokens: [secret]M × $0.15 ([secret] of input cached, $0.075 cached) + [secret]M × $0.60 = $1,154",
      "at 0.5·V = [secret] tokens: $577",
      // V* = F ÷ (M(V) ÷ V) = $6,417.06 × 4.30B ÷ $1,153.50 = 23.92B (5.56× V); F ÷ V = $1.49 per 1M tokens.
      "Break-even volume V* = F ÷ (M(V) ÷ V) = 23.92B tokens/month (5.56× the declared volume); self-hosted cost $1.49 per 1M tokens at V.",
      // Capacity = 2 × 2,713 tokens/s × 3,600 s × 730 h = 14,259,528,000 = 14.26B; utilization 4.30B ÷ 14.26B = 30.2%.
      "Capacity: 2 × [secret] tokens/s × 3,600 s × 730 h = 14.26B tokens/month; utilization 30.2% at V",
      "More traffic cannot rescue this fleet: it would need 23.92B tokens/month, beyond its capacity of 14.26B.",
    ]).message;
    assert.ok(message.includes("To pass (fixed cost at most $1,154 = M(V)): call [secret] instead ($1,154/month, $5,264 less)."), message);
    const chat = out.report.workloads[0];
    assert.ok(Math.abs(chat.fixedMonthlyUsd! - 6417.06) < 0.005);
    assert.ok(Math.abs(chat.managedAtVolumeUsd! - 1153.5) < 0.005);
    assert.ok(Math.abs(chat.managedAtStressUsd! - 576.75) < 0.005);
    assert.equal(chat.capacityTokensPerMonth, 14_259_528_000);
    assert.ok(Math.abs(chat.breakEvenTokens! - (6417.06 * 4.3e9) / 1153.5) < 1);
    for (const key of ["monthlyInputTokens", "monthlyOutputTokens", "volumeTokens", "stressVolumeTokens"] as const) assert.equal(chat[key], "[secret]", key);
    assert.deepEqual(chat.costLines.map((l) => [l.kind, Math.round(l.monthlyUsd * 100) / 100]), [["compute", 2717.06], ["power", 0], ["ops", 3700]]);
    assert.equal(chat.costLines[2].text, "ops: [secret] h × $100.00/h = $3,700");
    // The comment: its details state V as [secret] (escaped outside code), the chart's axis only relative positions.
    assert.ok(out.comment.includes("Declared volume V = \\[secret\\] input + \\[secret\\] output = \\[secret\\] tokens/month"), out.comment);
    const axis = /x-axis "tokens per month" \[([^\]]*)\]/.exec(out.comment)?.[1];
    assert.ok(axis, out.comment);
    assert.ok(/"V"/.test(axis) && /"s·V"/.test(axis) && !/\d[KMBT]"/.test(axis), axis);
    assertNeverShown(out, DECLARED_FORMS);
  });
});

/** The JSON report without the named parts of its first workload's peak (to check the rest for markers). */
function jsonWithoutPlans(out: Outputs): string {
  const report = JSON.parse(out.json) as { workloads: { peak?: Record<string, unknown> }[] };
  const peak = report.workloads[0].peak;
  if (peak) for (const key of ["hybrid", "stressHybrid"]) delete peak[key];
  return JSON.stringify(report, null, 2);
}

describe("a secret workloads declaration: hourly profile, cached share, commitment, owned servers", function () {
  it("an hourly profile, a cached share and a declared commitment are used and hidden; the chart comes from the pack's points", async () => {
    // Hours 0–11 weigh 3, hours 12–23 weigh 19 (Σ = 264): the busiest hours carry 24 × 19 ÷ 264 = 1.7273 times the average.
    const hourlyProfile = Array.from({ length: 24 }, (_, h) => (h < 12 ? 3 : 19));
    const fleet = [gpu("gpu-0", "g6e.xlarge", "chat", "us-east-1a"), gpu("gpu-1", "g6e.xlarge", "chat", "us-east-1b")];
    const out = await previewWithReport({
      region: "us-east-1",
      workloads: {
        chat: markerDeclaration({
          tokensPerSecondPerInstance: 173,
          cachedInputShare: 0.29,
          hourlyProfile,
          commitment: { kind: "savings-plan", termYears: 3, discount: 0.31 },
        }),
      },
      resources: fleet,
      secretConfigKeys: ["gpu-breakeven:workloads"],
    });
    // Input at $0.15 × 0.71 + $0.075 × 0.29 = $0.12825 per 1M: M(V) = 3,170M × $0.12825 + 1,130M × $0.60 = $406.55 + $678
    // = $1,084.55. F = 2 × $1.861 × (1 − 0.31) × 730 h + 37 h × $100 = $1,874.77 + $3,700 = $5,574.77.
    const verdict = assertHasViolation(out.ds, "self-hosting-break-even", "mandatory", [
      "the fleet costs $5,575/month but [secret] would serve the declared [secret] tokens for $1,085/month",
      "compute: 2 × g6e.xlarge × $1.861/h × (1 − [secret]) × 730 h = $1,875 (catalog 2026-07-20, us-east-1)",
      "ops: [secret] h × $100.00/h = $3,700",
      "at V = [secret] tokens: [secret]M × $0.15 ([secret] of input cached, $0.075 cached) + [secret]M × $0.60 = $1,085",
      // Capacity = 2 × 173 tokens/s × 3,600 s × 730 h = 909,288,000 a month; 1,245,600 an hour.
      "Capacity: 2 × [secret] tokens/s × 3,600 s × 730 h = 909.29M tokens/month",
    ]).message;
    // The busiest hour: 4.30B × 1.7273 ÷ 730 h = 10.17M tokens against 1.25M. Over the month the fleet (C = 909.29M)
    // cannot serve (4.30B × 1.7273 − C) × 12/24 + (4.30B × 0.2727 − C) × 12/24 = 3.259B + 0.132B = 3.39B tokens,
    // 78.9% of V, billed at M(V) × 0.789 = $855.
    const peak = assertHasViolation(out.ds, "fleet-capacity", "advisory", [
      "its busiest hour needs 10.17M tokens, but the fleet serves 1.25M an hour (2 × [secret]), so 3.39B tokens a month (78.9% of V) go to [secret] for $855.",
    ]).message;
    assert.ok(verdict.includes("Overflow to [secret]: 3.39B tokens/month at V = $855"), verdict);
    const chat = out.report.workloads[0];
    assert.ok(Math.abs(chat.fixedMonthlyUsd! - 5574.7714) < 0.005);
    assert.ok(Math.abs(chat.managedAtVolumeUsd! - 1084.5525) < 0.005);
    assert.equal(chat.peak!.fleetHourlyTokens, 1_245_600);
    assert.ok(Math.abs(chat.peak!.overflowTokens - 3_390_712_000) < 1);
    assert.deepEqual(
      [chat.peak!.terms.hourlyProfile, chat.peak!.terms.tokensPerSecondPerInstance, chat.peak!.terms.discountShare],
      ["[secret]", "[secret]", "[secret]"],
    );
    // The chart's points, computed by the pack from the true figures: 2 points per V (s·V on point 1); the API's line
    // M(i ÷ 2 × V) = i × $542.28; the fleet's F + the overflow's cost at each volume.
    assert.equal(chat.chart!.perV, 2);
    assert.deepEqual(chat.chart!.managedUsd, [0, 542, 1085, 1627, 2169, 2711, 3254, 3796]);
    assert.equal(chat.chart!.fleetUsd[2], 6430); // F + $855 at V
    assert.ok(out.comment.includes('x-axis "tokens per month" ["0", "s·V", "V", "1.5·V", "2·V", "2.5·V", "3·V", "3.5·V"]'), out.comment);
    assert.ok(out.comment.includes("line [5575, 5928, 6430, 6972, 7515, 8057, 8599, 9141]"), out.comment);
    // Unhidden: "× $0.1283 (29% of input cached", "(1 − 0.31 savings plan 3 yr, declared)", "173 tokens/s", "2 × 622.80K"
    // (173 × 3,600 an hour), the profile's weights, and the forms of V.
    const forms = [...DECLARED_FORMS.slice(0, -1), /\b173\b/, /622\.80K/, /0\.1283/, /\b29(\.0)?%/, /0\.31\b/, /3 yr/, /savings plan/, /"hourlyProfile": \[/];
    // V and s·V as the JSON report writes them are checked below, without the hybrid plans.
    const rawVolumes = ["4300000000", "2150000000"];
    assertNeverShown(out, forms.filter((f) => !rawVolumes.includes(f.source)));
    assert.ok(!forms.some((f) => f.test(peak)), peak);
    // One derived figure equals V: the cheapest plan at V (and at s·V) is the API alone, whose overflow is the whole
    // volume (overflowTokens 4300000000, 2150000000). Derived figures are shown (docs/architecture.md); the rest of the
    // report never states a declared figure.
    assert.deepEqual([chat.peak!.hybrid!.instances, chat.peak!.hybrid!.overflowShare, chat.peak!.hybrid!.overflowTokens], [0, 1, 4.3e9]);
    const rest = jsonWithoutPlans(out);
    for (const form of forms) assert.ok(!form.test(rest), `${form} in ${rest}`);
  });

  it("owned servers: their count, price, life, draw and colocation are used and hidden, and so is the throughput", async () => {
    const out = await previewWithReport({
      region: "us-east-1",
      workloads: {
        chat: markerDeclaration({
          tokensPerSecondPerInstance: 61,
          ownedHardware: [{ name: "rack", accelerator: "h100-sxm", acceleratorCount: 8, count: 7, purchaseUsd: 251_000, usefulLifeMonths: 41, powerWatts: 6170, colocationUsdPerMonth: 1390, region: "us-east-1" }],
        }),
      },
      resources: [],
      secretConfigKeys: ["gpu-breakeven:workloads"],
    });
    // owned: 7 × $251,000 ÷ 41 months = $42,853.66; power: 7 × 6,170 W ÷ 1000 × 730 h × PUE 1.58 × $0.0895/kWh = $4,458.47;
    // colocation: 7 × $1,390 = $9,730; ops 37 h × $100 = $3,700. F = $60,742.13.
    const verdict = assertHasViolation(out.ds, "self-hosting-break-even", "mandatory", [
      "the fleet costs $60,742/month",
      "owned [secret]: [secret] × [secret] ÷ [secret] months = $42,854",
      "power [secret]: [secret] × [secret] W ÷ 1000 × 730 h × PUE 1.58 × $0.0895/kWh = $4,458",
      "colocation [secret]: [secret] × [secret] = $9,730",
      // Capacity = 7 × 61 tokens/s × 3,600 s × 730 h = 1,122,156,000; utilization 4.30B ÷ 1.12B = 383.2%.
      "Capacity: [secret] × [secret] tokens/s × 3,600 s × 730 h = 1.12B tokens/month; utilization 383.2% at V",
    ]).message;
    // 4.30B ÷ (61 × 3,600 × 730 = 160.31M a month each) = 26.8: at least 27 instances.
    const capacity = assertHasViolation(out.ds, "fleet-capacity", "advisory", [
      "the declared [secret] tokens/month exceed the fleet's capacity of 1.12B (383.2% utilization)",
      "To pass: run at least 27 instances, or declare the measured tokensPerSecondPerInstance if [secret] is too low.",
    ]).message;
    const chat = out.report.workloads[0];
    assert.ok(Math.abs(chat.fixedMonthlyUsd! - 60742.13) < 0.01);
    assert.equal(chat.capacityTokensPerMonth, 1_122_156_000);
    // Unhidden: "7 × $251,000 ÷ 41 months", "7 × 6,170 W", "7 × $1,390", "Capacity: 7 × 61 tokens/s", "if 61 is too low".
    const forms = [...DECLARED_FORMS.slice(0, -1), /251,000/, /41 months/, /6,170/, /1,390/, /\b7 ×/, /\b61 tokens/, /if 61\b/];
    assertNeverShown(out, forms);
    for (const message of [verdict, capacity]) assert.ok(!forms.some((f) => f.test(message)), message);
  });
});

describe("an invalid secret declaration: each problem names the key and the limit, never the value", function () {
  it("a volume beyond the limit, negative ops hours and a short profile block, their values shown as [secret]", async () => {
    const ds = await preview({
      region: "us-east-1",
      workloads: { chat: { monthlyInputTokens: 3.17e20, monthlyOutputTokens: 1_130_000_000, opsHoursPerMonth: -37, hourlyProfile: [3, 19] } },
      resources: [],
      secretConfigKeys: ["gpu-breakeven:workloads"],
    });
    const problems = violations(ds, "workload-declaration-valid");
    assert.deepEqual(problems.map((d) => [d.enforcementLevel, d.message.split("\n")[1]]), [
      ["mandatory", "gpu-breakeven:workloads.[secret].monthlyInputTokens must be at most 1,000,000,000,000,000, got [secret]"],
      ["mandatory", "gpu-breakeven:workloads.[secret].opsHoursPerMonth must be a number ≥ 0, got [secret]"],
      ["mandatory", "gpu-breakeven:workloads.[secret].hourlyProfile must list 24 numbers, one per UTC hour, got [secret]"],
    ]);
    // Unhidden: "got 317000000000000000000", "got -37", "got 2" (the profile's length).
    const text = messagesOf(ds);
    for (const form of [/317/, /-37/, /got 2\b/]) assert.ok(!form.test(text), `${form}: ${text}`);
  });
});

describe("a secret market type: the cost uses the spot discount, and no output says spot", function () {
  it("an EKS node group's secret capacityType SPOT: priced at the spot discount, its market [secret] in the messages, the report and the comment", async () => {
    const group = resource(NODE_GROUP, "embed-ng", {
      instanceTypes: ["g6.xlarge"],
      scalingConfig: { desiredSize: 3, minSize: 3, maxSize: 3 },
      capacityType: SECRET("SPOT"),
      labels: { "gpu-breakeven/workload": "embed" },
    });
    // A stray group of the same market, tagged for no declared workload: its finding names its capacity.
    const stray = resource(NODE_GROUP, "stray-ng", {
      instanceTypes: ["g6.xlarge"],
      scalingConfig: { desiredSize: 2, minSize: 2, maxSize: 2 },
      capacityType: SECRET("SPOT"),
      labels: { "gpu-breakeven/workload": "strayx" },
    });
    const out = await previewWithReport({
      region: "us-east-1",
      workloads: {
        embed: {
          monthlyInputTokens: 1.6e9,
          monthlyOutputTokens: 0.4e9,
          managedModel: "openai/gpt-4o-mini",
          tokensPerSecondPerInstance: 2500,
          environment: "staging",
          hourlyProfile: Array.from({ length: 24 }, () => 1),
        },
      },
      resources: [group, stray],
    });
    // Spot on g6 (catalog: 54% off): F = 3 × $0.8048 × (1 − 0.54) × 730 h = 3 × $270.25 = $810.76.
    // M(V) = 1,600M × $0.15 + 400M × $0.60 = $240 + $240 = $480 < F: fails.
    const message = assertHasViolation(out.ds, "self-hosting-break-even", "mandatory", [
      "the fleet costs $811/month but openai/gpt-4o-mini would serve the declared 2.00B tokens for $480/month",
      "compute: 3 × g6.xlarge × $0.8048/h × (1 − [secret]) × 730 h = $811 (catalog 2026-07-20, us-east-1; EKS node group embed-ng)",
      // One g6.xlarge serves 2,500 × 3,600 × 730 = 6.57B ≥ V, for $270.25 at the same (secret) market.
      "run 1 × g6.xlarge in us-east-1 ($270/month with ops, verdict fragile; capacity 6.57B tokens/month for V = 2.00B; [secret] market)",
    ]).message;
    const declared = assertHasViolation(out.ds, "gpu-workload-declared", "advisory", [
      `stray-ng (EKS node group of 2 × g6.xlarge on [secret]) is tagged gpu-breakeven:workload: "strayx"`,
    ]).message;
    const embed = out.report.workloads[0];
    assert.ok(Math.abs(embed.fixedMonthlyUsd! - 810.75552) < 0.005);
    assert.equal(embed.resources[0].market, "[secret]");
    assert.equal(embed.wayToPass!.fleet!.market, "[secret]");
    assert.equal(embed.wayToPass!.fleet!.discountShare, "[secret]");
    assert.equal(embed.peak!.terms.discountShare, "[secret]");
    // The chart is drawn from the pack's points (the discount is hidden), V stated as the declaration is not secret.
    assert.ok(embed.chart, "the report carries the chart's points");
    assert.ok(/x-axis "tokens per month" \["0", [^\]]*"V=2\.00B"/.test(out.comment), out.comment);
    assert.ok(out.comment.includes("`embed-ng` (3 × g6.xlarge, us-east-1, \\[secret\\])"), out.comment);
    // Unhidden: "on spot", "spot, catalog …", "(1 − 0.54", "spot, −54%", "market": "spot", "discountShare": 0.54.
    assertNeverShown(out, [/spot/i, /0\.54/, /54%/]);
    for (const m of [message, declared]) assert.ok(!/spot/i.test(m), m);
  });
});
