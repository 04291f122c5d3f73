// Bursty traffic and the hybrid fleet (src/model/hourlyProfile.ts, src/model/hybrid.ts). Every expected figure is
// worked by hand in the comments. The hand-worked cases use a 720-hour month (30 days exactly) so the arithmetic stays
// clean; one case checks that a 730-hour month means 30.416… days.
import assert from "node:assert/strict";
import fc from "fast-check";
import {
  daysInMonth,
  fleetCostWithOverflow,
  HybridInput,
  hourlyCapacity,
  hourlyDemand,
  hybridPlan,
  hybridPlans,
  instancesFor,
  managedCostAt,
  MAX_LISTED_INSTANCES,
  overflowTokens,
  peakHourTokens,
  peakIntensity,
  peakSizedInstances,
  sizeFleet,
  tokensPerMonth,
} from "../src/model";

/** Equal to within `tolerance` (float products and divisions such as × 8/24 are not exact). */
function near(actual: number | null | undefined, expected: number, tolerance = 1e-6): void {
  assert.ok(typeof actual === "number", `expected a number near ${expected}, got ${actual}`);
  assert.ok(Math.abs(actual - expected) <= tolerance, `expected ${expected}, got ${actual}`);
}

/** Relative closeness for large token counts. */
function close(actual: number, expected: number, relative = 1e-12): void {
  assert.ok(Math.abs(actual - expected) <= relative * Math.max(1, Math.abs(expected)), `expected ${expected}, got ${actual}`);
}

/** Hours 0–7 weight 1 (night), 8–15 weight 4 (office hours), 16–23 weight 1 (evening): Σw = 8 + 32 + 8 = 48. */
const officeHours = [...Array(8).fill(1), ...Array(8).fill(4), ...Array(8).fill(1)];
/** All traffic in 14:00–15:00 UTC. */
const oneBusyHour = Array.from({ length: 24 }, (_, h) => (h === 14 ? 1 : 0));
const flat = Array(24).fill(1);

/**
 * V = 5.4e9 input + 1.8e9 output = 7.2e9 tokens; at $1/M input and $5/M output the API charges 5,400 + 9,000 =
 * $14,400, a blended $2 per million. One instance: 2,000 tokens/s = 7.2e6 tokens an hour; $4/h × 720 h = $2,880 a
 * month; ops $500 once any instance runs.
 */
const base: HybridInput = {
  volume: { inputTokens: 5.4e9, outputTokens: 1.8e9 },
  managedPrice: { inputUsdPerMillion: 1, outputUsdPerMillion: 5 },
  hourlyProfile: officeHours,
  instance: { usdPerHour: 4, discountShare: 0, tokensPerSecond: 2000 },
  opsUsd: 500,
  hoursPerMonth: 720,
};

describe("hourly profile: demand by hour", () => {
  it("spreads V over the hours in proportion, every day alike, in a month of hoursPerMonth ÷ 24 days", () => {
    // 720 h = 30 days: 7.2e9 ÷ 30 = 2.4e8 tokens a day. Night and evening hours: 2.4e8 × 1/48 = 5e6;
    // office hours: 2.4e8 × 4/48 = 2e7. Check: 8 × 5e6 + 8 × 2e7 + 8 × 5e6 = 2.4e8.
    const demand = hourlyDemand(7.2e9, officeHours, 720);
    assert.deepEqual(demand, [...Array(8).fill(5e6), ...Array(8).fill(2e7), ...Array(8).fill(5e6)]);
    assert.equal(peakHourTokens(7.2e9, officeHours, 720), 2e7);
    // The busiest hour is 2e7 ÷ the average 1e7 = 2 times the average hour.
    assert.equal(peakIntensity(officeHours), 2);
  });

  it("uses fractional days: 730 h is 30.416… days", () => {
    // 7.3e9 ÷ (730 ÷ 24) = 7.3e9 × 24 ÷ 730 = 2.4e8 a day, so the hours are the same as above.
    close(daysInMonth(730), 30 + 10 / 24);
    const demand = hourlyDemand(7.3e9, officeHours, 730);
    demand.forEach((d, h) => close(d, h >= 8 && h < 16 ? 2e7 : 5e6));
  });

  it("only the proportions matter", () => {
    const scaled = officeHours.map((w) => w * 25);
    assert.deepEqual(hourlyDemand(7.2e9, scaled, 720), hourlyDemand(7.2e9, officeHours, 720));
  });

  it("one busy hour carries the whole day", () => {
    // 2.4e8 tokens a day, all of them in hour 14; 24 times the average hour of 1e7.
    const demand = hourlyDemand(7.2e9, oneBusyHour, 720);
    assert.equal(demand[14], 2.4e8);
    assert.equal(demand.filter((d) => d === 0).length, 23);
    assert.equal(peakIntensity(oneBusyHour), 24);
  });

  it("an hour's capacity is tokens/s × 3,600 × instances", () => {
    assert.equal(hourlyCapacity(2000), 7.2e6);
    assert.equal(hourlyCapacity(2000, 3), 2.16e7);
    assert.equal(hourlyCapacity(0, 3), 0);
  });
});

describe("hourly profile: overflow", () => {
  it("sums what each hour's demand exceeds the fleet's hourly capacity, over every day of the month", () => {
    // n = 1 (7.2e6 an hour): night and evening (5e6) fit; each office hour overflows 2e7 − 7.2e6 = 1.28e7,
    //   × 8 hours = 1.024e8 a day, × 30 days = 3.072e9 a month.
    // n = 2 (1.44e7 an hour): each office hour overflows 5.6e6, × 8 = 4.48e7 a day, × 30 = 1.344e9.
    // n = 3 (2.16e7 an hour) serves even the peak of 2e7: nothing overflows.
    assert.equal(overflowTokens(7.2e9, officeHours, 720, 7.2e6, 0), 7.2e9);
    close(overflowTokens(7.2e9, officeHours, 720, 7.2e6, 1), 3.072e9);
    close(overflowTokens(7.2e9, officeHours, 720, 7.2e6, 2), 1.344e9);
    assert.equal(overflowTokens(7.2e9, officeHours, 720, 7.2e6, 3), 0);
  });

  it("a flat profile reproduces the month-long capacity math exactly", () => {
    // Flat: 1e7 tokens every hour. n = 1 serves 7.2e6 × 720 = 5.184e9 a month: 7.2e9 − 5.184e9 = 2.016e9 overflow,
    // as the flat model has it; n = 2 serves 1.0368e10 ≥ V.
    assert.equal(overflowTokens(7.2e9, flat, 720, 7.2e6, 1), 2.016e9);
    assert.equal(overflowTokens(7.2e9, flat, 720, 7.2e6, 1), 7.2e9 - tokensPerMonth(2000, 720, 1));
    assert.equal(overflowTokens(7.2e9, flat, 720, 7.2e6, 2), 0);
    // And the peak-sized fleet of a flat profile is the fleet sized for V: ceil(7.2e9 ÷ 5.184e9) = 2.
    assert.equal(peakSizedInstances(7.2e9, flat, 720, 2000), 2);
    assert.equal(peakSizedInstances(7.2e9, flat, 720, 2000), instancesFor(7.2e9, 2000, 720));
  });

  it("the peak-sized fleet serves the busiest hour", () => {
    // Office hours: ceil(2e7 ÷ 7.2e6) = ceil(2.78) = 3. One busy hour: ceil(2.4e8 ÷ 7.2e6) = ceil(33.3) = 34.
    assert.equal(peakSizedInstances(7.2e9, officeHours, 720, 2000), 3);
    assert.equal(peakSizedInstances(7.2e9, oneBusyHour, 720, 2000), 34);
  });
});

describe("hybrid plans", () => {
  it("costs every n from all-API to the peak-sized fleet and picks the cheapest (worked by hand)", () => {
    // cost(n) = n × $2,880 + (n > 0 ? $500 : 0) + overflow(n) × $2 per million
    // n = 0: 7.2e9 × $2/M                               = $14,400
    // n = 1: 2,880 + 500 + 3.072e9 × $2/M = 3,380 + 6,144 = $9,524
    // n = 2: 5,760 + 500 + 1.344e9 × $2/M = 6,260 + 2,688 = $8,948  ← cheapest
    // n = 3: 8,640 + 500 + 0                             = $9,140
    // The third instance serves only office hours' last 5.6e6 tokens (1.344e9 a month, $2,688 at the API) but costs
    // $2,880: the API takes the peak cheaper.
    const result = hybridPlans(base);
    assert.equal(result.share, 1);
    assert.equal(result.volumeTokens, 7.2e9);
    assert.equal(result.peakHourTokens, 2e7);
    assert.equal(result.peakSizedInstances, 3);
    assert.equal(result.blendedUsdPerMillion, 2);
    assert.equal(result.everyCount, true);
    assert.deepEqual(result.plans.map((p) => p.instances), [0, 1, 2, 3]);
    const expected = [
      { fixed: 0, overflow: 7.2e9, share: 1, overflowUsd: 14_400, total: 14_400 },
      { fixed: 3_380, overflow: 3.072e9, share: 3.072 / 7.2, overflowUsd: 6_144, total: 9_524 },
      { fixed: 6_260, overflow: 1.344e9, share: 1.344 / 7.2, overflowUsd: 2_688, total: 8_948 },
      { fixed: 9_140, overflow: 0, share: 0, overflowUsd: 0, total: 9_140 },
    ];
    result.plans.forEach((plan, n) => {
      near(plan.fixedMonthlyUsd, expected[n].fixed);
      near(plan.overflowTokens, expected[n].overflow, 1e-3);
      near(plan.overflowShare, expected[n].share, 1e-12);
      near(plan.overflowUsd, expected[n].overflowUsd);
      near(plan.totalUsd, expected[n].total);
    });
    assert.equal(result.cheapest.instances, 2);
    near(result.cheapest.totalUsd, 8_948);
  });

  it("at s·V the same workload wants fewer instances", () => {
    // share 0.5: V = 3.6e9, 1.2e8 a day; night 2.5e6 an hour, office hours 1e7; ceil(1e7 ÷ 7.2e6) = 2.
    // n = 0: 3.6e9 × $2/M = $7,200 (= M(s·V) exactly)
    // n = 1: office hours overflow 1e7 − 7.2e6 = 2.8e6 × 8 × 30 = 6.72e8 → $1,344; 3,380 + 1,344 = $4,724  ← cheapest
    // n = 2: 5,760 + 500 = $6,260
    const result = hybridPlans({ ...base, share: 0.5 });
    assert.equal(result.volumeTokens, 3.6e9);
    assert.equal(result.peakSizedInstances, 2);
    assert.equal(result.plans[0].totalUsd, 7_200);
    near(result.plans[1].overflowTokens, 6.72e8, 1e-3);
    near(result.plans[1].totalUsd, 4_724);
    near(result.plans[2].totalUsd, 6_260);
    assert.equal(result.cheapest.instances, 1);
    // And the plan chosen at V (2 instances) at s·V: $6,260, more than s·V's own cheapest.
    near(hybridPlan({ ...base, share: 0.5 }, 2).totalUsd, 6_260);
  });

  it("one busy hour: a fleet idle 23 hours a day rarely pays", () => {
    // Each instance serves 7.2e6 tokens in the busy hour, 2.16e8 a month: $432 at the API, against $2,880.
    // cost(n) = 2,880n + 500 + (2.4e8 − 7.2e6n) × 30 × $2/M for n ≤ 33 — rising — so n = 0 ($14,400) is cheapest;
    // the peak-sized fleet, 34 instances, costs 34 × 2,880 + 500 = $98,420.
    const result = hybridPlans({ ...base, hourlyProfile: oneBusyHour });
    assert.equal(result.peakHourTokens, 2.4e8);
    assert.equal(result.peakSizedInstances, 34);
    assert.equal(result.plans.length, 35);
    assert.equal(result.cheapest.instances, 0);
    near(result.plans[34].totalUsd, 98_420);
    // n = 1: (2.4e8 − 7.2e6) × 30 = 6.984e9 tokens overflow, $13,968 at the API; 2,880 + 500 + 13,968 = $17,348.
    near(result.plans[1].overflowTokens, 6.984e9, 1e-3);
    near(result.plans[1].totalUsd, 17_348);
  });

  it("one busy hour with cheap instances: all but the last peak instance pay", () => {
    // $0.25/h × 720 = $180 a month, no ops; an instance saves $432 while the busy hour overflows.
    // n = 33: 33 × 180 = 5,940 + (2.4e8 − 2.376e8) × 30 = 7.2e7 tokens → $144: $6,084  ← cheapest
    // n = 34: 34 × 180 = $6,120 (the last instance serves only 2.4e6 an hour, $144 a month, for $180)
    const result = hybridPlans({ ...base, hourlyProfile: oneBusyHour, opsUsd: 0, instance: { ...base.instance, usdPerHour: 0.25 } });
    near(result.plans[33].overflowTokens, 7.2e7, 1e-3);
    near(result.plans[33].totalUsd, 6_084);
    near(result.plans[34].totalUsd, 6_120);
    assert.equal(result.cheapest.instances, 33);
  });

  it("a tie goes to fewer instances", () => {
    // $0.60/h × 720 = $432 a month, exactly what each instance saves in the busy hour, no ops:
    // cost(n) = 432n + (2.4e8 − 7.2e6n) × 30 × $2/M = 432n + 14,400 − 432n = $14,400 for n = 0 … 33;
    // n = 34: 34 × 432 = $14,688. Every n up to 33 ties: the cheapest is 0, the all-API plan.
    const result = hybridPlans({ ...base, hourlyProfile: oneBusyHour, opsUsd: 0, instance: { ...base.instance, usdPerHour: 0.6 } });
    for (let n = 0; n <= 33; n++) near(result.plans[n].totalUsd, 14_400);
    near(result.plans[34].totalUsd, 14_688);
    assert.equal(result.cheapest.instances, 0);
  });

  it("a flat profile's peak-sized plan is the fleet sizeFleet() sizes, to the last bit", () => {
    // Flat: ceil(7.2e9 ÷ 5.184e9) = 2 instances, 2 × 2,880 + 500 = $6,260 with nothing overflowing.
    // n = 1: 3,380 + 2.016e9 × $2/M = 3,380 + 4,032 = $7,412; n = 0: $14,400. Cheapest: 2.
    const result = hybridPlans({ ...base, hourlyProfile: flat });
    const sized = sizeFleet(base.instance, 7.2e9, 1, 720, 500)!;
    assert.equal(result.peakSizedInstances, sized.count);
    assert.equal(result.plans[2].totalUsd, sized.fixedMonthlyUsd);
    assert.equal(result.plans[2].totalUsd, 6_260);
    near(result.plans[1].totalUsd, 7_412);
    assert.equal(result.cheapest.instances, 2);
  });

  it("a discount lowers each instance's monthly cost", () => {
    // 35% off $4/h: $2.60 × 720 = $1,872 an instance. n = 2: 3,744 + 500 + 2,688 = $6,932; n = 3: 5,616 + 500 = $6,116.
    const result = hybridPlans({ ...base, instance: { ...base.instance, discountShare: 0.35 } });
    near(result.plans[2].totalUsd, 6_932);
    near(result.plans[3].totalUsd, 6_116);
    assert.equal(result.cheapest.instances, 3);
  });
});

describe("hybrid plans: degenerate inputs", () => {
  it("no volume: one plan, all API, costing nothing", () => {
    const result = hybridPlans({ ...base, volume: { inputTokens: 0, outputTokens: 0 } });
    assert.equal(result.peakSizedInstances, 0);
    assert.equal(result.peakHourTokens, 0);
    assert.equal(result.blendedUsdPerMillion, null);
    assert.deepEqual(result.plans, [{ instances: 0, fixedMonthlyUsd: 0, overflowTokens: 0, overflowShare: 0, overflowUsd: 0, totalUsd: 0 }]);
    assert.equal(result.cheapest, result.plans[0]);
  });

  it("an instance that serves nothing: no peak-sized fleet, only the all-API plan", () => {
    const result = hybridPlans({ ...base, instance: { ...base.instance, tokensPerSecond: 0 } });
    assert.equal(result.peakSizedInstances, undefined);
    assert.deepEqual(result.plans.map((p) => [p.instances, p.totalUsd]), [[0, 14_400]]);
    assert.equal(result.cheapest.instances, 0);
    // A throughput so small the count is no longer a whole number a double holds: the same.
    assert.equal(hybridPlans({ ...base, instance: { ...base.instance, tokensPerSecond: 5e-324 } }).plans.length, 1);
  });

  it("a profile with no hour above 0 (which the schema rejects) counts as flat, not as NaN", () => {
    assert.deepEqual(hourlyDemand(7.2e9, Array(24).fill(0), 720), Array(24).fill(1e7));
    assert.deepEqual(hourlyDemand(7.2e9, [], 720), Array(24).fill(1e7));
  });

  it("huge volumes and prices stay finite", () => {
    const result = hybridPlans({
      volume: { inputTokens: 1e15, outputTokens: 1e15 },
      managedPrice: { inputUsdPerMillion: 1e6, outputUsdPerMillion: 1e6 },
      hourlyProfile: [1e15, ...Array(23).fill(1e-300)],
      instance: { usdPerHour: 1e12, discountShare: 0, tokensPerSecond: 1e-3 },
      opsUsd: 1e12,
      hoursPerMonth: 744,
    });
    assert.equal(result.everyCount, false);
    for (const plan of result.plans) for (const value of Object.values(plan)) assert.ok(Number.isFinite(value), JSON.stringify(plan));
    assert.ok(Number.isSafeInteger(result.peakSizedInstances));
  });

  it("past MAX_LISTED_INSTANCES the plans are only the candidate counts, and they still hold the cheapest", () => {
    // One busy hour; 1 token/s is 3,600 tokens an hour: ceil(2.4e8 ÷ 3,600) = 66,667 instances serve the peak.
    // $0.0025/h × 720 = $1.80 a month against 3,600 × 30 = 108,000 tokens ($0.216) saved: all API is cheapest.
    // At $0.00025/h ($0.18 a month, no ops) every instance but the last pays: 66,666 of them.
    const busy: HybridInput = { ...base, hourlyProfile: oneBusyHour, opsUsd: 0, instance: { usdPerHour: 0.0025, discountShare: 0, tokensPerSecond: 1 } };
    const dear = hybridPlans(busy);
    assert.equal(dear.peakSizedInstances, 66_667);
    assert.ok(dear.peakSizedInstances! > MAX_LISTED_INSTANCES);
    assert.equal(dear.everyCount, false);
    assert.ok(dear.plans.length < 10, `${dear.plans.length} plans`);
    assert.deepEqual(dear.plans.map((p) => p.instances), [...dear.plans.map((p) => p.instances)].sort((a, b) => a - b));
    assert.equal(dear.cheapest.instances, 0);
    const cheap = hybridPlans({ ...busy, instance: { ...busy.instance, usdPerHour: 0.00025 } });
    assert.equal(cheap.cheapest.instances, 66_666);
  });
});

describe("hybrid plans: properties (fast-check)", () => {
  const RUNS = { numRuns: Number(process.env.FC_RUNS ?? 40) };
  const weight = fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 100 }), fc.double({ min: 0, max: 1e15, noNaN: true, noDefaultInfinity: true }));
  const profile = fc.array(weight, { minLength: 24, maxLength: 24 }).map((w) => (w.some((x) => x > 0) ? w : [1, ...w.slice(1)]));
  const hours = fc.double({ min: 100, max: 744, noNaN: true, noDefaultInfinity: true });
  const volume = fc.record({
    inputTokens: fc.double({ min: 1e6, max: 1e11, noNaN: true, noDefaultInfinity: true }),
    outputTokens: fc.double({ min: 0, max: 1e11, noNaN: true, noDefaultInfinity: true }),
  });
  const price = fc.record({
    inputUsdPerMillion: fc.double({ min: 0.01, max: 100, noNaN: true, noDefaultInfinity: true }),
    outputUsdPerMillion: fc.double({ min: 0.01, max: 100, noNaN: true, noDefaultInfinity: true }),
  });

  it("the cheapest of a fleet too large to list is, to the cent, the cheapest of every count", () => {
    // The peak-sized fleet is made to land between MAX_LISTED_INSTANCES and three times it, then every count is costed.
    fc.assert(
      fc.property(profile, volume, price, hours, fc.integer({ min: MAX_LISTED_INSTANCES + 1, max: 3 * MAX_LISTED_INSTANCES }), fc.double({ min: 0.01, max: 10, noNaN: true }), fc.double({ min: 0, max: 1000, noNaN: true }), (p, v, m, h, target, usdPerHour, opsUsd) => {
        const tokensPerSecond = ((v.inputTokens + v.outputTokens) * peakIntensity(p)) / (3600 * h * (target - 0.5));
        const input: HybridInput = { volume: v, managedPrice: m, hourlyProfile: p, instance: { usdPerHour: usdPerHour / 100, discountShare: 0, tokensPerSecond }, opsUsd, hoursPerMonth: h };
        const result = hybridPlans(input);
        if (result.everyCount) return; // rounding put the peak back under the limit
        let least = Infinity;
        for (let n = 0; n <= result.peakSizedInstances!; n++) least = Math.min(least, Math.round(hybridPlan(input, n).totalUsd * 100));
        assert.ok(Math.abs(Math.round(result.cheapest.totalUsd * 100) - least) <= 1, `${result.cheapest.totalUsd} vs ${least / 100}`);
      }),
      { numRuns: 10 },
    );
  });

  it("plans ascend from n = 0 to the peak-sized fleet, one per count", () => {
    fc.assert(
      fc.property(profile, volume, price, hours, fc.double({ min: 1e3, max: 1e5, noNaN: true }), (p, v, m, h, tps) => {
        const result = hybridPlans({ volume: v, managedPrice: m, hourlyProfile: p, instance: { usdPerHour: 2, discountShare: 0, tokensPerSecond: tps }, opsUsd: 100, hoursPerMonth: h });
        if (!result.everyCount) return;
        assert.deepEqual(result.plans.map((plan) => plan.instances), Array.from({ length: result.peakSizedInstances! + 1 }, (_, n) => n));
      }),
      RUNS,
    );
  });

  it("at a flat profile the hybrid plan is the chart's fleet line: F + (v − capacity) × M(V) ÷ V past the capacity", () => {
    fc.assert(
      fc.property(volume, price, hours, fc.double({ min: 1e3, max: 1e5, noNaN: true }), fc.integer({ min: 1, max: 50 }), (v, m, h, tps, n) => {
        const input: HybridInput = { volume: v, managedPrice: m, hourlyProfile: new Array(24).fill(1), instance: { usdPerHour: 2, discountShare: 0, tokensPerSecond: tps }, opsUsd: 100, hoursPerMonth: h };
        const plan = hybridPlan(input, n);
        const V = v.inputTokens + v.outputTokens;
        const line = fleetCostWithOverflow(plan.fixedMonthlyUsd, tokensPerMonth(tps, h, n), managedCostAt(v, m) / V, V);
        assert.ok(Math.abs(line - plan.totalUsd) <= 1e-6 * Math.max(1, plan.totalUsd), `${line} vs ${plan.totalUsd}`);
      }),
      RUNS,
    );
  });
});
