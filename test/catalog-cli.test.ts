// `gpu-breakeven catalog instances|models` (issue 5, item 6), run as a separate process like a user would
// (node dist/cli.js, built by `npm run build`): what the pack prices, with source and date.
import * as assert from "node:assert/strict";
import { spawnSync } from "child_process";
import * as path from "path";

const ROOT = path.resolve(__dirname, "..");
const cli = (...args: string[]) => spawnSync(process.execPath, [path.join(ROOT, "dist", "cli.js"), ...args], { cwd: ROOT, encoding: "utf8" });

interface InstanceRow {
  instanceType: string; accelerator: string; acceleratorCount: number; usdPerHour: number; region: string;
  source: string; asOf: string; estimate: boolean; regionMultiplier?: { multiplier: number; estimate: boolean; source: string };
}
interface ModelRow { id: string; inputUsdPerMillion: number; outputUsdPerMillion: number; cachedInputUsdPerMillion?: number; source: string; asOf: string }

function json<T>(...args: string[]): T {
  const run = cli(...args);
  assert.equal(run.status, 0, run.stderr);
  return JSON.parse(run.stdout) as T;
}

describe("gpu-breakeven catalog", function () {
  it("instances --region R --json: one object per type priced in R, with price, source, date and estimate flag", function () {
    const rows = json<InstanceRow[]>("catalog", "instances", "--region", "eu-central-1", "--json");
    assert.equal(rows.length, 102, "every catalog type is priced in eu-central-1");
    assert.ok(rows.every((r) => r.region === "eu-central-1" && r.estimate));
    // g6.xlarge: $0.8048/h × 1.250 (G5/G6 eu-central-1 ratio, derived from prices read there) = $1.006/h
    const g6 = rows.find((r) => r.instanceType === "g6.xlarge")!;
    assert.deepEqual(
      { ...g6, regionMultiplier: g6.regionMultiplier && { multiplier: g6.regionMultiplier.multiplier, estimate: g6.regionMultiplier.estimate, source: g6.regionMultiplier.source } },
      {
        instanceType: "g6.xlarge", accelerator: "l4", acceleratorCount: 1, acceleratorMemoryGiB: 22.4, vcpu: 4, memoryGiB: 16,
        region: "eu-central-1", usdPerHour: 1.006, estimate: true, source: "karpenter-pricing-2026-07", asOf: "2026-07-20",
        regionMultiplier: { multiplier: 1.25, estimate: false, source: "skypilot-vms-v7" },
      },
    );
    // p5.48xlarge: $55.04 × 1.249 (P3/P4d ratio reused, an assumption) = $68.74496/h
    const p5 = rows.find((r) => r.instanceType === "p5.48xlarge")!;
    assert.equal(p5.usdPerHour, 68.74496);
    assert.deepEqual([p5.regionMultiplier?.estimate, p5.regionMultiplier?.source], [true, "gpu-breakeven-region-estimates"]);
  });

  it("instances --json: every region, listed us-east-1 prices not estimates", function () {
    const rows = json<InstanceRow[]>("catalog", "instances", "--json");
    const g6e = rows.filter((r) => r.instanceType === "g6e.xlarge");
    assert.deepEqual(g6e.map((r) => r.region), [
      "ap-northeast-1", "ap-southeast-1", "eu-central-1", "eu-north-1", "eu-west-1", "us-east-1", "us-east-2", "us-west-2",
    ]);
    const use1 = g6e.find((r) => r.region === "us-east-1")!;
    assert.deepEqual([use1.usdPerHour, use1.estimate, use1.source, use1.asOf, use1.regionMultiplier], [1.861, false, "karpenter-pricing-2026-07", "2026-07-20", undefined]);
    for (const r of rows) {
      for (const key of ["instanceType", "accelerator", "acceleratorCount", "usdPerHour", "region", "source", "asOf", "estimate"]) {
        assert.ok(key in r, `${r.instanceType} ${r.region} lacks ${key}`);
      }
    }
  });

  it("instances --region: a table for people, marking estimates", function () {
    const run = cli("catalog", "instances", "--region", "us-east-2");
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /g6e\.xlarge\s+1 × l40s\s+44\.7\s+us-east-2\s+\$1\.8610\s+us-east-1 × 1 \(assumed\), estimate\s+karpenter-pricing-2026-07\s+2026-07-20/);
    assert.match(run.stdout, /102 prices in us-east-2, 102 of them estimates/);
  });

  it("instances --region with a region the catalog does not know: exit 2, naming the regions it knows", function () {
    const run = cli("catalog", "instances", "--region", "xx-foo-1");
    assert.equal(run.status, 2);
    assert.match(run.stderr, /the catalog prices nothing in "xx-foo-1"; it knows ap-northeast-1, ap-southeast-1, eu-central-1, eu-north-1, eu-west-1, eu-west-2, us-east-1, us-east-2, us-west-2/);
  });

  it("models --json: id, prices per million tokens, cached input where listed, source and date", function () {
    const rows = json<ModelRow[]>("catalog", "models", "--json");
    assert.deepEqual(rows.find((r) => r.id === "anthropic/claude-haiku-4-5"), {
      id: "anthropic/claude-haiku-4-5", inputUsdPerMillion: 1, outputUsdPerMillion: 5, cachedInputUsdPerMillion: 0.1,
      source: "litellm-prices-2026-07", asOf: "2026-07-24",
    });
    const groq = rows.find((r) => r.id === "groq/llama-3.3-70b-versatile")!;
    assert.deepEqual([groq.inputUsdPerMillion, groq.outputUsdPerMillion, groq.cachedInputUsdPerMillion], [0.59, 0.79, undefined]);
    assert.ok(rows.every((r) => r.source && /^\d{4}-\d{2}-\d{2}$/.test(r.asOf)));
  });

  it("models: a table for people", function () {
    const run = cli("catalog", "models");
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /openai\/gpt-4o-mini\s+\$0\.15\s+\$0\.6\s+\$0\.075\s+litellm-prices-2026-07\s+2026-07-24/);
    assert.match(run.stdout, /68 models\. Catalog as of 2026-08-01\./);
  });

  it("an unknown subcommand is a usage error", function () {
    const run = cli("catalog", "prices");
    assert.equal(run.status, 2);
    assert.match(run.stderr, /unknown catalog subcommand "prices"/);
    assert.match(run.stderr, /gpu-breakeven catalog instances \[--region R\] \[--json\]/);
  });

  it("is listed in the CLI's help", function () {
    const run = cli("--help");
    assert.match(run.stdout, /gpu-breakeven catalog instances/);
  });
});
