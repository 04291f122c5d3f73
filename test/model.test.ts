import assert from "node:assert/strict";
import {
  breakEvenTokens,
  CostAssumptions,
  fleetCapacity,
  InstanceGroup,
  managedCostAt,
  monthlyFixedCost,
  selfHostedUsdPerMillion,
  verdictFor,
  workloadCost,
} from "../src/model";

/** Equal to within a millionth of a dollar (or token share): float products are not exact. */
function near(actual: number | null | undefined, expected: number, tolerance = 1e-6): void {
  assert.ok(typeof actual === "number", `expected a number near ${expected}, got ${actual}`);
  assert.ok(Math.abs(actual - expected) <= tolerance, `expected ${expected}, got ${actual}`);
}

const g6e = (count: number, usdPerHour = 1.861): InstanceGroup => ({
  instanceType: "g6e.xlarge",
  count,
  usdPerHour,
  priceSource: "catalog 2026-07-20",
  estimate: false,
});

const month: CostAssumptions = { hoursPerMonth: 730, opsUsdPerHour: 100, stressUtilization: 0.5 };

describe("model: fixed monthly cost", () => {
  it("has one compute line per group, an included $0 power line, an ops line, and their total", () => {
    const groups: InstanceGroup[] = [
      g6e(2),
      { instanceType: "g6.xlarge", count: 1, usdPerHour: 0.8048, priceSource: "catalog 2026-07-20", estimate: false },
    ];
    const fixed = monthlyFixedCost(groups, 20, month);
    assert.equal(fixed.lines.length, 4);

    const [a, b, power, ops] = fixed.lines;
    assert.equal(a.kind, "compute");
    assert.ok(a.kind === "compute");
    assert.equal(a.instanceType, "g6e.xlarge");
    assert.equal(a.count, 2);
    assert.equal(a.usdPerHour, 1.861);
    assert.equal(a.hours, 730);
    assert.equal(a.priceSource, "catalog 2026-07-20");
    assert.equal(a.estimate, false);
    // 2 × $1.861/h × 730 h = 2 × $1,358.53 = $2,717.06
    near(a.monthlyUsd, 2717.06);

    assert.ok(b.kind === "compute");
    assert.equal(b.instanceType, "g6.xlarge");
    // 1 × $0.8048/h × 730 h = $587.504
    near(b.monthlyUsd, 587.504);

    assert.deepEqual(power, { kind: "power", included: true, monthlyUsd: 0 });

    assert.ok(ops.kind === "ops");
    assert.equal(ops.hours, 20);
    assert.equal(ops.usdPerHour, 100);
    // 20 h × $100/h = $2,000
    assert.equal(ops.monthlyUsd, 2000);

    // $2,717.06 + $587.504 + $0 + $2,000 = $5,304.564
    near(fixed.totalUsd, 5304.564);
  });

  it("with no groups and no ops hours costs $0 (power and ops lines still shown)", () => {
    const fixed = monthlyFixedCost([], 0, month);
    assert.deepEqual(fixed.lines.map((l) => l.kind), ["power", "ops"]);
    // 0 h × $100/h = $0
    assert.equal(fixed.totalUsd, 0);
  });

  it("bills 730 hours a month, not 720 (30 × 24)", () => {
    // 1 × $1/h × 730 h = $730; at 720 h it would be $720
    const fixed = monthlyFixedCost([g6e(1, 1)], 0, month);
    assert.equal(fixed.totalUsd, 730);
    // and the hours come from the assumptions: 1 × $1/h × 744 h = $744
    assert.equal(monthlyFixedCost([g6e(1, 1)], 0, { hoursPerMonth: 744, opsUsdPerHour: 100 }).totalUsd, 744);
  });
});

describe("model: managed cost", () => {
  const volume = { inputTokens: 3e9, outputTokens: 1e9 };
  const haiku = { inputUsdPerMillion: 1, outputUsdPerMillion: 5 };

  it("prices the declared volume per million tokens", () => {
    // 3e9 ÷ 1e6 = 3,000 M in × $1 + 1e9 ÷ 1e6 = 1,000 M out × $5 = $3,000 + $5,000 = $8,000
    // (forgetting ÷ 1e6 would give $8,000,000,000)
    assert.equal(managedCostAt(volume, haiku), 8000);
  });

  it("scales both input and output by the stress share", () => {
    // 0.5 × 3,000 M × $1 + 0.5 × 1,000 M × $5 = $1,500 + $2,500 = $4,000
    assert.equal(managedCostAt(volume, haiku, 0.5), 4000);
    // 0.25 × 3,000 M × $1 + 0.25 × 1,000 M × $5 = $750 + $1,250 = $2,000
    assert.equal(managedCostAt(volume, haiku, 0.25), 2000);
  });

  it("prices input and output separately (not total tokens × one price)", () => {
    // 0 in; 2e6 out = 2 M × $5 = $10
    assert.equal(managedCostAt({ inputTokens: 0, outputTokens: 2e6 }, haiku), 10);
    // 2e6 in = 2 M × $1 = $2; 0 out
    assert.equal(managedCostAt({ inputTokens: 2e6, outputTokens: 0 }, haiku), 2);
  });
});

describe("model: verdict boundaries (DESIGN §1, ties go to self-hosting)", () => {
  // M(V) = $8,000, M(s·V) = $4,000
  it("F = M(s·V) is robust", () => {
    assert.equal(verdictFor(4000, 8000, 4000), "robust");
  });
  it("F one cent above M(s·V) is fragile", () => {
    // $4,000 + $0.01 = $4,000.01 > $4,000
    assert.equal(verdictFor(4000.01, 8000, 4000), "fragile");
  });
  it("F = M(V) is fragile", () => {
    assert.equal(verdictFor(8000, 8000, 4000), "fragile");
  });
  it("F one cent above M(V) fails", () => {
    // $8,000 + $0.01 = $8,000.01 > $8,000
    assert.equal(verdictFor(8000.01, 8000, 4000), "fails");
  });
  it("F below M(s·V) is robust, F far above M(V) fails", () => {
    assert.equal(verdictFor(1, 8000, 4000), "robust");
    assert.equal(verdictFor(1e6, 8000, 4000), "fails");
  });

  it("float noise in a sum does not flip a tie (0.1 + 0.2 vs 0.3)", () => {
    // 0.1 + 0.2 = 0.30000000000000004 in binary floating point; mathematically $0.30 = M(s·V) → robust
    assert.equal(verdictFor(0.1 + 0.2, 1, 0.3), "robust");
    // and as a tie with M(V): 0.1 + 0.2 = $0.30 = M(V) → fragile, not fails
    assert.equal(verdictFor(0.1 + 0.2, 0.3, 0.1), "fragile");
  });

  it("float noise does not flip a tie at a half cent (0.1 + 0.185 vs 0.285)", () => {
    // $0.10 + $0.185 = $0.285 exactly = M(s·V) → robust (tie goes to self-hosting).
    // In floats 0.1 + 0.185 = 0.28500000000000003 and 0.285 = 0.28499999999999998, which
    // rounding to whole cents separates into 29 ¢ and 28 ¢.
    assert.equal(verdictFor(0.1 + 0.185, 1, 0.285), "robust");
  });

  it("a workload whose F equals M(s·V) at a half cent is robust end to end", () => {
    // F = 1 × $0.3895/h × 730 h = $284.335 (ops 0 h)
    // M(s·V) = 0.5 × 568,670,000 in ÷ 1e6 × $1 = 0.5 × 568.67 × $1 = $284.335 → tie → robust
    // M(V) = 568.67 × $1 = $568.67
    const r = workloadCost({
      groups: [g6e(1, 0.3895)],
      opsHoursPerMonth: 0,
      volume: { inputTokens: 568_670_000, outputTokens: 0 },
      managedPrice: { inputUsdPerMillion: 1, outputUsdPerMillion: 5 },
      assumptions: month,
    });
    near(r.fixedMonthlyUsd, 284.335);
    near(r.managedAtStressUsd, 284.335);
    assert.equal(r.verdict, "robust");
  });
});

describe("model: break-even and self-hosted unit cost", () => {
  it("V* = F ÷ (M(V) ÷ V)", () => {
    // M(V) ÷ V = $8,000 ÷ 4e9 tokens = $0.000002 per token
    // V* = $4,717.06 ÷ $0.000002 = 2,358,530,000 tokens
    near(breakEvenTokens(4717.06, 8000, 4e9), 2_358_530_000, 1e-3);
  });
  it("V* is null when V = 0 or M(V) = 0", () => {
    assert.equal(breakEvenTokens(4717.06, 8000, 0), null);
    assert.equal(breakEvenTokens(4717.06, 0, 4e9), null);
  });
  it("self-hosted $ per 1M tokens = F ÷ V × 1e6", () => {
    // $4,717.06 ÷ 4e9 × 1e6 = $4,717.06 ÷ 4,000 M = $1.179265 per M
    near(selfHostedUsdPerMillion(4717.06, 4e9), 1.179265, 1e-9);
    assert.equal(selfHostedUsdPerMillion(4717.06, 0), null);
  });
});

describe("model: fleet capacity", () => {
  it("capacity = tps × 3600 × hoursPerMonth × instances, utilization = V ÷ capacity and V* ÷ capacity", () => {
    const c = fleetCapacity(2500, 2, 730, 4e9, 2_358_530_000);
    assert.equal(c.tokensPerSecondPerInstance, 2500);
    // 2,500 tok/s × 3,600 s/h = 9,000,000 tok/h; × 730 h = 6,570,000,000; × 2 = 13,140,000,000
    // (at 720 h it would be 12,960,000,000)
    assert.equal(c.tokensPerMonth, 13_140_000_000);
    // 4,000,000,000 ÷ 13,140,000,000 = 0.30441400…
    near(c.utilization, 4 / 13.14, 1e-12);
    near(c.utilization, 0.304414, 1e-6);
    // 2,358,530,000 ÷ 13,140,000,000 = 0.17949239…
    near(c.breakEvenUtilization, 0.1794924, 1e-7);
  });
  it("breakEvenUtilization is null without a break-even volume", () => {
    assert.equal(fleetCapacity(2500, 2, 730, 4e9, null).breakEvenUtilization, null);
  });
});

describe("model: workloadCost end to end (2 × g6e.xlarge, 20 ops h, 3e9 in / 1e9 out)", () => {
  const base = {
    groups: [g6e(2)],
    opsHoursPerMonth: 20,
    volume: { inputTokens: 3e9, outputTokens: 1e9 },
    tokensPerSecondPerInstance: 2500,
    assumptions: month,
  };
  // F = 2 × $1.861/h × 730 h + 20 h × $100/h = $2,717.06 + $2,000 = $4,717.06
  const F = 4717.06;

  it("openai/gpt-4.1 at $2/$8 per M: robust", () => {
    const r = workloadCost({ ...base, managedPrice: { inputUsdPerMillion: 2, outputUsdPerMillion: 8 } });
    near(r.fixedMonthlyUsd, F);
    // M(V) = 3,000 M × $2 + 1,000 M × $8 = $6,000 + $8,000 = $14,000
    near(r.managedAtVolumeUsd, 14000);
    // M(s·V) = 0.5 × $14,000 = $7,000 ≥ $4,717.06 → robust
    near(r.managedAtStressUsd, 7000);
    assert.equal(r.verdict, "robust");
    // V* = $4,717.06 ÷ ($14,000 ÷ 4e9) = $4,717.06 ÷ $0.0000035 = 1,347,731,428.57… tokens
    near(r.breakEvenTokens, 4717.06 / 0.0000035, 1e-3);
    near(r.breakEvenTokens, 1_347_731_428.571, 1e-2);
  });

  it("anthropic/claude-haiku-4-5 at $1/$5 per M: fragile", () => {
    const r = workloadCost({ ...base, managedPrice: { inputUsdPerMillion: 1, outputUsdPerMillion: 5 } });
    // M(V) = 3,000 × $1 + 1,000 × $5 = $8,000; M(s·V) = $4,000 < $4,717.06 ≤ $8,000 → fragile
    near(r.managedAtVolumeUsd, 8000);
    near(r.managedAtStressUsd, 4000);
    assert.equal(r.verdict, "fragile");
    assert.equal(r.stressUtilization, 0.5);
    // V = 3e9 + 1e9 = 4e9
    assert.equal(r.volumeTokens, 4e9);
    assert.equal(r.instanceCount, 2);
    // V* = $4,717.06 ÷ ($8,000 ÷ 4e9) = 2,358,530,000 tokens
    near(r.breakEvenTokens, 2_358_530_000, 1e-3);
    // $4,717.06 ÷ 4e9 × 1e6 = $1.179265 per M
    near(r.selfHostedUsdPerMillion, 1.179265, 1e-9);
    // capacity: 2,500 × 3,600 × 730 × 2 = 13,140,000,000; 4e9 ÷ 13.14e9 = 0.304414; 2.35853e9 ÷ 13.14e9 = 0.1794924
    assert.ok(r.capacity);
    assert.equal(r.capacity.tokensPerMonth, 13_140_000_000);
    near(r.capacity.utilization, 0.304414, 1e-6);
    near(r.capacity.breakEvenUtilization, 0.1794924, 1e-7);
    // lines: compute, power, ops
    assert.deepEqual(r.lines.map((l) => l.kind), ["compute", "power", "ops"]);
  });

  it("openai/gpt-4o-mini at $0.15/$0.60 per M: fails", () => {
    const r = workloadCost({ ...base, managedPrice: { inputUsdPerMillion: 0.15, outputUsdPerMillion: 0.6 } });
    // M(V) = 3,000 × $0.15 + 1,000 × $0.60 = $450 + $600 = $1,050 < $4,717.06 → fails
    near(r.managedAtVolumeUsd, 1050);
    // M(s·V) = $225 + $300 = $525
    near(r.managedAtStressUsd, 525);
    assert.equal(r.verdict, "fails");
  });

  it("has no capacity when throughput is not declared", () => {
    const { tokensPerSecondPerInstance: _omit, ...rest } = base;
    const r = workloadCost({ ...rest, managedPrice: { inputUsdPerMillion: 1, outputUsdPerMillion: 5 } });
    assert.equal(r.capacity, undefined);
  });

  it("uses 730 h: a fleet that fails at 730 h would be only fragile at 720 h", () => {
    // F = 1 × $1/h × 730 h = $730 (at 720 h: $720)
    // M(V) = 725 M in × $1 = $725; M(s·V) = $362.50
    // 730 > 725 → fails; 720 ≤ 725 would be fragile
    const r = workloadCost({
      groups: [g6e(1, 1)],
      opsHoursPerMonth: 0,
      volume: { inputTokens: 725e6, outputTokens: 0 },
      managedPrice: { inputUsdPerMillion: 1, outputUsdPerMillion: 5 },
      assumptions: month,
    });
    assert.equal(r.fixedMonthlyUsd, 730);
    assert.equal(r.verdict, "fails");
  });

  it("divides tokens by 1e6: 4e9 tokens on haiku cost thousands, not billions", () => {
    // If the code forgot ÷ 1e6, M(V) would be 3e9 × $1 + 1e9 × $5 = $8e9 and every fleet would be robust.
    // Here F = $4,717.06 > M(s·V) = $4,000, so a correct model says fragile, not robust.
    const r = workloadCost({ ...base, managedPrice: { inputUsdPerMillion: 1, outputUsdPerMillion: 5 } });
    assert.ok(r.managedAtVolumeUsd < 1e5, `M(V) = ${r.managedAtVolumeUsd}`);
    assert.notEqual(r.verdict, "robust");
  });
});

describe("model: one instance's cost and fleet sizing", () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { instanceMonthlyUsd, instancesFor, instancesWithinBudget, sizeFleet, tokensPerMonth } = require("../src/model") as typeof import("../src/model");

  it("prices one instance a month: hourly price × (1 − discount) × hours", () => {
    near(instanceMonthlyUsd(1.861, 730), 1358.53); // g6e.xlarge on demand: $1.861 × 730
    near(instanceMonthlyUsd(0.8048, 730, 0.54), 270.25184); // g6.xlarge on spot, 54% off: $0.8048 × 0.46 × 730
  });

  it("counts tokens and instances: tokens/s × 3,600 s × hours, and the ceiling of V over that", () => {
    assert.equal(tokensPerMonth(2500, 730), 6.57e9); // 2,500 × 3,600 × 730
    assert.equal(tokensPerMonth(2500, 730, 2), 13.14e9);
    assert.equal(instancesFor(4e9, 1000, 730), 2); // ⌈4e9 ÷ 2.628e9⌉ = ⌈1.52⌉
    assert.equal(instancesFor(5.256e9, 1000, 730), 2); // exactly two instances' worth
    assert.equal(instancesFor(4e9, 0, 730), undefined); // one serves nothing
  });

  it("sizes a fleet for V with a minimum count, and says which constraint binds", () => {
    const g6e = { usdPerHour: 1.861, discountShare: 0, tokensPerSecond: 2500 };
    // 1 instance serves 6.57B ≥ 4B; the minimum of 2 binds: 2 × $1,358.53 + $1,000 ops = $3,717.06
    const production = sizeFleet(g6e, 4e9, 2, 730, 1000)!;
    assert.deepEqual([production.count, production.binding, production.capacityTokensPerMonth], [2, "redundancy", 13.14e9]);
    near(production.fixedMonthlyUsd, 3717.06);
    // 20B needs ⌈20 ÷ 6.57⌉ = 4 ≥ 2: the volume binds; 4 × $1,358.53 = $5,434.12
    const big = sizeFleet(g6e, 20e9, 2, 730, 0)!;
    assert.deepEqual([big.count, big.binding], [4, "capacity"]);
    near(big.fixedMonthlyUsd, 5434.12);
    assert.equal(sizeFleet({ ...g6e, tokensPerSecond: 0 }, 4e9, 1, 730, 0), undefined);
  });

  it("counts the instances a budget pays for once ops are paid; a budget of exactly n instances pays for n", () => {
    assert.equal(instancesWithinBudget(8000, 1.861, 0, 730, 0), 5); // ⌊8,000 ÷ 1,358.53⌋ = ⌊5.89⌋
    assert.equal(instancesWithinBudget(3717.06, 1.861, 0, 730, 1000), 2); // (3,717.06 − 1,000) ÷ 1,358.53 = 2 exactly
    assert.equal(instancesWithinBudget(1050, 1.861, 0, 730, 2000), 0); // ops alone exceed the budget
    assert.equal(instancesWithinBudget(600, 0.8048, 0.54, 730, 0), 2); // ⌊600 ÷ 270.25⌋ = ⌊2.22⌋ on spot
  });
});
