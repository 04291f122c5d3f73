// The package as a library, the way the README shows it: the built bundle, not the sources.
import * as assert from "node:assert/strict";
import * as path from "path";

describe("library (dist/index.js)", function () {
  it("runs the README example", function () {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const lib = require(path.resolve(__dirname, "..", "dist", "index.js")) as typeof import("../src/index");
    const cost = lib.workloadCost({
      groups: [{ instanceType: "g6e.xlarge", count: 2, usdPerHour: 1.861, priceSource: "catalog", estimate: false }],
      opsHoursPerMonth: 20,
      volume: { inputTokens: 3e9, outputTokens: 1e9 },
      managedPrice: { inputUsdPerMillion: 0.15, outputUsdPerMillion: 0.6 },
      assumptions: { hoursPerMonth: 730, opsUsdPerHour: 100, stressUtilization: 0.5 },
    });
    // F = 2 × $1.861 × 730 + 20 × $100 = $2,717.06 + $2,000 = $4,717.06; M(V) = 3,000 × 0.15 + 1,000 × 0.6 = $1,050
    assert.equal(cost.verdict, "fails");
    assert.ok(Math.abs(cost.fixedMonthlyUsd - 4717.06) < 1e-9);
    assert.ok(Math.abs(cost.managedAtVolumeUsd - 1050) < 1e-9);
    assert.equal(lib.POLICY_NAMES.length, 8);
  });
});
