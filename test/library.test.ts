// The package as a library, the way the README shows it: the built bundle, not the sources.
import * as assert from "node:assert/strict";
import * as path from "path";

describe("library (dist/index.js)", function () {
  it("runs the README example", function () {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const lib = require(path.resolve(__dirname, "..", "dist", "index.js")) as typeof import("../src/index");
    const cost = lib.workloadCost({
      groups: [{ instanceType: "g6e.xlarge", count: 2, usdPerHour: 1.861, priceSource: "catalog", estimate: false }],
      opsHoursPerMonth: 20,
      volume: { inputTokens: 3e9, outputTokens: 1e9 },
      managedPrice: { inputUsdPerMillion: 0.15, outputUsdPerMillion: 0.6 },
      assumptions: { hoursPerMonth: 730, opsUsdPerHour: 100, stressUtilization: 0.5 },
    });
    // F = 2 × $1.861 × 730 + 20 × $100 = $2,717.06 + $2,000 = $4,717.06; M(V) = 3,000 × 0.15 + 1,000 × 0.6 = $1,050
    assert.equal(cost.verdict, "fails");
    assert.ok(Math.abs(cost.fixedMonthlyUsd - 4717.06) < 1e-9);
    assert.ok(Math.abs(cost.managedAtVolumeUsd - 1050) < 1e-9);
    // The registry's ten policies, pack-health last.
    assert.equal(lib.POLICY_NAMES.length, 10);
    assert.equal(lib.POLICY_NAMES[9], "pack-health");
  });

  it("exposes the fleet-sizing formulas and the one describer", function () {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const lib = require(path.resolve(__dirname, "..", "dist", "index.js")) as typeof import("../src/index");
    // g6.xlarge on spot: $0.8048 × (1 − 0.54) × 730 h = $270.25184
    assert.ok(Math.abs(lib.instanceMonthlyUsd(0.8048, 730, 0.54) - 270.25184) < 1e-9);
    // 1,000 tokens/s × 3,600 s × 730 h = 2.628B a month; 4B needs ⌈4 ÷ 2.628⌉ = 2
    assert.equal(lib.tokensPerMonth(1000, 730), 2.628e9);
    assert.equal(lib.instancesFor(4e9, 1000, 730), 2);
    // 2,500 tokens/s serves 6.57B ≥ 4B with 1 instance; production's minimum of 2 binds
    const sized = lib.sizeFleet({ usdPerHour: 1.861, discountShare: 0, tokensPerSecond: 2500 }, 4e9, 2, 730, 1000)!;
    assert.deepEqual([sized.count, sized.binding], [2, "redundancy"]);
    assert.ok(Math.abs(sized.fixedMonthlyUsd - 3717.06) < 1e-9); // 2 × $1.861 × 730 + $1,000
    // $8,000 − $0 of ops pays for ⌊8,000 ÷ 1,358.53⌋ = 5 instances of $1.861/h
    assert.equal(lib.instancesWithinBudget(8000, 1.861, 0, 730, 0), 5);

    // Findings are data; describeFinding words them.
    const resources = ["a", "b"].map((n, i) => ({
      type: "aws:ec2/instance:Instance",
      name: `chat-${n}`,
      urn: `urn:pulumi:dev::p::aws:ec2/instance:Instance::chat-${n}`,
      props: { instanceType: "g6e.xlarge", availabilityZone: i ? "us-east-1b" : "us-east-1a", tags: { "gpu-breakeven:workload": "chat" } },
    }));
    const workloads = { chat: { monthlyInputTokens: 3e9, monthlyOutputTokens: 1e9, managedModel: "openai/gpt-4o-mini", opsHoursPerMonth: 20 } };
    const analysis = lib.analyzePack({ resources, stackConfig: { workloads, awsRegion: "us-east-1" }, policyConfig: {}, catalog: lib.shippedCatalog(), now: new Date("2026-09-01T00:00:00Z") });
    const fails = analysis.findings.find((f) => f.policy === "self-hosting-break-even")!;
    assert.equal(fails.fact.kind, "verdict");
    assert.ok(!("message" in fails), "a finding carries no message");
    assert.ok(lib.describeFinding(fails).includes("the fleet costs $4,717/month"), lib.describeFinding(fails));
  });
});
