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
  acceleratorMemoryGiB?: number; vcpu?: number; memoryGiB?: number;
}
interface ModelRow { id: string; inputUsdPerMillion: number; outputUsdPerMillion: number; cachedInputUsdPerMillion?: number; processing: unknown[]; source: string; asOf: string }

function json<T>(...args: string[]): T {
  const run = cli(...args);
  assert.equal(run.status, 0, run.stderr);
  return JSON.parse(run.stdout) as T;
}

describe("gpu-breakeven catalog", function () {
  it("instances --region R --json: one object per type priced in R, with price, source, date and estimate flag", function () {
    const rows = json<InstanceRow[]>("catalog", "instances", "--region", "eu-central-1", "--json");
    // 68 of the 83 EC2 types are offered in eu-central-1 (not: p3dn, p5 ×2, p5en, p6-b200, p6-b300, trn1 ×2, trn1n, g7 ×6) and
    // 17 SageMaker types have their EC2 family's eu-central-1 ratio (ml.g5 ×5, ml.g6 ×5, ml.inf2 ×4, ml.p4d, ml.p3, ml.g4dn)
    assert.equal(rows.length, 85);
    assert.equal(rows.filter((r) => r.estimate).length, 17, "only the SageMaker prices are estimates");
    assert.ok(rows.every((r) => r.region === "eu-central-1"));
    assert.ok(!rows.some((r) => r.instanceType === "p5.48xlarge"), "p5 is not offered in eu-central-1");
    // g6.xlarge: the published eu-central-1 price, $1.0064/h (vantage-ec2-2026-08)
    const g6 = rows.find((r) => r.instanceType === "g6.xlarge")!;
    assert.deepEqual(g6, {
      instanceType: "g6.xlarge", accelerator: "l4", acceleratorCount: 1, acceleratorMemoryGiB: 22.4, vcpu: 4, memoryGiB: 16,
      region: "eu-central-1", usdPerHour: 1.0064, estimate: false, source: "vantage-ec2-2026-08", asOf: "2026-08-26",
    });
    // ml.g5.xlarge: $1.4084 × 1.2505 (g5 ratio, $1.258 ÷ $1.006 measured on g5.xlarge) = $1.7612042/h, an estimate
    const ml = rows.find((r) => r.instanceType === "ml.g5.xlarge")!;
    assert.equal(ml.usdPerHour, 1.7612042);
    assert.deepEqual([ml.estimate, ml.regionMultiplier?.multiplier, ml.regionMultiplier?.source], [true, 1.2505, "vantage-ec2-2026-08"]);
  });

  it("instances --json: every region a type is offered in, listed us-east-1 prices not estimates", function () {
    const rows = json<InstanceRow[]>("catalog", "instances", "--json");
    const g6e = rows.filter((r) => r.instanceType === "g6e.xlarge");
    // g6e is not offered in eu-west-1, eu-west-2 or ap-southeast-1
    assert.deepEqual(g6e.map((r) => r.region), ["ap-northeast-1", "eu-central-1", "eu-north-1", "us-east-1", "us-east-2", "us-west-2"]);
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
    assert.match(run.stdout, /g6e\.xlarge\s+1 × l40s\s+44\.7\s+us-east-2\s+\$1\.8610\s+listed\s+vantage-ec2-2026-08\s+2026-08-26/);
    assert.match(run.stdout, /ml\.g5\.xlarge\s+1 × a10g\s+22\.4\s+us-east-2\s+\$1\.4084\s+us-east-1 × 1, estimate\s+fmbench-sagemaker-pricing\s+2025-10-01/);
    // 74 EC2 types offered in us-east-2 + 19 SageMaker types (the us-east-2 ratio of each family is 1)
    assert.match(run.stdout, /93 prices in us-east-2, 19 of them estimates/);
  });

  it("instances --region with a region the catalog does not know: exit 2, naming the regions it knows", function () {
    const run = cli("catalog", "instances", "--region", "xx-foo-1");
    assert.equal(run.status, 2);
    assert.match(run.stderr, /the catalog prices nothing in "xx-foo-1"; it knows ap-northeast-1, ap-southeast-1, eu-central-1, eu-north-1, eu-west-1, eu-west-2, us-east-1, us-east-2, us-west-2/);
  });

  it("models --json: id, prices per million tokens, cached input where listed, where it processes data, source and date", function () {
    const rows = json<ModelRow[]>("catalog", "models", "--json");
    const bedrockEu = {
      via: "Amazon Bedrock, EU geographic cross-Region inference profile (eu.anthropic.…)", regions: ["eu-*"], priceFactor: 1.1, estimate: true,
      source: "aws-bedrock-geographic-inference", note: "about 10% above the global price, which is the Claude API's list price",
    };
    const haiku = rows.find((r) => r.id === "anthropic/claude-haiku-4-5")!;
    assert.deepEqual({ ...haiku, processing: haiku.processing.slice(0, 2) }, {
      id: "anthropic/claude-haiku-4-5", inputUsdPerMillion: 1, outputUsdPerMillion: 5, cachedInputUsdPerMillion: 0.1,
      processing: [{ via: 'Claude API (inference_geo "global", the default)', regions: ["*"], source: "anthropic-data-residency" }, bedrockEu],
      source: "litellm-prices-2026-07", asOf: "2026-07-24",
    });
    const groq = rows.find((r) => r.id === "groq/llama-3.3-70b-versatile")!;
    assert.deepEqual([groq.inputUsdPerMillion, groq.outputUsdPerMillion, groq.cachedInputUsdPerMillion, groq.processing], [0.59, 0.79, undefined, []]);
    assert.ok(rows.every((r) => r.source && /^\d{4}-\d{2}-\d{2}$/.test(r.asOf)));
  });

  it("models: a table for people", function () {
    const run = cli("catalog", "models");
    assert.equal(run.status, 0, run.stderr);
    // where it processes: the OpenAI API anywhere (*), European data residency (eu-*) at the list price
    assert.match(run.stdout, /openai\/gpt-4o-mini\s+\$0\.15\s+\$0\.6\s+\$0\.075\s+\*; eu-\*\s+litellm-prices-2026-07\s+2026-07-24/);
    assert.match(run.stdout, /groq\/llama-3\.3-70b-versatile\s+\$0\.59\s+\$0\.79\s+—\s+unknown\s+litellm-prices-2026-07/);
    assert.match(run.stdout, /69 models\. Catalog as of 2026-12-01\./);
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
