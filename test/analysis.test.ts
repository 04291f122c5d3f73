// The stack analysis without the engine: plain resources in, workloads and findings out.
import * as assert from "node:assert/strict";
import { analyzeStack } from "../src/analysis/analyzeStack";
import { defaultAssumptions } from "../src/assumptions/parse";
import { shippedCatalog } from "../src/catalog/load";
import type { ResourceLike } from "../src/resources/types";

const catalog = shippedCatalog();
const instance = (name: string, instanceType: string, workload: string, az: string): ResourceLike => ({
  type: "aws:ec2/instance:Instance",
  name,
  urn: `urn:pulumi:dev::p::aws:ec2/instance:Instance::${name}`,
  props: { instanceType, availabilityZone: az, tags: { "gpu-breakeven:workload": workload } },
});
const analyze = (workloads: Record<string, unknown>, resources: ResourceLike[]) =>
  analyzeStack(resources, { workloads, awsRegion: "us-east-1" }, defaultAssumptions(), catalog);

describe("analysis: cached input tokens", () => {
  const fleet = [instance("a-0", "g6e.xlarge", "chat", "us-east-1a"), instance("a-1", "g6e.xlarge", "chat", "us-east-1b")];
  const chat = { monthlyInputTokens: 3e9, monthlyOutputTokens: 1e9, managedModel: "anthropic/claude-haiku-4-5" };

  it("bills the cached share of input at the cached price", () => {
    const { workloads } = analyze({ chat: { ...chat, cachedInputShare: 0.4 } }, fleet);
    // blended input = 0.6 × $1 + 0.4 × $0.10 = $0.64; M(V) = 3,000M × $0.64 + 1,000M × $5 = $1,920 + $5,000 = $6,920
    assert.ok(Math.abs(workloads[0].cost!.managedAtVolumeUsd - 6920) < 1e-6);
    // M(0.5·V) halves both: $3,460
    assert.ok(Math.abs(workloads[0].cost!.managedAtStressUsd - 3460) < 1e-6);
  });

  it("never treats an unknown cached price as free: the cached share is billed as input", () => {
    const assumptions = { ...defaultAssumptions(), managedModels: { "acme/llm": { inputUsdPerMillion: 1, outputUsdPerMillion: 5 } } };
    const { workloads } = analyzeStack(fleet, { workloads: { chat: { ...chat, managedModel: "acme/llm", cachedInputShare: 0.9 } }, awsRegion: "us-east-1" }, assumptions, catalog);
    // no cached price listed: M(V) = 3,000M × $1 + 1,000M × $5 = $8,000, as without a cache
    assert.ok(Math.abs(workloads[0].cost!.managedAtVolumeUsd - 8000) < 1e-6);
  });
});

describe("analysis: a way to pass", () => {
  it("sizes the same type to the declared volume when the measured throughput leaves instances idle", () => {
    const fleet = ["a", "b", "c", "d"].map((n, i) => instance(`gpu-${n}`, "g6e.xlarge", "chat", i % 2 ? "us-east-1b" : "us-east-1a"));
    const { workloads } = analyze({
      chat: { monthlyInputTokens: 3e9, monthlyOutputTokens: 1e9, managedModel: "anthropic/claude-haiku-4-5", opsHoursPerMonth: 20, tokensPerSecondPerInstance: 2500 },
    }, fleet);
    const w = workloads[0];
    // F = 4 × $1.861 × 730 + 20 × $100 = $5,434.12 + $2,000 = $7,434.12; M(V) = $8,000, M(0.5·V) = $4,000 → fragile
    assert.equal(w.cost!.verdict, "fragile");
    // one instance serves 2,500 × 3,600 × 730 = 6.57B tokens ≥ V = 4B, but production keeps 2:
    // F′ = 2 × $1.861 × 730 + $2,000 = $4,717.06 → still fragile ($4,000 < $4,717.06 ≤ $8,000)
    const way = w.wayToPass!;
    assert.deepEqual([way.instanceType, way.count, way.region, way.verdict], ["g6e.xlarge", 2, "us-east-1", "fragile"]);
    assert.ok(Math.abs(way.fixedMonthlyUsd - 4717.06) < 1e-6);
    assert.equal(way.capacityTokensPerMonth, 2 * 2500 * 3600 * 730);
  });

  it("offers nothing when no throughput is known or the fleet is already the smallest", () => {
    const fleet = [instance("a-0", "g6e.xlarge", "chat", "us-east-1a"), instance("a-1", "g6e.xlarge", "chat", "us-east-1b")];
    const base = { monthlyInputTokens: 3e9, monthlyOutputTokens: 1e9, managedModel: "openai/gpt-4o-mini" };
    assert.equal(analyze({ chat: base }, fleet).workloads[0].wayToPass, undefined);
    assert.equal(analyze({ chat: { ...base, tokensPerSecondPerInstance: 2500 } }, fleet).workloads[0].wayToPass, undefined);
  });
});

describe("analysis: capacity estimated from the served model", () => {
  // Imported here, not copied: the estimator has its own calibration tests (test/throughput.test.ts).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { estimateDecodeThroughput } = require("../src/model/throughput") as typeof import("../src/model/throughput");

  it("estimates the fleet's capacity from each instance's accelerators and labels it estimated", () => {
    const fleet = [instance("a-0", "g6e.xlarge", "chat", "us-east-1a"), instance("a-1", "g6e.xlarge", "chat", "us-east-1b")];
    const { workloads } = analyze({
      chat: { monthlyInputTokens: 3e9, monthlyOutputTokens: 1e9, managedModel: "openai/gpt-4.1", model: { parametersBillions: 8, precision: "bf16" } },
    }, fleet);
    const capacity = workloads[0].cost!.capacity!;
    assert.equal(capacity.estimated, true);
    // g6e.xlarge: 1 × L40S, 44.7 GiB, 864 GB/s
    const decode = estimateDecodeThroughput({ parametersBillions: 8, precision: "bf16", accelerator: { memoryGiB: 44.7, memoryBandwidthGBps: 864 }, acceleratorCount: 1 });
    assert.ok(decode.fits);
    // input:output = 3:1, an input token costs 1/8 of an output token: io = decode × (3 + 1) ÷ (1 + 3/8)
    const perInstance = (decode.decodeTokensPerSecond * 4) / 1.375;
    // capacity = 2 instances × io × 3,600 s × 730 h
    assert.ok(Math.abs(capacity.tokensPerMonth - 2 * perInstance * 3600 * 730) < 1);
  });

  it("a model that does not fit is a fleet-capacity finding with the numbers", () => {
    const fleet = [instance("a-0", "g6.xlarge", "chat", "us-east-1a"), instance("a-1", "g6.xlarge", "chat", "us-east-1b")];
    const { findings } = analyze({
      chat: { monthlyInputTokens: 3e9, monthlyOutputTokens: 1e9, managedModel: "openai/gpt-4.1", model: { parametersBillions: 70, precision: "bf16" } },
    }, fleet);
    const capacity = findings.filter((f) => f.policy === "fleet-capacity").map((f) => f.message);
    // 70e9 × 2 bytes = 140 GB = 130.4 GiB of weights against 90% of one L4's 22.4 GiB
    assert.ok(capacity.some((m) => m.includes("does not fit on g6.xlarge") && m.includes("130.4 GiB")), capacity.join("\n"));
    assert.ok(capacity.some((m) => m.includes("exceed the fleet's capacity of 0")), capacity.join("\n"));
  });

  it("searches every catalog family for a cheaper fleet when the model is declared", () => {
    // 2 × p4d.24xlarge (8 × A100 each) for an 8B model at 1e9 tokens: wildly oversized
    const fleet = [instance("big-0", "p4d.24xlarge", "chat", "us-east-1a"), instance("big-1", "p4d.24xlarge", "chat", "us-east-1b")];
    const { workloads } = analyze({
      chat: { monthlyInputTokens: 7.5e8, monthlyOutputTokens: 2.5e8, managedModel: "openai/gpt-4o-mini", model: { parametersBillions: 8, precision: "fp8" } },
    }, fleet);
    const w = workloads[0];
    assert.equal(w.cost!.verdict, "fails"); // F = 2 × $21.957642 × 730 = $32,058 against M(V) = 750M × $0.15 + 250M × $0.60 = $262.50
    const way = w.wayToPass!;
    assert.ok(way.fixedMonthlyUsd < w.cost!.fixedMonthlyUsd);
    assert.ok(way.capacityTokensPerMonth >= 1e9);
    assert.equal(way.count, 2); // production keeps two instances
    assert.equal(way.estimated, true);
    assert.ok(!way.instanceType.startsWith("p4d"), way.instanceType);
  });
});
