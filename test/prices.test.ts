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

  it("reads a published regional price: not an estimate, dated by its source", () => {
    // instances.yaml g6.xlarge eu-central-1 $1.0064/h, vantage-ec2-2026-08 (read 2026-08-26); the same-family ratio the
    // catalog used before gave $0.8048 × 1.25 = $1.006/h (0.04% low)
    assert.deepEqual(book().hourlyPrice("g6.xlarge", "eu-central-1"), { usdPerHour: 1.0064, source: "catalog 2026-08-26", estimate: false });
    // g5.xlarge eu-central-1 $1.258/h (= $1.006 × 1.2505)
    assert.deepEqual(book().hourlyPrice("g5.xlarge", "eu-central-1"), { usdPerHour: 1.258, source: "catalog 2026-08-26", estimate: false });
  });

  it("has no price where the type is not offered, even under instancePrices; regionalInstancePrices still wins", () => {
    // notOffered: g6e in eu-west-1 (vantage-ec2-2026-08 lists no eu-west-1 price or availability for g6e)
    assert.equal(book().hourlyPrice("g6e.xlarge", "eu-west-1"), undefined);
    assert.equal(book({ instancePrices: { "g6e.xlarge": 1.5 } }).hourlyPrice("g6e.xlarge", "eu-west-1"), undefined);
    assert.deepEqual(book({ regionalInstancePrices: { "eu-west-1": { "g6e.xlarge": 2.1 } } }).hourlyPrice("g6e.xlarge", "eu-west-1"), {
      usdPerHour: 2.1,
      source: "policy config regionalInstancePrices.eu-west-1",
      estimate: false,
    });
  });

  it("has no price in a region the catalog does not cover", () => {
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

  it("prices every EC2 type in each of the nine regions it covers from a published price, or says it is not offered there", () => {
    const prices = book();
    const regions = ["us-east-1", "us-east-2", "us-west-2", "eu-west-1", "eu-west-2", "eu-central-1", "eu-north-1", "ap-northeast-1", "ap-southeast-1"];
    let priced = 0;
    let notOffered = 0;
    for (const entry of prices.catalog.instances.filter((i) => !i.type.startsWith("ml."))) {
      for (const region of regions) {
        const price = prices.hourlyPrice(entry.type, region);
        const offered = prices.offered(entry.type, region);
        if (price) {
          priced++;
          assert.equal(price.estimate, false, `${entry.type} ${region}: an EC2 price is read, never estimated`);
          assert.equal(offered, true, `${entry.type} ${region}`);
        } else {
          notOffered++;
          assert.equal(offered, false, `${entry.type} in ${region}: neither priced nor known not offered`);
        }
      }
    }
    // 83 EC2 types × 9 regions = 747 pairs
    assert.equal(priced + notOffered, 747);
  });

  it("prices us-east-2 and us-west-2 from their own published prices", () => {
    // vantage-ec2-2026-08: p5.48xlarge $55.04/h in us-east-2, as in us-east-1
    assert.deepEqual(book().hourlyPrice("p5.48xlarge", "us-east-2"), { usdPerHour: 55.04, source: "catalog 2026-08-26", estimate: false });
    near(book().hourlyPrice("g6e.xlarge", "us-west-2")?.usdPerHour, 1.861, "g6e us-west-2");
  });

  it("prices p5 in eu-north-1 and eu-west-2 at their published post-cut prices", () => {
    // vantage-ec2-2026-08: p5.48xlarge eu-north-1 $58.8928/h (= $55.04 × 1.07), eu-west-2 $71.552/h (= $55.04 × 1.3)
    assert.deepEqual(book().hourlyPrice("p5.48xlarge", "eu-north-1"), { usdPerHour: 58.8928, source: "catalog 2026-08-26", estimate: false });
    assert.deepEqual(book().hourlyPrice("p5.48xlarge", "eu-west-2"), { usdPerHour: 71.552, source: "catalog 2026-08-26", estimate: false });
    // g5.xlarge eu-west-1: $1.123/h published
    assert.deepEqual(book().hourlyPrice("g5.xlarge", "eu-west-1"), { usdPerHour: 1.123, source: "catalog 2026-08-26", estimate: false });
    // g6e has no eu-west-2 price: not offered there
    assert.equal(book().hourlyPrice("g6e.xlarge", "eu-west-2"), undefined);
    assert.equal(book().offered("g6e.xlarge", "eu-west-2"), false);
  });

  it("prices ap-southeast-1 from Singapore's own prices, not Tokyo's ratios", () => {
    // g4dn.xlarge $0.736/h; p4d.24xlarge $26.34917/h (ratio 1.2000, not Tokyo's 1.3707); g5 and p6-b200 are not offered there
    near(book().hourlyPrice("g4dn.xlarge", "ap-southeast-1")?.usdPerHour, 0.736, "g4dn apse1");
    near(book().hourlyPrice("p4d.24xlarge", "ap-southeast-1")?.usdPerHour, 26.34917, "p4d apse1");
    assert.equal(book().hourlyPrice("g5.xlarge", "ap-southeast-1"), undefined);
    assert.equal(book().hourlyPrice("p6-b200.48xlarge", "ap-southeast-1"), undefined);
  });

  it("prices SageMaker ml.* types outside us-east-1 with their own EC2 family's ratio, as an estimate", () => {
    // fmbench-sagemaker-pricing: ml.g5.xlarge $1.4084/h (us-east-1)
    assert.deepEqual(book().hourlyPrice("ml.g5.xlarge", "us-east-1"), { usdPerHour: 1.4084, source: "catalog 2025-10-01", estimate: false });
    // eu-central-1: g5 ratio measured on g5.xlarge, $1.258 ÷ $1.006 = 1.250497 → 1.2505; $1.4084 × 1.2505 = $1.7612042/h
    const eu = book().hourlyPrice("ml.g5.xlarge", "eu-central-1");
    near(eu?.usdPerHour, 1.7612042, "ml.g5.xlarge eu-central-1");
    assert.equal(eu?.estimate, true);
    assert.equal(eu?.source, "catalog 2025-10-01, us-east-1 × 1.2505 (g5 ratio) for eu-central-1");
    // ml.p5.48xlarge (estimate, $63.296/h) in ap-northeast-1: p5 ratio $68.8 ÷ $55.04 = 1.25; $63.296 × 1.25 = $79.12/h
    near(book().hourlyPrice("ml.p5.48xlarge", "ap-northeast-1")?.usdPerHour, 79.12, "ml.p5 apne1");
    // g5 has no ap-southeast-1 ratio (EC2 g5 is not offered there): no SageMaker estimate either, and availability unknown
    assert.equal(book().hourlyPrice("ml.g5.xlarge", "ap-southeast-1"), undefined);
    assert.equal(book().offered("ml.g5.xlarge", "ap-southeast-1"), undefined);
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

  it("lists the regions a type is priced in, never one where it is not offered", () => {
    // p5 is not offered in eu-west-1, eu-central-1 or ap-southeast-1
    assert.deepEqual(book().pricedRegions("p5.48xlarge"), ["ap-northeast-1", "eu-north-1", "eu-west-2", "us-east-1", "us-east-2", "us-west-2"]);
    // ml.p5.48xlarge: us-east-1, and the regions with a p5 ratio
    assert.deepEqual(book().pricedRegions("ml.p5.48xlarge"), ["ap-northeast-1", "eu-north-1", "eu-west-2", "us-east-1", "us-east-2", "us-west-2"]);
    assert.deepEqual(book().pricedRegions("g9z.huge"), []);
  });
});

describe("prices: PriceBook discounts and accelerators", () => {
  it("gives the low end of the observed spot discount per family, as an estimate", () => {
    // skypilot-vms-v7-spot: g5.2xlarge spot 50–65% off, g5.48xlarge 72–76% → the low end, 50%
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

  it("gives default commitment discounts: the midpoints of the suggested ranges (commitment-defaults)", () => {
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
