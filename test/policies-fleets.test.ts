// Issue 3's shapes through the real pack: groups, node groups, endpoints, reservations, owned hardware,
// with preview-shaped input (unknown ids and counts, secrets) and bad input.
import * as assert from "node:assert/strict";
import type { EngineResource } from "../src/engine/session";
import { assertHasViolation, assertNoViolation, awsProvider, gpu, preview, SECRET, UNKNOWN, violations } from "./helpers/pack";

const UNKNOWN_NUMBER = "3eeb2bf0-c639-47a8-9e75-3b44932eb421";
const urn = (type: string, name: string) => `urn:pulumi:test::gpu-inference::${type}::${name}`;
function resource(type: string, name: string, properties: Record<string, unknown>, extra: Partial<EngineResource> = {}): EngineResource {
  return { type, name, urn: urn(type, name), properties, provider: awsProvider("us-east-1"), ...extra };
}
const LT = "aws:ec2/launchTemplate:LaunchTemplate";
const ASG = "aws:autoscaling/group:Group";
const template = (name: string, workload: string, instanceType = "g6.2xlarge") =>
  resource(LT, name, {
    id: UNKNOWN,
    instanceType,
    tagSpecifications: [{ resourceType: "instance", tags: { "gpu-breakeven:workload": workload, costCenter: SECRET("cc-SECRET-77") } }],
  });
const group = (name: string, lt: EngineResource, props: Record<string, unknown>) =>
  resource(ASG, name, { launchTemplate: { id: UNKNOWN, version: "$Latest" }, ...props }, { propertyDependencies: { launchTemplate: [lt.urn] } });
const workload = (managedModel: string, extra: Record<string, unknown> = {}) => ({
  monthlyInputTokens: 2_000_000_000,
  monthlyOutputTokens: 500_000_000,
  managedModel,
  opsHoursPerMonth: 10,
  environment: "staging",
  ...extra,
});

describe("policy pack: fleets of every shape", function () {
  it("an unknown count on one group leaves the other workload judged; the template's secret tag is never echoed", async function () {
    const lt = template("rag-lt", "rag");
    const ds = await preview({
      region: "us-east-1",
      workloads: { rag: workload("openai/gpt-4o-mini"), chat: workload("openai/gpt-4o-mini") },
      resources: [
        lt,
        group("rag-asg", lt, { desiredCapacity: UNKNOWN_NUMBER, minSize: 1, maxSize: 4 }),
        gpu("chat-0", "g6.2xlarge", "chat", "us-east-1a"),
      ],
    });
    const breakEven = violations(ds, "self-hosting-break-even");
    assert.equal(breakEven.length, 2);
    const rag = breakEven.find((d) => d.message.includes("Workload rag"))!;
    assert.equal(rag.enforcementLevel, "advisory");
    assert.ok(rag.message.includes("rag-asg: desiredCapacity of rag-asg can't be known during preview"), rag.message);
    const chat = breakEven.find((d) => d.message.includes("Workload chat"))!;
    assert.equal(chat.enforcementLevel, "mandatory");
    // chat: 1 × $0.9776/h × 730 h + 10 h × $100 = $713.648 + $1,000 = $1,713.65 > M(V) = 2,000M × $0.15 + 500M × $0.60 = $600
    assert.ok(chat.message.includes("F = $1,714"), chat.message);
    for (const d of ds) assert.ok(!d.message.includes("cc-SECRET-77"));
  });

  it("a group whose template belongs to another workload counts there, and says so", async function () {
    const lt = template("rag-lt", "rag");
    const ds = await preview({
      region: "us-east-1",
      workloads: { rag: workload("openai/gpt-4.1"), batch: workload("openai/gpt-4.1") },
      resources: [lt, group("batch-asg", lt, { desiredCapacity: 2, minSize: 2, maxSize: 2, tags: [{ key: "gpu-breakeven:workload", value: "batch", propagateAtLaunch: true }] })],
    });
    assertHasViolation(ds, "gpu-workload-declared", "advisory", ["batch-asg is tagged batch, but its launch template rag-lt tags the instances it launches rag"]);
  });

  it("bad input: a group with no template, an empty node group, a negative reservation — each named with its fix", async function () {
    // Two workloads, so the untagged resources belong to neither (no single-workload rule).
    const ds = await preview({
      region: "us-east-1",
      workloads: { chat: workload("openai/gpt-4.1"), other: workload("openai/gpt-4.1") },
      resources: [
        resource(ASG, "orphan-asg", { launchTemplate: { id: "lt-0abc" }, desiredCapacity: 2, minSize: 1, maxSize: 2 }),
        resource("aws:eks/nodeGroup:NodeGroup", "empty-ng", { instanceTypes: [], scalingConfig: { desiredSize: 2 }, tags: { "gpu-breakeven:workload": "chat" } }),
        resource("aws:ec2/capacityReservation:CapacityReservation", "cr", { instanceType: "p5.48xlarge", instanceCount: -3, availabilityZone: "us-east-1a" }),
      ],
    });
    // Two workloads' worth of resources cannot be judged, and the stack still answers.
    const pricing = violations(ds, "gpu-pricing-known").map((d) => d.message);
    assert.ok(pricing.some((m) => m.includes("Could not price orphan-asg") && m.includes("no launch template the pack can resolve")), pricing.join("\n"));
    assert.ok(pricing.some((m) => m.includes("instanceCount of cr must be a whole number from 0 to 10,000, got -3")), pricing.join("\n"));
    // An empty instanceTypes is a known, invalid value, not an unknown one: it blocks.
    assertHasViolation(ds, "self-hosting-break-even", "mandatory", [
      "Workload chat could not be evaluated",
      'instanceTypes of node group empty-ng is empty; list its instance type, e.g. ["g6e.xlarge"]',
      "An invalid value is not an unknown one: this blocks until it is fixed.",
    ]);
  });

  it("bad input: an ownedHardware entry without its price is a declaration violation naming the key", async function () {
    const ds = await preview({
      region: "us-east-1",
      workloads: { research: workload("openai/gpt-4.1", { ownedHardware: [{ name: "dgx", accelerator: "h100-sxm", acceleratorCount: 8, usefulLifeMonths: 48 }] }) },
      resources: [],
    });
    assertHasViolation(ds, "workload-declaration-valid", "mandatory", [
      "gpu-breakeven:workloads.research.ownedHardware[0].purchaseUsd is missing; it must be a number > 0",
    ]);
  });

  it("owned hardware outside allowedRegions, or with no region, breaks residency", async function () {
    const server = { name: "dgx", accelerator: "h100-sxm", acceleratorCount: 8, purchaseUsd: 240000, usefulLifeMonths: 48, powerWatts: 6000 };
    const ds = await preview({
      region: "us-east-1",
      workloads: {
        research: workload("openai/gpt-4.1", { dataResidency: { allowedRegions: ["eu-*"] }, ownedHardware: [{ ...server, region: "us-east-1" }, { ...server, name: "dgx-b" }] }),
      },
      resources: [],
    });
    const residency = violations(ds, "data-residency");
    assert.equal(residency.length, 2);
    assert.ok(residency.every((d) => d.enforcementLevel === "mandatory"));
    assert.ok(residency.some((d) => d.message.includes("ownedHardware[0] (dgx, owned servers) runs in us-east-1, outside allowedRegions eu-*")));
    assert.ok(residency.some((d) => d.message.includes("ownedHardware[1] (dgx-b) declares no region")));
  });

  it("policy config spotDiscount wins over the catalog's, and a declared commitment discount is used as declared", async function () {
    const ds = await preview({
      region: "us-east-1",
      workloads: { chat: workload("openai/gpt-4o-mini", { commitment: { kind: "reserved", termYears: 3, discount: 0.6 } }) },
      resources: [
        resource("aws:ec2/spotInstanceRequest:SpotInstanceRequest", "spot-0", { instanceType: "g6.2xlarge", tags: { "gpu-breakeven:workload": "chat" } }),
        gpu("od-0", "g6.2xlarge", "chat", "us-east-1a"),
      ],
      policyConfig: { "self-hosting-break-even": { spotDiscount: 0.7 } },
    });
    // spot: 1 × $0.9776/h × (1 − 0.7) × 730 h = $214.09; reserved: 1 × $0.9776 × (1 − 0.6) × 730 = $285.46
    // F = $214.09 + $285.46 + $1,000 = $1,499.55 > M(V) = $600: fails
    assertHasViolation(ds, "self-hosting-break-even", "mandatory", [
      "1 × g6.2xlarge × $0.9776/h × (1 − 0.7 spot, policy config spotDiscount, estimate) × 730 h = $214",
      "1 × g6.2xlarge × $0.9776/h × (1 − 0.6 reserved 3 yr, declared) × 730 h = $285",
      "F = $1,500",
    ]);
  });

  it("the way to pass prices the suggested fleet under the workload's commitment, as its fleet is paid", async function () {
    const ds = await preview({
      region: "us-east-1",
      workloads: { chat: workload("openai/gpt-4o-mini", { opsHoursPerMonth: 0, tokensPerSecondPerInstance: 1000, commitment: { kind: "reserved", termYears: 3, discount: 0.6 } }) },
      resources: [gpu("chat-0", "g6.2xlarge", "chat", "us-east-1a"), gpu("chat-1", "g6.2xlarge", "chat", "us-east-1b"), gpu("chat-2", "g6.2xlarge", "chat", "us-east-1a")],
    });
    // reserved: $0.9776 × (1 − 0.6) × 730 h = $285.4592 an instance; F = 3 × $285.4592 = $856.38
    // M(V) = 2,000M × $0.15 + 500M × $0.60 = $600 < F → fails; the budget is M(V) = $600
    // 1 instance serves 1,000 × 3,600 × 730 = 2.628B ≥ V = 2.5B (staging: no minimum of 2) → 1 × $285.46 ≤ $600,
    // and ≤ M(0.5·V) = $300 → robust. On demand it would be $0.9776 × 730 = $713.65, over the budget.
    const v = assertHasViolation(ds, "self-hosting-break-even", "mandatory", [
      "F = $856",
      "To pass (fixed cost at most $600 = M(V)): run 1 × g6.2xlarge in us-east-1 ($285/month with ops, verdict robust; " +
        "capacity 2.63B tokens/month for V = 2.50B; reserved 3 yr, declared)",
    ]);
    assert.ok(!v.message.includes("No catalog fleet"), v.message);
  });

  it("an unknown region is a clear finding, never a us-east-1 price", async function () {
    const ds = await preview({
      region: "xx-foo-1",
      workloads: { chat: workload("openai/gpt-4.1") },
      resources: [{ ...gpu("chat-0", "g6e.xlarge", "chat", "xx-foo-1a"), provider: awsProvider(undefined) }],
    });
    assertHasViolation(ds, "gpu-pricing-known", "advisory", ['region "xx-foo-1" (from stack config aws:region) is not a region the catalog prices anything in']);
    assertHasViolation(ds, "self-hosting-break-even", "advisory", ["could not be evaluated"]);
    assertNoViolation(ds, "self-hosting-fragile");
  });
});
