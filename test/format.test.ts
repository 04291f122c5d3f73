import assert from "node:assert/strict";
import { workloadSchema } from "../src/declaration/schema";
import type { CostLine } from "../src/model/types";
import { renderCostLine } from "../src/report/costLines";
import { percent, tokens, unitUsd, usd } from "../src/report/format";
import { closest } from "../src/text/closest";

describe("format: money and token counts", () => {
  it("usd rounds amounts of $100 and more to whole dollars with separators", () => {
    // $2,717.06 → $2,717
    assert.equal(usd(2717.06), "$2,717");
    // $2,717.50 rounds half up → $2,718
    assert.equal(usd(2717.5), "$2,718");
    assert.equal(usd(1_234_567), "$1,234,567");
  });

  it("usd keeps cents under $100", () => {
    assert.equal(usd(12.5), "$12.50");
    assert.equal(usd(0.07), "$0.07");
    // a whole amount needs no cents
    assert.equal(usd(12), "$12");
  });

  it("unitUsd shows a unit price as the catalog writes it", () => {
    assert.equal(unitUsd(1.861), "$1.861");
    assert.equal(unitUsd(0.15), "$0.15");
    assert.equal(unitUsd(100), "$100.00");
  });

  it("tokens scales to B, M, K with two decimals", () => {
    // 4e9 ÷ 1e9 = 4.00 B
    assert.equal(tokens(4e9), "4.00B");
    // 750e6 ÷ 1e6 = 750.00 M
    assert.equal(tokens(750e6), "750.00M");
    // 12,500 ÷ 1e3 = 12.50 K
    assert.equal(tokens(12_500), "12.50K");
    assert.equal(tokens(999), "999");
  });

  it("percent shows one decimal", () => {
    // 0.304414 × 100 = 30.4%
    assert.equal(percent(0.304414), "30.4%");
  });
});

describe("format: cost lines", () => {
  it("renders a compute line with its arithmetic and price source", () => {
    const line: CostLine = {
      kind: "compute",
      instanceType: "g6e.xlarge",
      count: 2,
      usdPerHour: 1.861,
      hours: 730,
      // 2 × $1.861/h × 730 h = $2,717.06
      monthlyUsd: 2717.06,
      priceSource: "catalog 2026-07-20, us-east-1",
      estimate: false,
    };
    assert.equal(renderCostLine(line), "compute: 2 × g6e.xlarge × $1.861/h × 730 h = $2,717 (catalog 2026-07-20, us-east-1)");
  });

  it("marks an estimated price", () => {
    const line: CostLine = {
      kind: "compute",
      instanceType: "g6.xlarge",
      count: 1,
      usdPerHour: 1.006,
      hours: 730,
      // 1 × $1.006/h × 730 h = $734.38
      monthlyUsd: 734.38,
      priceSource: "catalog 2026-07-20, us-east-1 × 1.25 for eu-central-1",
      estimate: true,
    };
    assert.equal(
      renderCostLine(line),
      "compute: 1 × g6.xlarge × $1.006/h × 730 h = $734 (catalog 2026-07-20, us-east-1 × 1.25 for eu-central-1, estimate)",
    );
  });

  it("renders the power and ops lines", () => {
    assert.equal(renderCostLine({ kind: "power", included: true, monthlyUsd: 0 }), "power: included in the rental price = $0");
    // 20 h × $100/h = $2,000
    assert.equal(renderCostLine({ kind: "ops", hours: 20, usdPerHour: 100, monthlyUsd: 2000 }), "ops: 20 h × $100.00/h = $2,000");
  });
});

describe("text: closest", () => {
  const keys = Object.keys(workloadSchema.shape);

  it("suggests the declaration key a typo was meant to be", () => {
    assert.equal(closest("monthlyInputToken", keys), "monthlyInputTokens");
    assert.equal(closest("enviroment", keys), "environment");
    assert.equal(closest("MonthlyOutputTokens", keys), "monthlyOutputTokens");
  });

  it("suggests nothing for unrelated words", () => {
    assert.equal(closest("banana", keys), undefined);
    assert.equal(closest("region", keys), undefined);
    assert.equal(closest("xyz", ["monthlyInputTokens"]), undefined);
  });

  it("suggests nothing from no candidates", () => {
    assert.equal(closest("anything", []), undefined);
  });
});
