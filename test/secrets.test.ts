// Secrets stay secret (issue 11): every value the engine marks secret that the pack reads is used for the
// arithmetic and shown as [secret] in every message and the JSON report. Each case plants a marker string.
import * as assert from "node:assert/strict";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import type { EngineResource } from "../src/engine/session";
import { assertHasViolation, awsProvider, gpu, preview, previewSpawned, SECRET, violations } from "./helpers/pack";

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
