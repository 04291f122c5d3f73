// The stack analysis without the engine: plain resources in, workloads and findings out.
import * as assert from "node:assert/strict";
import { analyzeStack } from "../src/analysis/analyzeStack";
import { defaultAssumptions } from "../src/assumptions/parse";
import { shippedCatalog } from "../src/catalog/load";
import { describeFinding } from "../src/report/describe";
import type { ResourceLike } from "../src/resources/types";

const catalog = shippedCatalog();
const instance = (name: string, instanceType: string, workload: string, az: string, extra: Record<string, unknown> = {}): ResourceLike => ({
  type: "aws:ec2/instance:Instance",
  name,
  urn: `urn:pulumi:dev::p::aws:ec2/instance:Instance::${name}`,
  props: { instanceType, availabilityZone: az, tags: { "gpu-breakeven:workload": workload }, ...extra },
});
const close = (actual: number, expected: number, what: string) => assert.ok(Math.abs(actual - expected) < 1e-6, `${what}: ${actual} ≠ ${expected}`);
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
  // g6e.xlarge: $1.861/h on demand in us-east-1 → $1.861 × 730 h = $1,358.53 a month per instance.
  const g6e = (n: number) => Array.from({ length: n }, (_, i) => instance(`gpu-${i}`, "g6e.xlarge", "chat", i % 2 ? "us-east-1b" : "us-east-1a"));
  const haiku = { monthlyInputTokens: 3e9, monthlyOutputTokens: 1e9, managedModel: "anthropic/claude-haiku-4-5" };

  it("production: the cheapest fleet within M(s·V) keeps 2 instances even when 1 serves the volume (binding: redundancy)", () => {
    const { workloads } = analyze({ chat: { ...haiku, opsHoursPerMonth: 10, tokensPerSecondPerInstance: 2500 } }, g6e(4));
    const w = workloads[0];
    // F = 4 × $1,358.53 + 10 h × $100 = $5,434.12 + $1,000 = $6,434.12; M(V) = 3,000M × $1 + 1,000M × $5 = $8,000,
    // M(0.5·V) = $4,000 → fragile, so the budget is M(0.5·V) = $4,000
    assert.equal(w.cost!.verdict, "fragile");
    const way = w.wayToPass!;
    assert.deepEqual([way.target, way.budgetUsd, way.minimumCount, way.throughputKnown, way.opsExceedBudget], ["stress", 4000, 2, true, false]);
    // one instance serves 2,500 × 3,600 × 730 = 6.57B tokens ≥ V = 4B, but production keeps 2:
    // F′ = 2 × $1,358.53 + $1,000 = $3,717.06 ≤ $4,000 → robust
    const fleet = way.fleet!;
    assert.deepEqual([fleet.instanceType, fleet.count, fleet.region, fleet.binding, fleet.verdict, fleet.market], ["g6e.xlarge", 2, "us-east-1", "redundancy", "robust", "on-demand"]);
    close(fleet.fixedMonthlyUsd, 3717.06, "F′");
    assert.equal(fleet.capacityTokensPerMonth, 2 * 2500 * 3600 * 730);
    assert.equal(fleet.estimated, false);
    assert.equal(fleet.discount, undefined);
  });

  it("staging: the same workload needs 1 instance, set by the volume (binding: capacity)", () => {
    const { workloads } = analyze({ chat: { ...haiku, opsHoursPerMonth: 10, tokensPerSecondPerInstance: 2500, environment: "staging" } }, g6e(4));
    const way = workloads[0].wayToPass!;
    assert.equal(way.minimumCount, 1);
    // 1 × $1,358.53 + $1,000 = $2,358.53; capacity 6.57B ≥ 4B
    const fleet = way.fleet!;
    assert.deepEqual([fleet.instanceType, fleet.count, fleet.binding, fleet.verdict], ["g6e.xlarge", 1, "capacity", "robust"]);
    close(fleet.fixedMonthlyUsd, 2358.53, "F′");
    assert.equal(fleet.capacityTokensPerMonth, 2500 * 3600 * 730);
  });

  it("spot: the suggested fleet stays on spot, priced with the family's spot discount", () => {
    // 6 × g6.xlarge on spot; the catalog's g6 spot discount is 54% (spotDiscounts, low end of 54–78%):
    // $0.8048 × (1 − 0.54) × 730 h = $270.25184 a month per instance, so F = 6 × $270.25184 = $1,621.51
    const fleet = Array.from({ length: 6 }, (_, i) =>
      instance(`spot-${i}`, "g6.xlarge", "chat", i % 2 ? "us-east-1b" : "us-east-1a", { instanceMarketOptions: { marketType: "spot" } }));
    const { workloads, findings } = analyze({
      chat: { monthlyInputTokens: 3e9, monthlyOutputTokens: 1e9, managedModel: "openai/gpt-4o-mini", tokensPerSecondPerInstance: 1000 },
    }, fleet);
    const w = workloads[0];
    // M(V) = 3,000M × $0.15 + 1,000M × $0.60 = $1,050 < $1,621.51 → fails; the budget is M(V) = $1,050
    assert.equal(w.cost!.verdict, "fails");
    close(w.cost!.fixedMonthlyUsd, 6 * 0.8048 * 0.46 * 730, "F");
    const way = w.wayToPass!;
    assert.deepEqual([way.target, way.budgetUsd], ["volume", 1050]);
    // one instance serves 1,000 × 3,600 × 730 = 2.628B tokens; V = 4B needs ⌈4 ÷ 2.628⌉ = 2 (= production's minimum)
    // spot: 2 × $270.25184 = $540.50 ≤ $1,050 (on demand it would be 2 × $0.8048 × 730 = $1,175.01, over the budget);
    // M(0.5·V) = $525 < $540.50 → fragile
    const suggested = way.fleet!;
    assert.deepEqual([suggested.instanceType, suggested.count, suggested.binding, suggested.market, suggested.verdict], ["g6.xlarge", 2, "capacity", "spot", "fragile"]);
    assert.equal(suggested.discount?.share, 0.54);
    close(suggested.fixedMonthlyUsd, 540.50368, "F′ on spot");
    assert.equal(suggested.capacityTokensPerMonth, 2 * 2.628e9);
    const message = describeFinding(findings.find((f) => f.policy === "self-hosting-break-even")!);
    assert.ok(message.includes("To pass (fixed cost at most $1,050 = M(V)): run 2 × g6.xlarge in us-east-1 ($541/month with ops, verdict fragile;"), message);
    assert.ok(message.includes("spot, −54%"), message);
  });

  it("without throughput: no fleet to suggest, and the budget pays for fewer instances than production's minimum", () => {
    const base = { monthlyInputTokens: 3e9, monthlyOutputTokens: 1e9, managedModel: "openai/gpt-4o-mini" };
    const way = analyze({ chat: base }, g6e(2)).workloads[0].wayToPass!;
    // F = 2 × $1,358.53 = $2,717.06 > M(V) = $1,050 → fails; $1,050 pays for ⌊1,050 ÷ 1,358.53⌋ = 0 instances
    assert.deepEqual(way, {
      budgetUsd: 1050,
      target: "volume",
      minimumCount: 2,
      throughputKnown: false,
      sameTypeWithinBudget: undefined,
      opsExceedBudget: false,
      managed: { allowed: true, modelId: "openai/gpt-4o-mini", monthlyUsd: 1050 },
    });
  });

  it("with throughput but nothing within the budget: no fleet, and the message says self-hosting cannot pass", () => {
    const base = { monthlyInputTokens: 3e9, monthlyOutputTokens: 1e9, managedModel: "openai/gpt-4o-mini", tokensPerSecondPerInstance: 2500 };
    const { workloads, findings } = analyze({ chat: base }, g6e(2));
    const way = workloads[0].wayToPass!;
    // the only type with a known throughput is the fleet's own: 2 × $1,358.53 = $2,717.06 > $1,050
    assert.equal(way.throughputKnown, true);
    assert.equal(way.fleet, undefined);
    const message = describeFinding(findings.find((f) => f.policy === "self-hosting-break-even")!);
    assert.ok(message.includes("No catalog fleet with at least 2 instances serves the declared volume for $1,050 = M(V) or less: self-hosting cannot pass at this volume."), message);
    assert.ok(message.includes("call openai/gpt-4o-mini instead ($1,050/month, $1,667 less)"), message); // $2,717.06 − $1,050
    assert.ok(!message.includes("if 1 can serve"), message);
  });

  it("when V* is beyond the fleet's capacity, more traffic is not offered as a way out", () => {
    const base = { monthlyInputTokens: 3e9, monthlyOutputTokens: 1e9, managedModel: "openai/gpt-4o-mini", tokensPerSecondPerInstance: 100 };
    const { findings } = analyze({ chat: base }, g6e(2));
    // F = $2,717.06; V* = $2,717.06 ÷ ($1,050 ÷ 4B) = 10.35B tokens; capacity 2 × 100 × 3,600 × 730 = 525.60M
    const message = describeFinding(findings.find((f) => f.policy === "self-hosting-break-even")!);
    assert.ok(message.includes("More traffic cannot rescue this fleet: it would need 10.35B tokens/month, beyond its capacity of 525.60M."), message);
    assert.ok(!message.includes("serve at least V*"), message);
    assert.ok(message.includes("To pass (fixed cost at most $1,050 = M(V)): call openai/gpt-4o-mini instead"), message);
  });

  it("without throughput: the most instances of the fleet's own type the budget pays for", () => {
    // F = 8 × $1,358.53 = $10,868.24 > M(V) = $8,000 → fails; $8,000 ÷ $1,358.53 = 5.89 → 5 instances, $6,792.65
    const way = analyze({ chat: haiku }, g6e(8)).workloads[0].wayToPass!;
    assert.equal(way.throughputKnown, false);
    assert.equal(way.sameTypeWithinBudget?.instanceType, "g6e.xlarge");
    assert.equal(way.sameTypeWithinBudget?.count, 5);
    close(way.sameTypeWithinBudget!.fixedMonthlyUsd, 5 * 1.861 * 730, "5 instances");
  });

  it("ops hours beyond the budget: no fleet can pass", () => {
    // 100 h × $100 = $10,000 of ops alone > M(V) = $8,000
    const way = analyze({ chat: { ...haiku, opsHoursPerMonth: 100, tokensPerSecondPerInstance: 2500 } }, g6e(2)).workloads[0].wayToPass!;
    assert.equal(way.opsExceedBudget, true);
    assert.equal(way.fleet, undefined);
  });

  it("never suggests a managed API that residency forbids, and judges no cost against it", () => {
    // gpt-4o-mini processes anywhere (the OpenAI API) or only in Europe (European data residency): neither is within us-*
    const { workloads, findings } = analyze({ chat: { monthlyInputTokens: 3e9, monthlyOutputTokens: 1e9, managedModel: "openai/gpt-4o-mini", dataResidency: { allowedRegions: ["us-*"] } } }, g6e(2));
    // F = $2,717.06 > list M(V) = $1,050: fails by cost, but the API is not an option
    assert.equal(workloads[0].cost!.verdict, "fails");
    assert.deepEqual(workloads[0].wayToPass!.managed, { allowed: false, why: "no-compliant-offering", allowedRegions: ["us-*"] });
    assert.deepEqual(findings.filter((f) => f.policy === "self-hosting-break-even"), []);
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
    const capacity = findings.filter((f) => f.policy === "fleet-capacity").map((f) => describeFinding(f));
    // 70e9 × 2 bytes = 140 GB = 130.4 GiB of weights against 90% of one L4's 22.4 GiB
    assert.ok(capacity.some((m) => m.includes("does not fit on g6.xlarge") && m.includes("130.4 GiB")), capacity.join("\n"));
    assert.ok(capacity.some((m) => m.includes("exceed the fleet's capacity of 0")), capacity.join("\n"));
  });

  it("searches every catalog family for the cheapest fleet within the budget when the model is declared", () => {
    // 2 × p4d.24xlarge (8 × A100 each) for an 8B model at 4B tokens: wildly oversized
    const fleet = [instance("big-0", "p4d.24xlarge", "chat", "us-east-1a"), instance("big-1", "p4d.24xlarge", "chat", "us-east-1b")];
    const { workloads } = analyze({
      chat: { monthlyInputTokens: 3e9, monthlyOutputTokens: 1e9, managedModel: "openai/gpt-4.1", model: { parametersBillions: 8, precision: "fp8" } },
    }, fleet);
    const w = workloads[0];
    // F = 2 × $21.957642 × 730 = $32,058.16 against M(V) = 3,000M × $2 + 1,000M × $8 = $14,000 → fails
    assert.equal(w.cost!.verdict, "fails");
    const way = w.wayToPass!;
    assert.equal(way.budgetUsd, 14000);
    // 8B at fp8 = 8 GB = 7.45 GiB of weights. The types cheaper than g5g.xlarge ($0.42/h) hold 8 GiB or less
    // (inf1 8 GiB, g4ad 8 GiB, g6f 2.8 GiB: under 90% × 8 GiB = 7.2 GiB), so the cheapest type it fits on is
    // g5g.xlarge (1 × T4G, 16 GiB): 2 (production's minimum) × $0.42 × 730 = $613.20 ≤ $7,000 = M(0.5·V) → robust
    const suggested = way.fleet!;
    assert.deepEqual([suggested.instanceType, suggested.count, suggested.region, suggested.verdict, suggested.estimated], ["g5g.xlarge", 2, "us-east-1", "robust", true]);
    close(suggested.fixedMonthlyUsd, 2 * 0.42 * 730, "F′");
    assert.ok(suggested.capacityTokensPerMonth >= 4e9, `capacity ${suggested.capacityTokensPerMonth}`);
  });
});
