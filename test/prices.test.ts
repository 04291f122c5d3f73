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

  it("has no price for a family without a multiplier in that region", () => {
    // the catalog's eu-central-1 multipliers cover g5, g6, p3, p4d, p4de: not g6e
    assert.equal(familyOf("g6e.xlarge"), "g6e");
    assert.equal(book().hourlyPrice("g6e.xlarge", "eu-central-1"), undefined);
    // g6 has multipliers for eu-west-1, eu-central-1, ap-northeast-1 only
    assert.equal(book().hourlyPrice("g6.xlarge", "sa-east-1"), undefined);
  });

  it("has no price for an unknown instance type", () => {
    assert.equal(book().hourlyPrice("g9z.huge", "us-east-1"), undefined);
    assert.equal(book().instanceType("g9z.huge"), undefined);
  });

});

describe("prices: PriceBook model prices", () => {
  it("reads a model's prices from the catalog", () => {
    // catalog models.yaml: anthropic/claude-haiku-4-5 $1 in / $5 out per M, read 2026-07-24
    assert.deepEqual(book().modelPrice("anthropic/claude-haiku-4-5"), {
      id: "anthropic/claude-haiku-4-5",
      inputUsdPerMillion: 1,
      outputUsdPerMillion: 5,
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
