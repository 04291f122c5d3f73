// Property-based tests (fast-check) of the pure cost model, through its public functions (src/model).
// Valid inputs are what the declaration, catalog and assumptions schemas admit: counts are whole numbers
// from 0 to 10,000 (src/resources/counts.ts), prices and volumes are finite and ≥ 0, a useful life is > 0,
// hoursPerMonth is in (0, 744], stressUtilization in (0, 1), pue in [1, 3].
import assert from "node:assert/strict";
import fc from "fast-check";
import {
  breakEvenTokens,
  CostAssumptions,
  InstanceGroup,
  managedCostAt,
  ManagedPrice,
  OwnedServers,
  TokenVolume,
  Verdict,
  WorkloadCost,
  WorkloadCostInput,
  workloadCost,
} from "../src/model";

const RUNS = { numRuns: Number(process.env.FC_RUNS ?? 300) };

/** Whole cents, exactly as src/model/verdict.ts compares them. */
const cents = (usd: number) => Math.round(Math.round(usd * 1e6) / 1e4);
const rank: Record<Verdict, number> = { fails: 0, fragile: 1, robust: 2 };

// Finite doubles with realistic magnitudes, tiny and zero values included.
const usdPerHour = fc.double({ min: 0.001, max: 500, noNaN: true, noDefaultInfinity: true });
const tokens = fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 1e6 }), fc.double({ min: 1, max: 1e13, noNaN: true, noDefaultInfinity: true }));
const perMillion = fc.oneof(fc.constant(0), fc.double({ min: 0.001, max: 1000, noNaN: true, noDefaultInfinity: true }));
const count = fc.integer({ min: 0, max: 10_000 });

const group: fc.Arbitrary<InstanceGroup> = fc.record(
  {
    instanceType: fc.constantFrom("g6e.xlarge", "p5.48xlarge", "inf2.xlarge", "ml.g5.2xlarge"),
    count,
    usdPerHour,
    priceSource: fc.constant("catalog 2026-07-20"),
    estimate: fc.boolean(),
    discount: fc.record({ share: fc.double({ min: 0, max: 0.95, noNaN: true }), label: fc.constant("spot"), estimate: fc.boolean() }),
  },
  { requiredKeys: ["instanceType", "count", "usdPerHour", "priceSource", "estimate"] },
);

const owned: fc.Arbitrary<OwnedServers> = fc.record({
  name: fc.constantFrom("dgx", "rack-a"),
  count: fc.integer({ min: 0, max: 100 }),
  purchaseUsd: fc.double({ min: 0, max: 1e6, noNaN: true, noDefaultInfinity: true }),
  usefulLifeMonths: fc.integer({ min: 1, max: 120 }),
  powerWatts: fc.double({ min: 0, max: 20_000, noNaN: true, noDefaultInfinity: true }),
  powerEstimated: fc.boolean(),
  colocationUsdPerMonth: fc.double({ min: 0, max: 10_000, noNaN: true, noDefaultInfinity: true }),
});

const assumptions: fc.Arbitrary<CostAssumptions> = fc.record({
  hoursPerMonth: fc.double({ min: 1, max: 744, noNaN: true }),
  opsUsdPerHour: fc.double({ min: 0, max: 1000, noNaN: true, noDefaultInfinity: true }),
  stressUtilization: fc.double({ min: 0.01, max: 0.99, noNaN: true }),
  pue: fc.double({ min: 1, max: 3, noNaN: true }),
  electricityUsdPerKwh: fc.double({ min: 0, max: 1, noNaN: true, noDefaultInfinity: true }),
});

const volume: fc.Arbitrary<TokenVolume> = fc.record({ inputTokens: tokens, outputTokens: tokens });
const managedPrice: fc.Arbitrary<ManagedPrice> = fc.record({ inputUsdPerMillion: perMillion, outputUsdPerMillion: perMillion });

const input: fc.Arbitrary<WorkloadCostInput> = fc.record(
  {
    groups: fc.array(group, { minLength: 0, maxLength: 4 }),
    owned: fc.array(owned, { maxLength: 2 }),
    opsHoursPerMonth: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 10_000, noNaN: true, noDefaultInfinity: true })),
    volume,
    managedPrice,
    tokensPerSecondPerInstance: fc.double({ min: 0.1, max: 1e6, noNaN: true, noDefaultInfinity: true }),
    assumptions,
  },
  { requiredKeys: ["groups", "opsHoursPerMonth", "volume", "managedPrice", "assumptions"] },
);

/** Every figure of a result, by path, for the no-NaN/Infinity/negative property. */
function figures(cost: WorkloadCost): [string, number | null][] {
  const out: [string, number | null][] = [
    ["fixedMonthlyUsd", cost.fixedMonthlyUsd],
    ["volumeTokens", cost.volumeTokens],
    ["managedAtVolumeUsd", cost.managedAtVolumeUsd],
    ["managedAtStressUsd", cost.managedAtStressUsd],
    ["stressUtilization", cost.stressUtilization],
    ["breakEvenTokens", cost.breakEvenTokens],
    ["selfHostedUsdPerMillion", cost.selfHostedUsdPerMillion],
    ["instanceCount", cost.instanceCount],
  ];
  cost.lines.forEach((l, i) => out.push([`lines[${i}] (${l.kind}).monthlyUsd`, l.monthlyUsd]));
  if (cost.capacity) {
    for (const [k, v] of Object.entries(cost.capacity)) out.push([`capacity.${k}`, v as number | null]);
  }
  return out;
}

describe("properties: the cost model (fast-check)", () => {
  it("more declared volume never makes the verdict worse", () => {
    fc.assert(
      fc.property(input, fc.double({ min: 0, max: 1e12, noNaN: true, noDefaultInfinity: true }), fc.double({ min: 0, max: 1e12, noNaN: true, noDefaultInfinity: true }), (base, moreIn, moreOut) => {
        const before = workloadCost(base);
        const after = workloadCost({ ...base, volume: { inputTokens: base.volume.inputTokens + moreIn, outputTokens: base.volume.outputTokens + moreOut } });
        assert.ok(rank[after.verdict] >= rank[before.verdict], `${before.verdict} became ${after.verdict} with more volume`);
      }),
      RUNS,
    );
  });

  it("a higher GPU price, more instances or more ops hours never make the verdict better", () => {
    const change = fc.record({
      which: fc.constantFrom("price", "count", "ops", "ownedCount", "managedPriceDown"),
      index: fc.nat(),
      factor: fc.double({ min: 1, max: 10, noNaN: true }),
      extra: fc.integer({ min: 0, max: 1000 }),
    });
    fc.assert(
      fc.property(input, change, (base, c) => {
        const next: WorkloadCostInput = structuredClone(base);
        const g = next.groups.length ? next.groups[c.index % next.groups.length] : undefined;
        const o = next.owned?.length ? next.owned[c.index % next.owned.length] : undefined;
        if (c.which === "price" && g) g.usdPerHour *= c.factor;
        if (c.which === "count" && g) g.count = Math.min(10_000, g.count + c.extra);
        if (c.which === "ops") next.opsHoursPerMonth = next.opsHoursPerMonth * c.factor + c.extra;
        if (c.which === "ownedCount" && o) o.count += c.extra;
        if (c.which === "managedPriceDown") {
          next.managedPrice = { inputUsdPerMillion: next.managedPrice.inputUsdPerMillion / c.factor, outputUsdPerMillion: next.managedPrice.outputUsdPerMillion / c.factor };
        }
        const before = workloadCost(base);
        const after = workloadCost(next);
        assert.ok(after.fixedMonthlyUsd >= before.fixedMonthlyUsd || c.which === "managedPriceDown", "the fixed cost went down");
        assert.ok(rank[after.verdict] <= rank[before.verdict], `${c.which}: ${before.verdict} became ${after.verdict}`);
      }),
      RUNS,
    );
  });

  it("the verdict agrees with its definition, in whole cents, and the figures with their formulas", () => {
    fc.assert(
      fc.property(input, (i) => {
        const cost = workloadCost(i);
        const F = cents(cost.fixedMonthlyUsd);
        const atV = cents(cost.managedAtVolumeUsd);
        const atS = cents(cost.managedAtStressUsd);
        const expected: Verdict = F <= atS ? "robust" : F <= atV ? "fragile" : "fails";
        assert.equal(cost.verdict, expected, `F=${F}¢ M(V)=${atV}¢ M(s·V)=${atS}¢`);
        // The figures themselves, recomputed independently from the inputs (relative error of float sums only).
        const a = i.assumptions;
        const rented = i.groups.reduce((s, g) => s + g.count * g.usdPerHour * (1 - (g.discount?.share ?? 0)) * a.hoursPerMonth, 0);
        const ownedUsd = (i.owned ?? []).reduce(
          (s, o) => s + (o.count * o.purchaseUsd) / o.usefulLifeMonths + o.count * (o.powerWatts / 1000) * a.hoursPerMonth * a.pue! * a.electricityUsdPerKwh! + o.count * o.colocationUsdPerMonth,
          0,
        );
        const fixed = rented + ownedUsd + i.opsHoursPerMonth * a.opsUsdPerHour;
        const managed = (i.volume.inputTokens / 1e6) * i.managedPrice.inputUsdPerMillion + (i.volume.outputTokens / 1e6) * i.managedPrice.outputUsdPerMillion;
        const close = (x: number, y: number) => Math.abs(x - y) <= 1e-9 * Math.max(1, Math.abs(y));
        assert.ok(close(cost.fixedMonthlyUsd, fixed), `F ${cost.fixedMonthlyUsd} ≠ ${fixed}`);
        assert.ok(close(cost.managedAtVolumeUsd, managed), `M(V) ${cost.managedAtVolumeUsd} ≠ ${managed}`);
        assert.ok(close(cost.managedAtStressUsd, managed * a.stressUtilization), `M(s·V) ${cost.managedAtStressUsd} ≠ ${managed * a.stressUtilization}`);
      }),
      RUNS,
    );
  });

  it("break-even identity: the managed API costs F at V*, to a cent, whenever V* is defined", () => {
    fc.assert(
      fc.property(input, (i) => {
        const cost = workloadCost(i);
        const volumeTokens = i.volume.inputTokens + i.volume.outputTokens;
        if (volumeTokens <= 0 || cost.managedAtVolumeUsd <= 0) {
          assert.equal(cost.breakEvenTokens, null, "V* must be undefined (null) when V or M(V) is 0");
          return;
        }
        const vStar = cost.breakEvenTokens;
        assert.ok(typeof vStar === "number", "V* must be defined when V and M(V) are > 0");
        assert.equal(vStar, breakEvenTokens(cost.fixedMonthlyUsd, cost.managedAtVolumeUsd, cost.volumeTokens));
        // M(V*): the declared mix of input and output tokens scaled to V* tokens.
        const atBreakEven = managedCostAt(i.volume, i.managedPrice, vStar / volumeTokens);
        assert.ok(Math.abs(atBreakEven - cost.fixedMonthlyUsd) < 0.01, `M(V*) = ${atBreakEven} but F = ${cost.fixedMonthlyUsd}`);
      }),
      RUNS,
    );
  });

  it("no NaN, Infinity or negative figure for any valid input", () => {
    fc.assert(
      fc.property(input, (i) => {
        for (const [path, value] of figures(workloadCost(i))) {
          if (value === null) continue;
          assert.ok(Number.isFinite(value), `${path} is ${value}`);
          assert.ok(value >= 0, `${path} is negative: ${value}`);
          assert.ok(!Object.is(value, -0) || path.startsWith("lines"), `${path} is -0`);
        }
      }),
      RUNS,
    );
  });

  it("a sized fleet serves V with the fewest instances the minimum allows, and a budget's count is the most it pays for", () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { instanceMonthlyUsd, instancesWithinBudget, sizeFleet, tokensPerMonth } = require("../src/model") as typeof import("../src/model");
    // Real magnitudes (the catalog's cheapest type is $0.202/h, a month is 672–744 h): an instance costs well over
    // $1 a month, so the budget's division is exact to far better than the 1e-9 instance it tolerates.
    const terms = fc.record({
      usdPerHour: fc.double({ min: 0.1, max: 500, noNaN: true, noDefaultInfinity: true }),
      discountShare: fc.double({ min: 0, max: 0.9, noNaN: true }),
      tokensPerSecond: fc.double({ min: 1, max: 1e5, noNaN: true, noDefaultInfinity: true }),
    });
    const hours = fc.double({ min: 100, max: 744, noNaN: true, noDefaultInfinity: true });
    fc.assert(
      fc.property(terms, fc.double({ min: 0, max: 1e11, noNaN: true, noDefaultInfinity: true }), fc.integer({ min: 1, max: 2 }), hours, fc.integer({ min: 0, max: 1e5 }), (t, volume, minimum, h, ops) => {
        const sized = sizeFleet(t, volume, minimum, h, ops)!;
        const per = tokensPerMonth(t.tokensPerSecond, h);
        assert.ok(sized.count >= minimum, `${sized.count} < minimum ${minimum}`);
        assert.ok(sized.capacityTokensPerMonth >= volume * (1 - 1e-12), `capacity ${sized.capacityTokensPerMonth} < V ${volume}`);
        // one fewer would not serve V, unless the minimum set the count
        if (sized.binding === "capacity") assert.ok((sized.count - 1) * per < volume, `${sized.count - 1} instances already serve V`);
        else assert.equal(sized.count, minimum);
        const perInstance = instanceMonthlyUsd(t.usdPerHour, h, t.discountShare);
        assert.ok(Math.abs(sized.fixedMonthlyUsd - (sized.count * perInstance + ops)) <= 1e-9 * Math.max(1, sized.fixedMonthlyUsd));
        // a budget of exactly that fleet's cost pays for exactly its count (ties go to self-hosting)
        const n = instancesWithinBudget(sized.fixedMonthlyUsd, t.usdPerHour, t.discountShare, h, ops);
        assert.equal(n, sized.count, `${n} instances for the budget of ${sized.count}`);
      }),
      RUNS,
    );
  });
});

describe("properties: the hybrid fleet (fast-check)", () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const m = require("../src/model") as typeof import("../src/model");
  // A profile as the schema admits it: 24 weights ≥ 0 up to 1e15, at least one above 0; flat and one-hour days too.
  const weight = fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 100 }), fc.double({ min: 0, max: 1e15, noNaN: true, noDefaultInfinity: true }));
  const anyDay = fc.array(weight, { minLength: 24, maxLength: 24 }).map((w) => (w.some((x) => x > 0) ? w : [1, ...w.slice(1)]));
  const flatDay = fc.double({ min: 1e-300, max: 1e15, noNaN: true, noDefaultInfinity: true }).map((w) => Array<number>(24).fill(w));
  const oneHourDay = fc.nat({ max: 23 }).map((busy) => Array.from({ length: 24 }, (_, h) => (h === busy ? 1 : 0)));
  const profile = fc.oneof(anyDay, flatDay, oneHourDay);
  // Wide: any magnitude the schemas admit, a throughput of 0 now and then.
  const wide: fc.Arbitrary<import("../src/model").HybridInput> = fc.record({
    volume,
    managedPrice,
    hourlyProfile: profile,
    instance: fc.record({
      usdPerHour: fc.double({ min: 0.01, max: 500, noNaN: true, noDefaultInfinity: true }),
      discountShare: fc.double({ min: 0, max: 0.9, noNaN: true }),
      tokensPerSecond: fc.oneof(
        { arbitrary: fc.constant(0), weight: 1 },
        { arbitrary: fc.double({ min: 1, max: 1e6, noNaN: true, noDefaultInfinity: true }), weight: 9 },
      ),
    }),
    opsUsd: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 1e5, noNaN: true, noDefaultInfinity: true })),
    hoursPerMonth: fc.double({ min: 1, max: 744, noNaN: true }),
    share: fc.oneof(fc.constant(1), fc.double({ min: 0.01, max: 1, noNaN: true })),
  });
  // Realistic: fleets of a few to a few hundred instances, where the cheapest is often neither all API nor the peak.
  const realistic: fc.Arbitrary<import("../src/model").HybridInput> = fc.record({
    volume: fc.record({
      inputTokens: fc.double({ min: 1e8, max: 1e11, noNaN: true, noDefaultInfinity: true }),
      outputTokens: fc.double({ min: 1e7, max: 3e10, noNaN: true, noDefaultInfinity: true }),
    }),
    managedPrice: fc.record({
      inputUsdPerMillion: fc.double({ min: 0.05, max: 15, noNaN: true, noDefaultInfinity: true }),
      outputUsdPerMillion: fc.double({ min: 0.2, max: 75, noNaN: true, noDefaultInfinity: true }),
    }),
    hourlyProfile: profile,
    instance: fc.record({
      usdPerHour: fc.double({ min: 0.2, max: 100, noNaN: true, noDefaultInfinity: true }),
      discountShare: fc.constantFrom(0, 0.3, 0.6),
      tokensPerSecond: fc.double({ min: 100, max: 2e4, noNaN: true, noDefaultInfinity: true }),
    }),
    opsUsd: fc.double({ min: 0, max: 5000, noNaN: true, noDefaultInfinity: true }),
    hoursPerMonth: fc.double({ min: 672, max: 744, noNaN: true }),
    share: fc.oneof(fc.constant(1), fc.double({ min: 0.3, max: 1, noNaN: true })),
  });
  const hybridInput = fc.oneof({ arbitrary: realistic, weight: 3 }, { arbitrary: wide, weight: 1 });

  it("the cheapest plan never costs more than all API or the peak-sized fleet, and never has more instances than it", () => {
    fc.assert(
      fc.property(hybridInput, (input) => {
        const result = m.hybridPlans(input);
        const allApi = result.plans[0];
        assert.equal(allApi.instances, 0);
        assert.ok(cents(result.cheapest.totalUsd) <= cents(allApi.totalUsd), `${result.cheapest.totalUsd} > all API ${allApi.totalUsd}`);
        for (const plan of result.plans) assert.ok(cents(result.cheapest.totalUsd) <= cents(plan.totalUsd), `n=${plan.instances} is cheaper`);
        if (result.peakSizedInstances === undefined) {
          assert.deepEqual(result.plans.map((p) => p.instances), [0]);
          return;
        }
        const peak = result.plans[result.plans.length - 1];
        assert.equal(peak.instances, result.peakSizedInstances);
        assert.ok(cents(result.cheapest.totalUsd) <= cents(peak.totalUsd));
        assert.ok(result.cheapest.instances <= result.peakSizedInstances);
        // a tie goes to fewer instances: no plan with fewer instances costs the same in whole cents
        for (const plan of result.plans) if (plan.instances < result.cheapest.instances) assert.ok(cents(plan.totalUsd) > cents(result.cheapest.totalUsd));
      }),
      RUNS,
    );
  });

  it("scaling every weight by the same positive factor changes nothing", () => {
    fc.assert(
      fc.property(hybridInput, fc.integer({ min: 0, max: 40 }), fc.double({ min: 1e-6, max: 1e6, noNaN: true }), (input, exponent, factor) => {
        const before = m.hybridPlans(input);
        // Doubling scales exactly (halving could lose the bits of a subnormal weight): the very same result.
        assert.deepEqual(m.hybridPlans({ ...input, hourlyProfile: input.hourlyProfile.map((w) => w * 2 ** exponent) }), before);
        // Any other factor: the same to float precision.
        const after = m.hybridPlans({ ...input, hourlyProfile: input.hourlyProfile.map((w) => w * factor) });
        const near = (x: number, y: number) => Math.abs(x - y) <= 1e-9 * Math.max(1, Math.abs(y));
        assert.ok(near(after.peakHourTokens, before.peakHourTokens));
        assert.ok(near(after.cheapest.totalUsd, before.cheapest.totalUsd) || Math.abs(after.cheapest.totalUsd - before.cheapest.totalUsd) <= 0.01);
        const ns = new Map(after.plans.map((p) => [p.instances, p]));
        for (const plan of before.plans) {
          const same = ns.get(plan.instances);
          if (same) assert.ok(near(same.totalUsd, plan.totalUsd), `n=${plan.instances}: ${same.totalUsd} ≠ ${plan.totalUsd}`);
        }
      }),
      RUNS,
    );
  });

  it("overflow is all of V with no fleet, never grows with more instances, and the hours add up to V", () => {
    fc.assert(
      fc.property(profile, tokens, fc.double({ min: 1, max: 744, noNaN: true }), fc.double({ min: 1, max: 1e6, noNaN: true, noDefaultInfinity: true }), (p, v, h, tps) => {
        const perHour = m.hourlyCapacity(tps);
        assert.equal(m.overflowTokens(v, p, h, perHour, 0), v);
        const peak = m.peakSizedInstances(v, p, h, tps)!;
        const counts = [...new Set([0, 1, 2, 3, peak - 1, peak, peak + 1, Math.floor(peak / 2)].filter((n) => n >= 0))].sort((a, b) => a - b);
        let previous = Infinity;
        for (const n of counts) {
          const overflow = m.overflowTokens(v, p, h, perHour, n);
          assert.ok(overflow >= 0 && overflow <= previous, `overflow(${n}) = ${overflow} after ${previous}`);
          previous = overflow;
        }
        // the peak-sized fleet leaves at most float noise; one instance fewer leaves some (it could not serve the peak)
        assert.ok(m.overflowTokens(v, p, h, perHour, peak) <= 1e-9 * v);
        const day = m.hourlyDemand(v, p, h).reduce((s, d) => s + d, 0);
        assert.ok(Math.abs(day * (h / 24) - v) <= 1e-9 * Math.max(1, v), `a day of ${day} × ${h / 24} days ≠ ${v}`);
      }),
      RUNS,
    );
  });

  it("a flat profile reproduces the month-long capacity math exactly", () => {
    fc.assert(
      fc.property(flatDay, tokens, fc.double({ min: 1, max: 744, noNaN: true }), fc.double({ min: 1, max: 1e6, noNaN: true, noDefaultInfinity: true }), count, (p, v, h, tps, n) => {
        assert.equal(m.overflowTokens(v, p, h, m.hourlyCapacity(tps), n), Math.max(0, v - m.tokensPerMonth(tps, h, n)));
        assert.equal(m.peakSizedInstances(v, p, h, tps), m.instancesFor(v, tps, h));
        assert.equal(m.peakHourTokens(v, p, h), v / h);
      }),
      RUNS,
    );
  });

  it("no NaN, Infinity or negative figure in any plan", () => {
    fc.assert(
      fc.property(hybridInput, (input) => {
        const result = m.hybridPlans(input);
        const figures: [string, number | null | undefined][] = [
          ["volumeTokens", result.volumeTokens],
          ["peakHourTokens", result.peakHourTokens],
          ["peakSizedInstances", result.peakSizedInstances],
          ["blendedUsdPerMillion", result.blendedUsdPerMillion],
        ];
        for (const plan of result.plans) for (const [k, v] of Object.entries(plan)) figures.push([`plans[${plan.instances}].${k}`, v]);
        for (const [path, value] of figures) {
          if (value === null || value === undefined) continue;
          assert.ok(Number.isFinite(value) && value >= 0, `${path} is ${value}`);
          assert.ok(!Object.is(value, -0), `${path} is -0`);
        }
        assert.ok(result.plans.every((plan) => plan.overflowShare <= 1));
      }),
      RUNS,
    );
  });
});
