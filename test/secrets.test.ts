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
