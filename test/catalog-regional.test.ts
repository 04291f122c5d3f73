// Regional prices you can stand behind (issue 13, items 1 and 2): every EC2 price outside us-east-1 is a published
// per-region figure (vantage-ec2-2026-08), a family AWS does not offer in a region is data ("not offered"), and a
// multiplier only ever prices its own family (SageMaker types, from their EC2 family's published ratio), as an estimate.
// Each audited discrepancy has a case: the old figure (borrowed ratio) and the new one, with the arithmetic.
import assert from "node:assert/strict";
import { shippedCatalog } from "../src/catalog/load";
import { familyOf, PriceBook } from "../src/catalog/prices";
import { notOfferedRows } from "../src/catalog/listing";

const book = (overrides: Partial<ConstructorParameters<typeof PriceBook>[1]> = {}) =>
  new PriceBook(shippedCatalog(), { instancePrices: {}, regionalInstancePrices: {}, managedModels: {}, ...overrides });
const REGIONS = ["us-east-1", "us-east-2", "us-west-2", "eu-west-1", "eu-west-2", "eu-central-1", "eu-north-1", "ap-northeast-1", "ap-southeast-1"];

/** The price the catalog lists, asserting it is a read (not estimated) price. */
function listed(type: string, region: string): number {
  const p = book().hourlyPrice(type, region);
  assert.ok(p, `${type} has no price in ${region}`);
  assert.equal(p.estimate, false, `${type} in ${region} is an estimate`);
  return p.usdPerHour;
}
const near = (actual: number, expected: number, what: string, tolerance = 1e-9) =>
  assert.ok(Math.abs(actual - expected) <= tolerance, `${what}: expected ${expected}, got ${actual}`);
/** (new − old) ÷ new: how far the old borrowed-ratio price was off. */
const off = (oldPrice: number, newPrice: number) => (oldPrice - newPrice) / newPrice;

describe("catalog regional prices: the audited discrepancies", () => {
  it("inf2 in eu-west-1 and eu-central-1: published prices, 10.7% and 16.7% above the borrowed G5/G6 ratios", () => {
    // old eu-west-1: $0.7582 × 1.116 (G5/G6 ratio) = $0.8461512; published $0.94775 → the old price was 10.7% low
    assert.equal(listed("inf2.xlarge", "eu-west-1"), 0.94775);
    near(off(0.7582 * 1.116, 0.94775), -0.107, "inf2 eu-west-1", 0.0005);
    // old eu-central-1: $0.7582 × 1.25 = $0.94775; published $1.1373 → 16.7% low
    assert.equal(listed("inf2.xlarge", "eu-central-1"), 1.1373);
    near(off(0.7582 * 1.25, 1.1373), -0.1667, "inf2 eu-central-1", 0.0005);
    // the other sizes too: inf2.48xlarge $12.98127 → eu-central-1 $19.4719 (× 1.5)
    assert.equal(listed("inf2.48xlarge", "eu-central-1"), 19.4719);
  });

  it("g4dn, g4ad, g5g and inf1 in ap-northeast-1: published prices, not the G5/G6 ratio (about 7.4% too high)", () => {
    // old: us-east-1 × 1.45; published ÷ old − 1
    const cases: [string, number, number][] = [
      ["g4dn.xlarge", 0.526, 0.71], // 0.526 × 1.45 = 0.7627 vs 0.71: +7.4%
      ["g4ad.xlarge", 0.37853, 0.51082], // 0.37853 × 1.45 = 0.5488685 vs 0.51082: +7.4%
      ["g5g.xlarge", 0.42, 0.5669], // 0.42 × 1.45 = 0.609 vs 0.5669: +7.4%
      ["inf1.xlarge", 0.228, 0.308], // 0.228 × 1.45 = 0.3306 vs 0.308: +7.3%
    ];
    for (const [type, usEast1, tokyo] of cases) {
      assert.equal(listed(type, "us-east-1"), usEast1, type);
      assert.equal(listed(type, "ap-northeast-1"), tokyo, type);
      const error = off(usEast1 * 1.45, tokyo);
      assert.ok(error > 0.07 && error < 0.078, `${type}: the old price was ${(error * 100).toFixed(1)}% high`);
    }
  });

  it("g4dn, g5g and inf1 in ap-southeast-1: Singapore's own prices (the old ones were 3.6–7.4% high); g4ad is not offered there", () => {
    // old: us-east-1 × 1.45 (Tokyo's G5/G6 ratio)
    // g4dn.xlarge: 0.526 × 1.45 = 0.7627 vs 0.736 → +3.6%
    assert.equal(listed("g4dn.xlarge", "ap-southeast-1"), 0.736);
    near(off(0.526 * 1.45, 0.736), 0.0363, "g4dn apse1", 0.0005);
    // g5g.xlarge: 0.42 × 1.45 = 0.609 vs 0.5877 → +3.6%
    assert.equal(listed("g5g.xlarge", "ap-southeast-1"), 0.5877);
    near(off(0.42 * 1.45, 0.5877), 0.0362, "g5g apse1", 0.0005);
    // inf1.xlarge: 0.228 × 1.45 = 0.3306 vs 0.308 → +7.3%
    assert.equal(listed("inf1.xlarge", "ap-southeast-1"), 0.308);
    near(off(0.228 * 1.45, 0.308), 0.0734, "inf1 apse1", 0.0005);
    // g4ad was priced there ($0.37853 × 1.45); no source lists it in Singapore
    assert.equal(book().hourlyPrice("g4ad.xlarge", "ap-southeast-1"), undefined);
    assert.equal(book().offered("g4ad.xlarge", "ap-southeast-1"), false);
  });

  it("p4d and p4de in ap-southeast-1: Singapore's published ratio is 1.20, not Tokyo's 1.371 (+14.3%)", () => {
    // p4d.24xlarge: $21.957642 × 1.2 = $26.3491704 → published $26.34917
    assert.equal(listed("p4d.24xlarge", "ap-southeast-1"), 26.34917);
    near(26.34917 / 21.957642, 1.2, "p4d apse1 ratio", 0.00001);
    // old: $21.957642 × 1.371 = $30.10392718 → 14.3% high
    near(off(21.957642 * 1.371, 26.34917), 0.1425, "p4d apse1", 0.0005);
    // p4de.24xlarge: $27.44705 → $32.93646 (× 1.2000)
    assert.equal(listed("p4de.24xlarge", "ap-southeast-1"), 32.93646);
    near(off(27.44705 * 1.371, 32.93646), 0.1425, "p4de apse1", 0.0005);
  });

  it("the same-family ratios (G5/G6, P4d, P5, P5en) were within 1%: now the published prices themselves", () => {
    const within = (type: string, region: string, oldRatio: number) => {
      const usEast1 = listed(type, "us-east-1");
      const published = listed(type, region);
      assert.ok(Math.abs(off(usEast1 * oldRatio, published)) < 0.01, `${type} ${region}`);
      return published;
    };
    // g5.xlarge eu-west-1: 1.006 × 1.116 = 1.122696 vs 1.123; g6.xlarge eu-central-1: 0.8048 × 1.25 = 1.006 vs 1.0064
    assert.equal(within("g5.xlarge", "eu-west-1", 1.116), 1.123);
    assert.equal(within("g6.xlarge", "eu-central-1", 1.25), 1.0064);
    // p4d eu-central-1: 21.957642 × 1.249 = 27.42509 vs 27.43298; p5 ap-northeast-1: 55.04 × 1.253 = 68.965 vs 68.8
    assert.equal(within("p4d.24xlarge", "eu-central-1", 1.249), 27.43298);
    assert.equal(within("p5.48xlarge", "ap-northeast-1", 1.253), 68.8);
    // p5en ap-northeast-1: 63.296 × 1.25 = 79.12, exactly the published price
    assert.equal(within("p5en.48xlarge", "ap-northeast-1", 1.25), 79.12);
  });
});

describe("catalog regional prices: families not offered where no public source lists them", () => {
  const notOffered: [string[], string[]][] = [
    [["g5.xlarge", "g6.xlarge", "g6e.xlarge"], ["ap-southeast-1"]],
    [["g6.xlarge", "g6e.xlarge"], ["eu-west-1"]],
    [["trn1.2xlarge", "trn1.32xlarge", "trn1n.32xlarge"], ["eu-west-1", "eu-west-2", "eu-central-1", "eu-north-1", "ap-northeast-1", "ap-southeast-1"]],
    [["p5.48xlarge", "p5.4xlarge"], ["eu-west-1", "eu-central-1"]],
  ];
  for (const [types, regions] of notOffered) {
    it(`${types.join(", ")}: not offered in ${regions.join(", ")}`, () => {
      for (const type of types) {
        for (const region of regions) {
          assert.equal(book().hourlyPrice(type, region), undefined, `${type} ${region}`);
          assert.equal(book().catalogPrice(type, region), undefined, `${type} ${region}`);
          assert.equal(book().offered(type, region), false, `${type} ${region}`);
          const why = book().notOffered(type, region);
          assert.deepEqual(
            why && { source: why.source, asOf: why.asOf, family: why.family, region: why.region },
            { source: "vantage-ec2-2026-08", asOf: "2026-08-26", family: familyOf(type), region },
          );
          assert.ok(!book().pricedRegions(type).includes(region), `${type}: pricedRegions names ${region}`);
        }
      }
    });
  }

  it("p5 is offered in eu-north-1 and eu-west-2, but p5.4xlarge is not offered in eu-north-1 (a type-level entry)", () => {
    assert.equal(listed("p5.48xlarge", "eu-north-1"), 58.8928);
    assert.equal(listed("p5.4xlarge", "eu-west-2"), 8.944);
    assert.equal(book().offered("p5.4xlarge", "eu-north-1"), false);
    const why = book().notOffered("p5.4xlarge", "eu-north-1");
    assert.equal(why?.family, undefined, "the entry names the type, not the family");
    assert.match(why?.note ?? "", /this size is not/);
  });

  it("says offered where a price was read, and does not know outside the catalog's regions or for SageMaker", () => {
    assert.equal(book().offered("g6e.xlarge", "us-east-1"), true);
    assert.equal(book().offered("g6e.xlarge", "eu-central-1"), true);
    // sa-east-1 is not one of the catalog's regions: unknown, not "not offered"
    assert.equal(book().offered("g6e.xlarge", "sa-east-1"), undefined);
    assert.equal(book().offered("g9z.huge", "us-east-1"), undefined);
    // SageMaker availability was not read: estimated ml.g5 prices exist in eu-central-1, but availability is unknown
    assert.equal(book().offered("ml.g5.xlarge", "eu-central-1"), undefined);
    assert.equal(book().offered("ml.g5.xlarge", "us-east-1"), true);
    // the policy config's regionalInstancePrices is a price there: offered, even where the catalog says not
    assert.equal(book({ regionalInstancePrices: { "ap-southeast-1": { "g6e.xlarge": 2.9 } } }).offered("g6e.xlarge", "ap-southeast-1"), true);
  });

  it("lists what is not offered, for the CLI", () => {
    const rows = notOfferedRows(book(), "ap-southeast-1");
    assert.ok(rows.some((r) => r.instanceType === "g6e.xlarge" && r.family === "g6e" && r.source === "vantage-ec2-2026-08"));
    assert.ok(rows.every((r) => r.region === "ap-southeast-1"));
    assert.ok(!rows.some((r) => r.instanceType === "g4dn.xlarge"), "g4dn is offered in ap-southeast-1");
  });
});

describe("catalog regional prices: provenance", () => {
  const catalog = shippedCatalog();

  it("every regional price names its source and the date it was read", () => {
    const prices = book();
    for (const i of catalog.instances) {
      for (const region of Object.keys(i.onDemandUsdPerHour)) {
        const p = prices.catalogPrice(i.type, region)!;
        assert.ok(catalog.sources[p.source], `${i.type} ${region}: source ${p.source}`);
        assert.match(p.asOf, /^\d{4}-\d{2}-\d{2}$/, `${i.type} ${region}`);
        assert.equal(p.asOf, catalog.sources[p.source].asOf, `${i.type} ${region}: dated by its source`);
      }
      // EC2 prices outside us-east-1 come from the published per-region figures
      if (!i.type.startsWith("ml.")) {
        for (const region of Object.keys(i.onDemandUsdPerHour).filter((r) => r !== "us-east-1")) {
          assert.equal(prices.catalogPrice(i.type, region)!.source, "vantage-ec2-2026-08", `${i.type} ${region}`);
        }
      }
    }
  });

  it("no multiplier prices another family, and only a type without a price of its own in the region", () => {
    const prices = book();
    let estimated = 0;
    for (const i of catalog.instances) {
      for (const region of REGIONS) {
        const p = prices.catalogPrice(i.type, region);
        if (!p?.multiplier) continue;
        estimated++;
        assert.equal(p.multiplier.family, familyOf(i.type), `${i.type} ${region}: priced with ${p.multiplier.family}'s ratio`);
        assert.equal(familyOf(p.multiplier.measuredOn.type), familyOf(i.type), `${i.type} ${region}: measured on ${p.multiplier.measuredOn.type}`);
        assert.equal(i.onDemandUsdPerHour[region], undefined, `${i.type} ${region}: has its own price`);
        assert.ok(i.type.startsWith("ml."), `${i.type} ${region}: an EC2 type is never estimated`);
        assert.equal(p.estimate, true);
        // the ratio is the measured type's published regional price over its us-east-1 price
        const on = p.multiplier.measuredOn;
        near(p.multiplier.value, on.regionUsdPerHour / on.usEast1UsdPerHour, `${i.type} ${region} ratio`, 0.00005);
      }
    }
    // 19 SageMaker types; e.g. ml.g5.* (5 types) have a g5 ratio in 7 regions (not ap-southeast-1)
    assert.ok(estimated > 0);
    assert.equal(prices.catalogPrice("ml.g5.2xlarge", "ap-southeast-1"), undefined);
  });

  it("every multiplier is an estimate measured on a listed type of its own family", () => {
    for (const m of catalog.regionMultipliers) {
      assert.equal(m.estimate, true, `${m.family} ${m.region}`);
      assert.equal(familyOf(m.measuredOn.type), m.family, `${m.family} ${m.region}`);
      const entry = catalog.instances.find((i) => i.type === m.measuredOn.type)!;
      assert.equal(entry.onDemandUsdPerHour["us-east-1"], m.measuredOn.usEast1UsdPerHour);
      assert.equal(entry.onDemandUsdPerHour[m.region], m.measuredOn.regionUsdPerHour);
    }
  });
});
