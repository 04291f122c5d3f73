// Effective-dated prices (issue 13, item 3): a model may carry price periods (from/until, inclusive UTC days), and
// PriceBook prices it with the period in force on the analysis date (its third constructor argument), reporting which
// period applied. Without a date it takes the latest period: no result depends on the day the tests run.
import assert from "node:assert/strict";
import { compileCatalog } from "../src/catalog/compile";
import { shippedCatalog } from "../src/catalog/load";
import { modelRows } from "../src/catalog/listing";
import { periodInForce, PriceBook } from "../src/catalog/prices";
import type { Catalog } from "../src/catalog/schema";
import { assertCatalogRejects, catalogCopies } from "./helpers/catalogCopies";

const NO_OVERRIDES = { instancePrices: {}, regionalInstancePrices: {}, managedModels: {} };
const book = (on?: Date, catalog: Catalog = shippedCatalog()) => new PriceBook(catalog, NO_OVERRIDES, on);
const SONNET_5 = "anthropic/claude-sonnet-5";
const day = (iso: string) => new Date(iso);

/** The monthly bill of 1,000M input + 100M output tokens at a price: input M × $/M + output M × $/M. */
const bill = (p: { inputUsdPerMillion: number; outputUsdPerMillion: number }) => 1000 * p.inputUsdPerMillion + 100 * p.outputUsdPerMillion;

describe("catalog periods: claude-sonnet-5 in the shipped catalog", () => {
  it("carries two periods: the introductory price through 2026-08-31, the standard price from 2026-09-01", () => {
    assert.deepEqual(book().modelPeriods(SONNET_5).map((p) => [p.from, p.until, p.inputUsdPerMillion, p.outputUsdPerMillion, p.cachedInputUsdPerMillion]), [
      [undefined, "2026-08-31", 2, 10, 0.2],
      // Anthropic cancelled the $3 / $15 announced for 2026-09-01: its model page lists $2 / $10 after that date
      ["2026-09-01", undefined, 2, 10, 0.2],
    ]);
  });

  it("on 2026-08-31 the introductory period applies; on 2026-09-01 the standard one, and the source says which", () => {
    const before = book(day("2026-08-31T12:00:00Z")).modelPrice(SONNET_5);
    assert.deepEqual(before, {
      id: SONNET_5, inputUsdPerMillion: 2, outputUsdPerMillion: 10, cachedInputUsdPerMillion: 0.2,
      source: "catalog 2026-12-01, price until 2026-08-31", period: { until: "2026-08-31" },
    });
    const after = book(day("2026-09-01T12:00:00Z")).modelPrice(SONNET_5);
    assert.deepEqual(after, {
      id: SONNET_5, inputUsdPerMillion: 2, outputUsdPerMillion: 10, cachedInputUsdPerMillion: 0.2,
      source: "catalog 2026-12-01, price from 2026-09-01", period: { from: "2026-09-01" },
    });
  });

  it("switches at midnight UTC: 2026-08-31T23:59:59Z is still the introductory day", () => {
    assert.deepEqual(book(day("2026-08-31T23:59:59.999Z")).modelPrice(SONNET_5)?.period, { until: "2026-08-31" });
    assert.deepEqual(book(day("2026-09-01T00:00:00Z")).modelPrice(SONNET_5)?.period, { from: "2026-09-01" });
  });

  it("without an analysis date, prices with the latest period, whatever the day the code runs", () => {
    assert.deepEqual(book().modelPrice(SONNET_5)?.period, { from: "2026-09-01" });
    assert.equal(book().asOfDate, undefined);
  });

  it("a date before the first period gets the first one (the launch price)", () => {
    assert.deepEqual(book(day("2026-06-30T00:00:00Z")).modelPrice(SONNET_5)?.period, { until: "2026-08-31" });
  });

  it("lists the periods with the model (the row's prices are the latest period's)", () => {
    const row = modelRows(book()).find((r) => r.id === SONNET_5)!;
    assert.deepEqual([row.inputUsdPerMillion, row.outputUsdPerMillion, row.periods?.length], [2, 10, 2]);
  });

  it("leaves models without periods alone: same price, same source, no period, on any date", () => {
    for (const on of [undefined, day("2026-01-01T00:00:00Z"), day("2027-06-01T00:00:00Z")]) {
      assert.deepEqual(book(on).modelPrice("anthropic/claude-haiku-4-5"), {
        id: "anthropic/claude-haiku-4-5", inputUsdPerMillion: 1, outputUsdPerMillion: 5, cachedInputUsdPerMillion: 0.1, source: "catalog 2026-07-24",
      });
    }
  });

  it("the policy config's managedModels wins over every period", () => {
    const prices = new PriceBook(shippedCatalog(), { ...NO_OVERRIDES, managedModels: { [SONNET_5]: { inputUsdPerMillion: 2.5, outputUsdPerMillion: 12 } } }, day("2026-08-31T00:00:00Z"));
    assert.deepEqual(prices.modelPrice(SONNET_5), { id: SONNET_5, inputUsdPerMillion: 2.5, outputUsdPerMillion: 12, source: "policy config managedModels" });
  });

  it("refuses an invalid analysis date", () => {
    assert.throws(() => book(new Date("not a date")), /asOfDate is not a valid date/);
  });
});

describe("catalog periods: a price that changes on a date (the announced $3 / $15 from 2026-09-01)", () => {
  const copies = catalogCopies("gpu-breakeven-periods-");
  after(() => copies.cleanup());
  // A copy of the shipped catalog with Sonnet 5's second period at the price announced at launch.
  const announced = () => compileCatalog(copies.mutated("models.yaml", (t) => t.replace(
    "{ from: 2026-09-01, inputUsdPerMillion: 2, outputUsdPerMillion: 10, cachedInputUsdPerMillion: 0.2,",
    "{ from: 2026-09-01, inputUsdPerMillion: 3, outputUsdPerMillion: 15, cachedInputUsdPerMillion: 0.3,",
  )));

  it("prices 2026-08-31 at $2 / $10 and 2026-09-01 at $3 / $15", () => {
    const catalog = announced();
    const aug31 = book(day("2026-08-31T18:00:00Z"), catalog).modelPrice(SONNET_5)!;
    const sep1 = book(day("2026-09-01T06:00:00Z"), catalog).modelPrice(SONNET_5)!;
    assert.deepEqual([aug31.inputUsdPerMillion, aug31.outputUsdPerMillion, aug31.cachedInputUsdPerMillion], [2, 10, 0.2]);
    assert.deepEqual([sep1.inputUsdPerMillion, sep1.outputUsdPerMillion, sep1.cachedInputUsdPerMillion], [3, 15, 0.3]);
    // 1,000M in + 100M out: 1,000 × $2 + 100 × $10 = $3,000 on 2026-08-31; 1,000 × $3 + 100 × $15 = $4,500 on 2026-09-01
    assert.equal(bill(aug31), 3000);
    assert.equal(bill(sep1), 4500);
    // the compiled entry's own prices are the latest period's
    const entry = catalog.models.find((m) => m.id === SONNET_5)!;
    assert.deepEqual([entry.inputUsdPerMillion, entry.outputUsdPerMillion, entry.cachedInputUsdPerMillion], [3, 15, 0.3]);
  });

  it("modelPrice(id, date) prices another day than the book's", () => {
    const prices = book(day("2026-08-31T00:00:00Z"), announced());
    assert.equal(prices.modelPrice(SONNET_5)?.inputUsdPerMillion, 2);
    assert.equal(prices.modelPrice(SONNET_5, day("2026-09-01T00:00:00Z"))?.inputUsdPerMillion, 3);
  });
});

describe("catalog periods: periodInForce", () => {
  const periods = [
    { until: "2026-03-31", n: 1 },
    { from: "2026-04-01", until: "2026-06-30", n: 2 },
    { from: "2026-07-01", n: 3 },
  ];
  const at = (iso?: string) => periodInForce(periods, iso === undefined ? undefined : new Date(`${iso}T00:00:00Z`)).n;

  it("picks the period whose from ≤ day ≤ until, both inclusive", () => {
    assert.deepEqual([at("2025-01-01"), at("2026-03-31"), at("2026-04-01"), at("2026-06-30"), at("2026-07-01"), at("2030-01-01")], [1, 1, 2, 2, 3, 3]);
  });

  it("without a date, the open-ended last period; with periods in any order", () => {
    assert.equal(at(), 3);
    assert.equal(periodInForce([...periods].reverse(), new Date("2026-05-05T00:00:00Z")).n, 2);
  });
});

describe("catalog periods: a catalog with broken periods does not build", () => {
  const copies = catalogCopies("gpu-breakeven-periods-invalid-");
  after(() => copies.cleanup());
  const FIRST = "{ until: 2026-08-31, inputUsdPerMillion: 2,";
  const SECOND = "{ from: 2026-09-01, inputUsdPerMillion: 2,";

  it("a gap between periods", () => {
    const dir = copies.mutated("models.yaml", (t) => t.replace(SECOND, "{ from: 2026-09-02, inputUsdPerMillion: 2,"));
    assertCatalogRejects(dir, "models.yaml: anthropic/claude-sonnet-5: period 2 starts 2026-09-02, but period 1 ends 2026-08-31: periods must follow one another without a gap or an overlap (from = the day after until)");
  });

  it("overlapping periods", () => {
    const dir = copies.mutated("models.yaml", (t) => t.replace(SECOND, "{ from: 2026-08-15, inputUsdPerMillion: 2,"));
    assertCatalogRejects(dir, "models.yaml: anthropic/claude-sonnet-5: period 2 starts 2026-08-15, but period 1 ends 2026-08-31: periods must follow one another without a gap or an overlap (from = the day after until)");
  });

  it("a period that ends before it starts", () => {
    const dir = copies.mutated("models.yaml", (t) => t.replace(FIRST, "{ from: 2026-09-15, until: 2026-08-31, inputUsdPerMillion: 2,"));
    assertCatalogRejects(dir, "models.yaml: anthropic/claude-sonnet-5: period 1 ends (2026-08-31) before it starts (2026-09-15)");
  });

  it("an open end before the last period", () => {
    const dir = copies.mutated("models.yaml", (t) => t.replace(FIRST, "{ inputUsdPerMillion: 2,"));
    assertCatalogRejects(dir, "models.yaml: anthropic/claude-sonnet-5: period 1 needs an until date (only the last period may leave it open)");
  });

  it("prices both on the entry and in periods", () => {
    const dir = copies.mutated("models.yaml", (t) => t.replace("  - id: anthropic/claude-sonnet-5\n", "  - id: anthropic/claude-sonnet-5\n    inputUsdPerMillion: 2\n"));
    assertCatalogRejects(dir, "models.yaml: models[anthropic/claude-sonnet-5]: with periods, the prices belong in the periods (the entry takes the latest one's)");
  });

  it("a period date that is not a date", () => {
    const dir = copies.mutated("models.yaml", (t) => t.replace(SECOND, "{ from: 2026-09-31, inputUsdPerMillion: 2,"));
    assertCatalogRejects(dir, "models.yaml: models[anthropic/claude-sonnet-5].periods[1].from: is not a real calendar date");
  });
});
