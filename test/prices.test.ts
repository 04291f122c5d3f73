import assert from "node:assert/strict";
import type { Assumptions } from "../src/assumptions/schema";
import { shippedCatalog } from "../src/catalog/load";
import { familyOf, PriceBook } from "../src/catalog/prices";

type Overrides = Pick<Assumptions, "instancePrices" | "regionalInstancePrices" | "managedModels">;

function book(overrides: Partial<Overrides> = {}): PriceBook {
  return new PriceBook(shippedCatalog(), { instancePrices: {}, regionalInstancePrices: {}, managedModels: {}, ...overrides });
}

describe("prices: PriceBook instance prices", () => {
  it("reads the catalog's us-east-1 price", () => {
    // catalog instances.yaml: g6e.xlarge us-east-1 on-demand $1.861/h, read 2026-07-20
    assert.deepEqual(book().hourlyPrice("g6e.xlarge", "us-east-1"), {
      usdPerHour: 1.861,
      source: "catalog 2026-07-20",
      estimate: false,
    });
  });

  it("instancePrices wins over the catalog, in any region", () => {
    const prices = book({ instancePrices: { "g6e.xlarge": 1.5 } });
    assert.deepEqual(prices.hourlyPrice("g6e.xlarge", "us-east-1"), { usdPerHour: 1.5, source: "policy config instancePrices", estimate: false });
    // a region the catalog cannot price g6e in
    assert.deepEqual(prices.hourlyPrice("g6e.xlarge", "eu-central-1"), {
      usdPerHour: 1.5,
      source: "policy config instancePrices",
      estimate: false,
    });
  });

  it("regionalInstancePrices wins over instancePrices in its region only", () => {
    const prices = book({
      instancePrices: { "g6e.xlarge": 1.5 },
      regionalInstancePrices: { "eu-central-1": { "g6e.xlarge": 2.2 } },
    });
    assert.deepEqual(prices.hourlyPrice("g6e.xlarge", "eu-central-1"), {
      usdPerHour: 2.2,
      source: "policy config regionalInstancePrices.eu-central-1",
      estimate: false,
    });
    assert.equal(prices.hourlyPrice("g6e.xlarge", "us-east-1")?.usdPerHour, 1.5);
  });

  it("prices a g6 type in eu-central-1 as us-east-1 × 1.25, flagged as an estimate", () => {
    const price = book().hourlyPrice("g6.xlarge", "eu-central-1");
    assert.ok(price);
    // $0.8048/h × 1.25 = $1.006/h
    assert.ok(Math.abs(price.usdPerHour - 1.006) < 1e-9, `got ${price.usdPerHour}`);
    assert.equal(price.estimate, true);
    assert.equal(price.source, "catalog 2026-07-20, us-east-1 × 1.25 for eu-central-1");
  });

  it("prices a g5 type in eu-central-1 by the same multiplier", () => {
    const base = book().hourlyPrice("g5.xlarge", "us-east-1");
    assert.ok(base);
    const price = book().hourlyPrice("g5.xlarge", "eu-central-1");
    assert.ok(price);
    // us-east-1 price × 1.25
    assert.ok(Math.abs(price.usdPerHour - base.usdPerHour * 1.25) < 1e-9);
    assert.equal(price.estimate, true);
  });

  it("prices a family with an assumed multiplier, saying the multiplier is estimated", () => {
    // instances.yaml: g6e has no sourced eu-central-1 ratio; it reuses the G5/G6 one, 1.250, marked estimate.
    // $1.861/h × 1.25 = $2.32625/h
    const price = book().hourlyPrice("g6e.xlarge", "eu-central-1");
    assert.ok(price);
    assert.ok(Math.abs(price.usdPerHour - 2.32625) < 1e-9, `got ${price.usdPerHour}`);
    assert.equal(price.estimate, true);
    assert.equal(price.source, "catalog 2026-07-20, us-east-1 × 1.25 assumed for eu-central-1");
  });

  it("has no price in a region the catalog has no multiplier for", () => {
    assert.equal(familyOf("g6e.xlarge"), "g6e");
    // sa-east-1 is not among the catalog's regions
    assert.equal(book().hourlyPrice("g6.xlarge", "sa-east-1"), undefined);
    assert.equal(book().hourlyPrice("g6e.xlarge", "sa-east-1"), undefined);
  });

  it("has no price for an unknown instance type", () => {
    assert.equal(book().hourlyPrice("g9z.huge", "us-east-1"), undefined);
    assert.equal(book().instanceType("g9z.huge"), undefined);
  });

});

describe("prices: PriceBook model prices", () => {
  it("reads a model's prices from the catalog", () => {
    // catalog models.yaml: anthropic/claude-haiku-4-5 $1 in / $5 out per M, read 2026-07-24
    // (cache read $0.10 per M)
    assert.deepEqual(book().modelPrice("anthropic/claude-haiku-4-5"), {
      id: "anthropic/claude-haiku-4-5",
      inputUsdPerMillion: 1,
      outputUsdPerMillion: 5,
      cachedInputUsdPerMillion: 0.1,
      source: "catalog 2026-07-24",
    });
    // openai/gpt-4o-mini $0.15 / $0.60
    const mini = book().modelPrice("openai/gpt-4o-mini");
    assert.equal(mini?.inputUsdPerMillion, 0.15);
    assert.equal(mini?.outputUsdPerMillion, 0.6);
  });

  it("managedModels wins over the catalog and adds new models", () => {
    const prices = book({
      managedModels: {
        "anthropic/claude-haiku-4-5": { inputUsdPerMillion: 0.8, outputUsdPerMillion: 4 },
        "acme/in-house": { inputUsdPerMillion: 0.1, outputUsdPerMillion: 0.2 },
      },
    });
    assert.deepEqual(prices.modelPrice("anthropic/claude-haiku-4-5"), {
      id: "anthropic/claude-haiku-4-5",
      inputUsdPerMillion: 0.8,
      outputUsdPerMillion: 4,
      source: "policy config managedModels",
    });
    assert.equal(prices.modelPrice("acme/in-house")?.outputUsdPerMillion, 0.2);
    assert.ok(prices.modelIds().includes("acme/in-house"));
    assert.ok(prices.modelIds().includes("openai/gpt-4.1"));
    // the catalog's ids appear once even when overridden
    assert.equal(prices.modelIds().filter((id) => id === "anthropic/claude-haiku-4-5").length, 1);
  });

  it("has no price for an unknown model", () => {
    assert.equal(book().modelPrice("acme/unknown"), undefined);
  });

  it("has no price for a model id that is an Object.prototype key", () => {
    // managedModels is a plain object: managedModels["constructor"] is Object, not an override.
    assert.equal(book().modelPrice("constructor"), undefined);
    assert.equal(book().modelPrice("toString"), undefined);
  });
});

describe("prices: PriceBook regions", () => {
  const near = (actual: number | undefined, expected: number, what: string) =>
    assert.ok(actual !== undefined && Math.abs(actual - expected) < 1e-9, `${what}: expected ${expected}, got ${actual}`);

  it("prices every family in the eight regions the catalog covers, listed in us-east-1 and estimated elsewhere", () => {
    const prices = book();
    const regions = ["us-east-1", "us-east-2", "us-west-2", "eu-west-1", "eu-central-1", "eu-north-1", "ap-northeast-1", "ap-southeast-1"];
    for (const entry of prices.catalog.instances) {
      for (const region of regions) {
        const price = prices.hourlyPrice(entry.type, region);
        assert.ok(price, `${entry.type} has no price in ${region}`);
        assert.equal(price.estimate, region !== "us-east-1", `${entry.type} ${region}: estimate flag`);
      }
    }
  });

  it("prices us-east-2 and us-west-2 like us-east-1, as an estimate", () => {
    // p5.48xlarge $55.04/h × 1.0
    const price = book().hourlyPrice("p5.48xlarge", "us-east-2");
    assert.deepEqual(price, {
      usdPerHour: 55.04,
      source: "catalog 2026-07-20, us-east-1 × 1 assumed for us-east-2",
      estimate: true,
    });
    near(book().hourlyPrice("g6e.xlarge", "us-west-2")?.usdPerHour, 1.861, "g6e us-west-2");
  });

  it("uses the sourced p5 ratios for eu-north-1 and eu-west-2", () => {
    // pricing-facts.md §1b: pre-cut p5.48xlarge 98.32 → eu-north-1 105.2024 (× 1.07), eu-west-2 127.816 (× 1.3)
    // post-cut: $55.04 × 1.07 = $58.8928/h; $55.04 × 1.3 = $71.552/h
    near(book().hourlyPrice("p5.48xlarge", "eu-north-1")?.usdPerHour, 58.8928, "p5 eu-north-1");
    near(book().hourlyPrice("p5.48xlarge", "eu-west-2")?.usdPerHour, 71.552, "p5 eu-west-2");
    // pre-cut ratios applied to post-cut prices are themselves estimates (pricing-facts.md §1b: "[E: assume same ratios]")
    assert.equal(book().hourlyPrice("p5.48xlarge", "eu-north-1")?.source, "catalog 2026-07-20, us-east-1 × 1.07 assumed for eu-north-1");
    // a G ratio read in the region is not (G prices were not cut), though the price is still an estimate
    assert.equal(book().hourlyPrice("g5.xlarge", "eu-west-1")?.source, "catalog 2026-07-20, us-east-1 × 1.116 for eu-west-1");
    // eu-west-2 has only the p5 ratio
    assert.equal(book().hourlyPrice("g6e.xlarge", "eu-west-2"), undefined);
  });

  it("reuses the ap-northeast-1 ratios for ap-southeast-1", () => {
    // g5.xlarge $1.006 × 1.45 = $1.4587; p4d.24xlarge $21.957642 × 1.371 = $30.10392718; p6-b200 $113.9328 × 1.25 = $142.416
    near(book().hourlyPrice("g5.xlarge", "ap-southeast-1")?.usdPerHour, 1.4587, "g5 apse1");
    near(book().hourlyPrice("p4d.24xlarge", "ap-southeast-1")?.usdPerHour, 30.103927182, "p4d apse1");
    near(book().hourlyPrice("p6-b200.48xlarge", "ap-southeast-1")?.usdPerHour, 142.416, "p6-b200 apse1");
  });

  it("prices SageMaker ml.* types, with their EC2 family's multiplier", () => {
    // pricing-facts.md §2: ml.g5.xlarge $1.4084/h (us-east-1)
    assert.deepEqual(book().hourlyPrice("ml.g5.xlarge", "us-east-1"), { usdPerHour: 1.4084, source: "catalog 2025-10-01", estimate: false });
    // eu-central-1: $1.4084 × 1.25 (g5 ratio) = $1.7605/h
    const eu = book().hourlyPrice("ml.g5.xlarge", "eu-central-1");
    near(eu?.usdPerHour, 1.7605, "ml.g5.xlarge eu-central-1");
    assert.equal(eu?.estimate, true);
    assert.equal(eu?.source, "catalog 2025-10-01, us-east-1 × 1.25 for eu-central-1");
    // ml.p5.48xlarge in ap-northeast-1: $113.068 × 1.253 = $141.674204/h
    near(book().hourlyPrice("ml.p5.48xlarge", "ap-northeast-1")?.usdPerHour, 141.674204, "ml.p5 apne1");
  });

  it("knows which regions it prices, and never prices an unknown one as us-east-1", () => {
    const prices = book();
    for (const r of ["us-east-1", "us-east-2", "us-west-2", "eu-west-1", "eu-central-1", "eu-north-1", "eu-west-2", "ap-northeast-1", "ap-southeast-1"]) {
      assert.equal(prices.regionKnown(r), true, r);
    }
    assert.equal(prices.regionKnown("xx-foo-1"), false);
    assert.equal(prices.regionKnown("sa-east-1"), false);
    assert.equal(prices.hourlyPrice("g6e.xlarge", "xx-foo-1"), undefined);
    // a region the policy config prices is known
    assert.equal(book({ regionalInstancePrices: { "sa-east-1": { "g6e.xlarge": 2.9 } } }).regionKnown("sa-east-1"), true);
    assert.equal(prices.regionKnown("constructor"), false);
  });

  it("lists the regions a type is priced in", () => {
    assert.deepEqual(book().pricedRegions("p5.48xlarge"), [
      "ap-northeast-1", "ap-southeast-1", "eu-central-1", "eu-north-1", "eu-west-1", "eu-west-2", "us-east-1", "us-east-2", "us-west-2",
    ]);
    assert.deepEqual(book().pricedRegions("g9z.huge"), []);
  });
});

describe("prices: PriceBook discounts and accelerators", () => {
  it("gives the low end of the observed spot discount per family, as an estimate", () => {
    // pricing-facts.md §1c: g5.2xlarge 50–65%, g5.48xlarge 72–76% → 50%
    assert.deepEqual(
      (({ discount, source, asOf, estimate }) => ({ discount, source, asOf, estimate }))(book().spotDiscount("g5.2xlarge")!),
      { discount: 0.5, source: "catalog", asOf: "2026-08-01", estimate: true },
    );
    // g6 54–62% / 70–78% → 54%; p3 79–86% → 79%; p4d 56–77% vs new OD → 56%; p5 45–62% vs new OD → 45%
    assert.equal(book().spotDiscount("g6.48xlarge")?.discount, 0.54);
    assert.equal(book().spotDiscount("p3.8xlarge")?.discount, 0.79);
    assert.equal(book().spotDiscount("p4d.24xlarge")?.discount, 0.56);
    assert.equal(book().spotDiscount("p5.48xlarge")?.discount, 0.45);
    assert.equal(book().spotDiscount("p5.48xlarge")?.sourceId, "skypilot-vms-v7-spot");
  });

  it("has no spot discount for families without a snapshot, nor for SageMaker", () => {
    assert.equal(book().spotDiscount("g6e.xlarge"), undefined);
    assert.equal(book().spotDiscount("p4de.24xlarge"), undefined);
    assert.equal(book().spotDiscount("inf2.xlarge"), undefined);
    assert.equal(book().spotDiscount("ml.g5.xlarge"), undefined);
    assert.equal(book().spotDiscount("g9z.huge"), undefined);
  });

  it("gives default commitment discounts: the midpoints of pricing-facts.md §1d's suggested ranges", () => {
    // 1-yr ≈ 30–40% → 35%; 3-yr ≈ 55–60% → 57.5%; both estimates
    for (const kind of ["savings-plan", "reserved"] as const) {
      const one = book().commitmentDiscount(kind, 1);
      const three = book().commitmentDiscount(kind, 3);
      assert.deepEqual({ d: one.discount, s: one.source, a: one.asOf, e: one.estimate }, { d: 0.35, s: "catalog", a: "2026-08-01", e: true });
      assert.deepEqual({ d: three.discount, e: three.estimate }, { d: 0.575, e: true });
    }
  });

  it("finds an accelerator by id or alias, whatever the case and spacing", () => {
    const prices = book();
    for (const name of ["h100", "h100-sxm", "H100-SXM5", "NVIDIA H100 SXM", "nvidia-h100-sxm"]) {
      assert.equal(prices.accelerator(name)?.id, "h100", name);
    }
    assert.equal(prices.accelerator("h100-sxm")?.boardPowerWatts, 700);
    assert.equal(prices.accelerator("a100-sxm4-80gb")?.id, "a100");
    assert.equal(prices.accelerator("a100-sxm4-80gb")?.boardPowerWatts, 400);
    assert.equal(prices.accelerator("rtx-pro-6000")?.id, "rtx-pro-server-6000");
    assert.equal(prices.accelerator("l40s")?.boardPowerWatts, 350);
    // PCIe parts draw less and are not aliases of the SXM entries
    assert.equal(prices.accelerator("h100-pcie"), undefined);
    assert.equal(prices.accelerator("tpu-v5e"), undefined);
  });

  it("has an accelerator entry with board power for every instance type's accelerator", () => {
    const prices = book();
    for (const i of prices.catalog.instances) assert.ok(prices.accelerator(i.accelerator)?.boardPowerWatts, i.type);
  });
});
