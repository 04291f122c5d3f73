// Keeping the catalog current (issue 5, item 7): `catalog import-aws` and `catalog import-litellm`, run as the
// user runs them (node dist/cli.js, built by `npm run build`) against a scratch copy of src/catalog/data, on the
// small fixture files test/fixtures/aws-offer-mini.json and test/fixtures/litellm-mini.json written for them.
import * as assert from "node:assert/strict";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { catalogDataDir, compileCatalog } from "../src/catalog/compile";
import { readAwsOffer } from "../src/catalog/import/awsOffer";
import { scanJson } from "../src/catalog/import/jsonScan";
import { PriceBook } from "../src/catalog/prices";

const ROOT = path.resolve(__dirname, "..");
const FIXTURES = path.join(ROOT, "test", "fixtures");
const cli = (...args: string[]) => spawnSync(process.execPath, [path.join(ROOT, "dist", "cli.js"), ...args], { cwd: ROOT, encoding: "utf8" });
const tempDirs: string[] = [];
after(() => {
  for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
});

/** A minimal AmazonEC2 offer file pricing each [type, region, USD] on demand (Linux, shared tenancy). */
function offer(publicationDate: string, rows: [string, string, string][]) {
  const products: Record<string, unknown> = {};
  const onDemand: Record<string, unknown> = {};
  rows.forEach(([instanceType, regionCode, usd], i) => {
    const sku = `SKU${i}`;
    products[sku] = {
      sku, productFamily: "Compute Instance",
      attributes: { instanceType, regionCode, tenancy: "Shared", operatingSystem: "Linux", licenseModel: "No License required", operation: "RunInstances", capacitystatus: "Used", preInstalledSw: "NA" },
    };
    onDemand[sku] = { [`${sku}.T`]: { sku, priceDimensions: { [`${sku}.T.D`]: { unit: "Hrs", pricePerUnit: { USD: usd } } } } };
  });
  return { formatVersion: "v1.0", offerCode: "AmazonEC2", version: "1", publicationDate, products, terms: { OnDemand: onDemand } };
}

/** A scratch copy of the shipped catalog YAML. */
function scratchCatalog(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gpu-breakeven-import-test-"));
  tempDirs.push(dir);
  for (const f of fs.readdirSync(catalogDataDir)) fs.copyFileSync(path.join(catalogDataDir, f), path.join(dir, f));
  return dir;
}
const book = (dir: string) => new PriceBook(compileCatalog(dir), { instancePrices: {}, regionalInstancePrices: {}, managedModels: {} });
const yamlLine = (dir: string, file: string, start: string) =>
  fs.readFileSync(path.join(dir, file), "utf8").split("\n").find((l) => l.startsWith(start));

describe("catalog import: reading an AWS offer file", () => {
  it("streams JSON across chunk boundaries, escapes and multi-byte characters", () => {
    const file = path.join(FIXTURES, "aws-offer-mini.json");
    const whole = JSON.parse(fs.readFileSync(file, "utf8"));
    for (const chunk of [3, 7, 64, 1 << 20]) {
      const products: Record<string, unknown> = {};
      const strings: Record<string, string> = {};
      scanJson(file, {
        want: (p) => p.length === 2 && p[0] === "products",
        onValue: (p, v) => (products[p[1]] = v),
        onString: (p, v) => p.length === 1 && (strings[p[0]] = v),
      }, chunk);
      assert.deepEqual(products, whole.products, `chunk ${chunk}`);
      assert.equal(strings.disclaimer, whole.disclaimer, `chunk ${chunk}`);
      assert.equal(strings.publicationDate, "2026-11-20T18:00:00Z");
    }
  });

  it("keeps Linux, shared-tenancy, on-demand prices only", () => {
    const offer = readAwsOffer(path.join(FIXTURES, "aws-offer-mini.json"), (t) => /^(g|p)\d/.test(t));
    // 12 products; kept: g6e us-east-1 ($1.75, made up) and eu-central-1 ($2.30, made up), g5.xlarge eu-west-1 from its
    // location "EU (Ireland)" ($1.123, made up), p5.48xlarge $55.04, g4dn.metal (bare metal family) $7.824, g9.xlarge.
    // Dropped: Windows ($2.50), Dedicated ($2.047), an unused reservation ($1.861), SQL Server ($3.10), m7i (keep), storage.
    // The Reserved term of g6e ($1.10) is never read.
    const flat = Object.fromEntries([...offer.prices].map(([t, byRegion]) => [t, Object.fromEntries(byRegion)]));
    assert.deepEqual(flat, {
      "g6e.xlarge": { "us-east-1": 1.75, "eu-central-1": 2.3 },
      "g5.xlarge": { "eu-west-1": 1.123 },
      "p5.48xlarge": { "us-east-1": 55.04 },
      "g4dn.metal": { "us-east-1": 7.824 },
      "g9.xlarge": { "us-east-1": 9.99 },
    });
    assert.equal(offer.productsRead, 12);
    assert.equal(offer.publicationDate, "2026-11-20T18:00:00Z");
    assert.deepEqual(offer.warnings, []);
  });

  it("refuses a file that is not an EC2 offer file", () => {
    const dir = scratchCatalog();
    const bogus = path.join(dir, "not-an-offer.json");
    fs.writeFileSync(bogus, JSON.stringify({ offerCode: "AmazonSageMaker", products: { A: { productFamily: "ML Instance" } }, terms: {} }));
    assert.throws(() => readAwsOffer(bogus, () => true), /this is the AmazonSageMaker offer file; import-aws reads the AmazonEC2 one/);
    fs.writeFileSync(bogus, "{\"products\": {\"A\": {");
    assert.throws(() => readAwsOffer(bogus, () => true), /ends in the middle of a JSON value/);
  });
});

describe("catalog import-aws (CLI)", function () {
  it("re-prices the catalog's types from the offer file, citing it, and leaves the rest alone", function () {
    const dir = scratchCatalog();
    const run = cli("catalog", "import-aws", path.join(FIXTURES, "aws-offer-mini.json"), "--data-dir", dir);
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /4 catalog instance types priced in 3 region\(s\) \(eu-central-1, eu-west-1, us-east-1\), source aws-price-list-2026-11-20 as of 2026-11-20/);
    assert.match(run.stdout, /Not in the catalog, so not imported .*: g9\.xlarge\./);
    assert.match(run.stdout, /Run `npm run build`/);

    // g6e.xlarge: us-east-1 $1.861 → $1.75 and eu-central-1 $2.327 → $2.30 from the offer file, which the entry now
    // cites (its us-east-1 source); the regions the file does not price keep vantage-ec2-2026-08 through priceSources
    assert.equal(
      yamlLine(dir, "instances.yaml", "  - { type: g6e.xlarge,"),
      "  - { type: g6e.xlarge, accelerator: l40s, acceleratorCount: 1, acceleratorMemoryGiB: 44.7, vcpu: 4, memoryGiB: 32, " +
        "onDemandUsdPerHour: { us-east-1: 1.75, us-east-2: 1.861, us-west-2: 1.861, eu-central-1: 2.3, eu-north-1: 1.974, ap-northeast-1: 2.699 }, " +
        "source: aws-price-list-2026-11-20, asOf: 2026-11-20, " +
        "priceSources: { ap-northeast-1: vantage-ec2-2026-08, eu-north-1: vantage-ec2-2026-08, us-east-2: vantage-ec2-2026-08, us-west-2: vantage-ec2-2026-08 } }",
    );
    // g5.xlarge: us-east-1 keeps its Karpenter source (now the entry's); eu-west-1 ($1.123, unchanged) cites the offer file
    assert.equal(
      yamlLine(dir, "instances.yaml", "  - { type: g5.xlarge,"),
      "  - { type: g5.xlarge, accelerator: a10g, acceleratorCount: 1, acceleratorMemoryGiB: 22.4, vcpu: 4, memoryGiB: 16, " +
        "onDemandUsdPerHour: { us-east-1: 1.006, us-east-2: 1.006, us-west-2: 1.006, eu-west-1: 1.123, eu-west-2: 1.277, eu-central-1: 1.258, eu-north-1: 1.067, ap-northeast-1: 1.459 }, " +
        "source: karpenter-pricing-2026-07, asOf: 2026-07-20, " +
        "priceSources: { ap-northeast-1: vantage-ec2-2026-08, eu-central-1: vantage-ec2-2026-08, eu-north-1: vantage-ec2-2026-08, eu-west-1: aws-price-list-2026-11-20, " +
        "eu-west-2: vantage-ec2-2026-08, us-east-2: vantage-ec2-2026-08, us-west-2: vantage-ec2-2026-08 } }",
    );
    const text = fs.readFileSync(path.join(dir, "instances.yaml"), "utf8");
    assert.match(text, /^# import-aws: EC2 prices of 4 types were re-read from aws-offer-mini\.json \(source aws-price-list-2026-11-20\) on \d{4}-\d{2}-\d{2}\.$/m);
    assert.match(text, /reference: aws-offer-mini\.json \(publicationDate 2026-11-20T18:00:00Z, version 20261120180000\), imported by gpu-breakeven catalog import-aws/);
    // comments elsewhere survive
    assert.match(text, /# Typical spot discount per family/);

    const prices = book(dir);
    // the catalog's newest figures are still those read on 2026-12-01 (models.yaml, the SageMaker P estimate)
    assert.equal(prices.catalog.asOf, "2026-12-01");
    assert.deepEqual(prices.hourlyPrice("g6e.xlarge", "us-east-1"), { usdPerHour: 1.75, source: "catalog 2026-11-20", estimate: false });
    assert.deepEqual(prices.hourlyPrice("g6e.xlarge", "eu-central-1"), { usdPerHour: 2.3, source: "catalog 2026-11-20", estimate: false });
    assert.deepEqual(prices.hourlyPrice("g5.xlarge", "eu-west-1"), { usdPerHour: 1.123, source: "catalog 2026-11-20", estimate: false });
    assert.deepEqual(prices.hourlyPrice("g5.xlarge", "us-east-1"), { usdPerHour: 1.006, source: "catalog 2026-07-20", estimate: false });
    // the regions the file does not price keep their own published prices (no multiplier moves them with us-east-1)
    assert.deepEqual(prices.hourlyPrice("g6e.xlarge", "eu-north-1"), { usdPerHour: 1.974, source: "catalog 2026-08-26", estimate: false });
    // and where g6e is not offered, it still is not
    assert.equal(prices.hourlyPrice("g6e.xlarge", "eu-west-1"), undefined);
    // untouched: the SageMaker types and the types the file does not price
    assert.equal(prices.hourlyPrice("p4d.24xlarge", "us-east-1")?.source, "catalog 2026-07-20");
    assert.equal(prices.hourlyPrice("ml.g5.xlarge", "us-east-1")?.usdPerHour, 1.4084);
  });

  it("drops a not-offered region the offer file prices, splitting an entry that names other families too", function () {
    const dir = scratchCatalog();
    const file = path.join(dir, "offer-eu-west-1.json");
    // made-up prices: g6e.xlarge and g6.xlarge in eu-west-1, where the catalog says neither family is offered
    fs.writeFileSync(file, JSON.stringify(offer("2026-11-25T00:00:00Z", [["g6e.xlarge", "eu-west-1", "2.05"], ["g6.xlarge", "eu-west-1", "0.9"]])));
    const run = cli("catalog", "import-aws", file, "--data-dir", dir);
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /warning: notOffered: g6e in eu-west-1 removed, since the offer file prices g6e\.xlarge there/);
    assert.match(run.stdout, /warning: notOffered: g6 in eu-west-1 removed, since the offer file prices g6\.xlarge there/);
    const text = fs.readFileSync(path.join(dir, "instances.yaml"), "utf8");
    // g6e's entry loses eu-west-1; g6 leaves its group entry, and keeps its other region in an entry of its own
    assert.match(text, /- \{ families: \[ g6e \], regions: \[ eu-west-2, ap-southeast-1 \], source: vantage-ec2-2026-08, asOf: 2026-08-26 \}/);
    assert.match(text, /- \{ families: \[ g6f, g7e, gr6, gr6f \], regions: \[ eu-west-1, ap-southeast-1 \], source: vantage-ec2-2026-08, asOf: 2026-08-26 \}/);
    assert.match(text, /- \{ families: \[ g6 \], regions: \[ ap-southeast-1 \], source: vantage-ec2-2026-08, asOf: 2026-08-26 \}/);
    const prices = book(dir);
    assert.deepEqual(prices.hourlyPrice("g6e.xlarge", "eu-west-1"), { usdPerHour: 2.05, source: "catalog 2026-11-25", estimate: false });
    assert.equal(prices.offered("g6e.xlarge", "eu-west-1"), true);
    // the other sizes are no longer known not to be offered there, and have no price: unknown
    assert.equal(prices.offered("g6e.2xlarge", "eu-west-1"), undefined);
    assert.equal(prices.hourlyPrice("g6e.2xlarge", "eu-west-1"), undefined);
    assert.equal(prices.offered("g6.xlarge", "ap-southeast-1"), false);
  });

  it("re-measures a regional multiplier whose prices the offer file changes", function () {
    const dir = scratchCatalog();
    const file = path.join(dir, "offer-g5.json");
    // made up: g5.xlarge us-east-1 $1.10 (was $1.006); the g5 ratios are measured on g5.xlarge
    fs.writeFileSync(file, JSON.stringify(offer("2026-11-26T00:00:00Z", [["g5.xlarge", "us-east-1", "1.1"]])));
    const run = cli("catalog", "import-aws", file, "--data-dir", dir);
    assert.equal(run.status, 0, run.stderr);
    // eu-central-1: $1.258 ÷ $1.10 = 1.143636… → 1.1436
    assert.match(run.stdout, /warning: regionMultipliers: g5 in eu-central-1 re-measured on g5\.xlarge: 1\.258 ÷ 1\.1 = 1\.1436/);
    const m = compileCatalog(dir).regionMultipliers.find((x) => x.family === "g5" && x.region === "eu-central-1")!;
    assert.deepEqual([m.multiplier, m.measuredOn.usEast1UsdPerHour, m.source, m.asOf], [1.1436, 1.1, "aws-price-list-2026-11-26", "2026-11-26"]);
    // ml.g5.xlarge in eu-central-1: $1.4084 × 1.1436 = $1.61064624/h
    assert.ok(Math.abs(book(dir).hourlyPrice("ml.g5.xlarge", "eu-central-1")!.usdPerHour - 1.61064624) < 1e-9);
  });

  it("writes to --out and leaves the catalog as it was", function () {
    const dir = scratchCatalog();
    const before = fs.readFileSync(path.join(dir, "instances.yaml"), "utf8");
    const out = path.join(dir, "instances.imported.yaml");
    const run = cli("catalog", "import-aws", path.join(FIXTURES, "aws-offer-mini.json"), "--data-dir", dir, "--out", out, "--as-of", "2026-11-21");
    assert.equal(run.status, 0, run.stderr);
    assert.equal(fs.readFileSync(path.join(dir, "instances.yaml"), "utf8"), before);
    assert.match(fs.readFileSync(out, "utf8"), /source: aws-price-list-2026-11-21, asOf: 2026-11-21, priceSources/);
  });

  it("exits 2 on a missing file", function () {
    const run = cli("catalog", "import-aws", path.join(FIXTURES, "no-such-offer.json"));
    assert.equal(run.status, 2);
    assert.match(run.stderr, /no-such-offer\.json: no such file/);
  });
});

describe("catalog import-litellm (CLI)", function () {
  it("re-reads model prices per token into per-million prices, citing the file, and adds a model on request", function () {
    const dir = scratchCatalog();
    const run = cli("catalog", "import-litellm", path.join(FIXTURES, "litellm-mini.json"), "--data-dir", dir, "--as-of", "2026-11-27",
      "--add", "groq/qwen/qwen3-32b");
    assert.equal(run.status, 0, run.stderr);
    // 9 catalog models are in the file with prices; 2 of them changed (gpt-4.1, gemini-2.5-flash)
    assert.match(run.stdout, /Re-read 9 models from litellm-mini\.json \(2 with new prices\), added 1 \(groq\/qwen\/qwen3-32b\); source litellm-prices-2026-11-27\./);
    // o3's key belongs to another provider; groq's 8B is $0 in the file: both left as they were
    assert.match(run.stdout, /not updated, left as it was: openai\/o3 \(key o3 belongs to litellm_provider azure, not openai\)/);
    assert.match(run.stdout, /not updated, left as it was: groq\/llama-3\.1-8b-instant \(.*priced at \$0 in the file/);

    // entries that carry price periods or cite the provider's own price are not LiteLLM's to change
    assert.match(run.stdout, /not updated, left as it was: anthropic\/claude-sonnet-5 \(it carries price periods/);
    assert.match(run.stdout, /not updated, left as it was: fireworks\/accounts\/fireworks\/models\/llama-v3p1-8b-instruct \(it cites the provider's own price \(source fireworks-pricing\), which wins over an aggregator's\)/);
    assert.match(run.stdout, /not updated, left as it was: bedrock\/meta\.llama3-1-70b-instruct-v1:0 \(it cites the provider's own price/);

    const prices = book(dir);
    // the newest figures are still those read on 2026-12-01 (the providers' pages, the SageMaker P estimate)
    assert.equal(prices.catalog.asOf, "2026-12-01");
    // gpt-4.1: 1.8e-6 × 1e6 = $1.80 in, 7.2e-6 × 1e6 = $7.20 out; the file lists no cache-read price, so none is kept
    assert.deepEqual(prices.modelPrice("openai/gpt-4.1"), { id: "openai/gpt-4.1", inputUsdPerMillion: 1.8, outputUsdPerMillion: 7.2, source: "catalog 2026-11-27" });
    // gemini-2.5-flash (key gemini/gemini-2.5-flash): 2.5e-7 → $0.25, 2.5e-6 → $2.50, cache 2.5e-8 → $0.025
    assert.deepEqual(prices.modelPrice("google/gemini-2.5-flash"), {
      id: "google/gemini-2.5-flash", inputUsdPerMillion: 0.25, outputUsdPerMillion: 2.5, cachedInputUsdPerMillion: 0.025, source: "catalog 2026-11-27",
    });
    // bedrock by its litellmKey, together by together_ai/<id>: prices unchanged, re-dated
    assert.equal(prices.modelPrice("bedrock/meta.llama3-1-8b-instruct-v1:0")?.source, "catalog 2026-11-27");
    assert.equal(prices.modelPrice("together/meta-llama/Llama-3.3-70B-Instruct-Turbo")?.inputUsdPerMillion, 0.88);
    // added: 2.9e-7 → $0.29, 5.9e-7 → $0.59
    assert.equal(prices.modelPrice("groq/qwen/qwen3-32b")?.outputUsdPerMillion, 0.59);
    // left alone
    assert.equal(prices.modelPrice("openai/o3")?.source, "catalog 2026-07-24");
    assert.equal(prices.modelPrice("groq/llama-3.1-8b-instant")?.inputUsdPerMillion, 0.05);
    const catalog = compileCatalog(dir);
    assert.ok(catalog.sources["litellm-prices-2026-07"], "the old source is still cited by the models the file lacks");
    assert.equal(catalog.sources["litellm-prices-2026-11-27"].reference, "litellm-mini.json");
  });

  it("never replaces a provider's own price, a price period or a cache price read from the provider with LiteLLM's", function () {
    const dir = scratchCatalog();
    const file = path.join(dir, "aggregator.json");
    fs.writeFileSync(file, JSON.stringify({
      // LiteLLM's figures that the providers' own pages contradict, and the $3 / $15 Sonnet 5 never charged
      "fireworks_ai/accounts/fireworks/models/llama-v3p1-8b-instruct": { input_cost_per_token: 1e-7, output_cost_per_token: 1e-7, litellm_provider: "fireworks_ai" },
      "meta.llama3-1-70b-instruct-v1:0": { input_cost_per_token: 9.9e-7, output_cost_per_token: 9.9e-7, litellm_provider: "bedrock" },
      "claude-sonnet-5": { input_cost_per_token: 3e-6, output_cost_per_token: 1.5e-5, litellm_provider: "anthropic" },
      // a LiteLLM-sourced entry whose cache price comes from Groq's docs: the prices update, the cache price stays
      "groq/openai/gpt-oss-20b": { input_cost_per_token: 8e-8, output_cost_per_token: 3e-7, litellm_provider: "groq" },
    }));
    const run = cli("catalog", "import-litellm", file, "--data-dir", dir, "--as-of", "2026-11-28");
    assert.equal(run.status, 0, run.stderr);
    const prices = book(dir);
    assert.equal(prices.modelPrice("fireworks/accounts/fireworks/models/llama-v3p1-8b-instruct")?.inputUsdPerMillion, 0.2);
    assert.equal(prices.modelPrice("bedrock/meta.llama3-1-70b-instruct-v1:0")?.inputUsdPerMillion, 0.72);
    assert.equal(prices.modelPrice("anthropic/claude-sonnet-5")?.inputUsdPerMillion, 2);
    // 8e-8 × 1e6 = $0.08 in; the cache read stays Groq's $0.0375
    assert.deepEqual(
      (({ inputUsdPerMillion, outputUsdPerMillion, cachedInputUsdPerMillion, source }) => ({ inputUsdPerMillion, outputUsdPerMillion, cachedInputUsdPerMillion, source }))(prices.modelPrice("groq/openai/gpt-oss-20b")!),
      { inputUsdPerMillion: 0.08, outputUsdPerMillion: 0.3, cachedInputUsdPerMillion: 0.0375, source: "catalog 2026-11-28" },
    );
    // the sources cited only by those entries (aggregator figures, periods, cache prices) survive the pruning
    const catalog = compileCatalog(dir);
    for (const id of ["anthropic-sonnet-5-launch", "groq-prompt-caching-docs", "litellm-prices-2026-07"]) assert.ok(catalog.sources[id], id);
  });

  it("refuses an import that would make the catalog invalid, and writes nothing", function () {
    const dir = scratchCatalog();
    const before = fs.readFileSync(path.join(dir, "models.yaml"), "utf8");
    const file = path.join(dir, "bad-prices.json");
    // output $0.10 per M against input $5 per M: below a tenth of input, and the entry has no note
    fs.writeFileSync(file, JSON.stringify({ "claude-haiku-4-5": { input_cost_per_token: 5e-6, output_cost_per_token: 1e-7, litellm_provider: "anthropic" } }));
    const run = cli("catalog", "import-litellm", file, "--data-dir", dir, "--as-of", "2026-11-27");
    assert.equal(run.status, 2);
    assert.match(run.stderr, /The imported catalog would be invalid, so nothing was written:\n {2}- models\.yaml: anthropic\/claude-haiku-4-5: output price is below a tenth of the input price/);
    assert.equal(fs.readFileSync(path.join(dir, "models.yaml"), "utf8"), before);
  });

  it("rejects --as-of that is not a date", function () {
    const run = cli("catalog", "import-litellm", path.join(FIXTURES, "litellm-mini.json"), "--as-of", "yesterday");
    assert.equal(run.status, 2);
    assert.match(run.stderr, /--as-of must be a date written YYYY-MM-DD, got "yesterday"/);
  });
});
