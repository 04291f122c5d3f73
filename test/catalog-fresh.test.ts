// catalog-fresh (issue 5, item 3; issue 13, item 7): an advisory stack policy that judges each catalog source the
// stack's verdicts use by its own date and class (instance list prices: 180 days, managed API prices: 45 days) and
// gives the one command that fixes it; and the catalog overlay named by the policy config's catalogOverlay or
// GPU_BREAKEVEN_CATALOG_OVERLAY, which fails closed (a mandatory pack-health finding) when it cannot be used.
// Every case fixes "now" and, where the shipped catalog's dates would matter, dates its own sources, so each age is
// worked out by hand below and the tests hold on any date and after any catalog update.
import * as assert from "node:assert/strict";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { analyzePack, catalogAgeDays, PackInput } from "../src/analysis/analyzePack";
import type { Finding } from "../src/analysis/findings";
import { freshnessLimits, pricesUsed, staleSources, PriceUse } from "../src/analysis/freshness";
import type { WorkloadResult } from "../src/analysis/types";
import { precomputedConfigSchema } from "../src/assumptions/configSchema";
import { defaultAssumptions } from "../src/assumptions/parse";
import { compiledCatalog, OVERLAY_ENV } from "../src/catalog/load";
import type { CatalogOverlay } from "../src/catalog/overlay";
import { PriceBook } from "../src/catalog/prices";
import type { Catalog } from "../src/catalog/schema";
import type { PolicyPackConfigFile } from "../src/engine/session";
import { describeFinding } from "../src/report/describe";
import { EXAMPLES_NOW } from "../scripts/examples";
import { assertHasViolation, assertNoViolation, gpu, instance, preview, previewSpawned, TEST_NOW } from "./helpers/pack";

const at = (iso: string) => new Date(`${iso}T12:00:00Z`);
const NOW = at("2026-12-15");

/**
 * The shipped catalog with the prices these tests use re-dated, so no expected age depends on the shipped data:
 * g6e.xlarge (every region) from "aws-test" read 2026-10-01; openai/gpt-4.1 from "litellm-test" read 2026-10-01.
 */
function datedCatalog(dates: { aws?: string; litellm?: string } = {}): Catalog {
  const c = structuredClone(compiledCatalog());
  c.sources["aws-test"] = { title: "EC2 prices (test)", reference: "test", asOf: dates.aws ?? "2026-10-01", publisher: "provider" };
  c.sources["litellm-test"] = { title: "LiteLLM prices (test)", reference: "test", asOf: dates.litellm ?? "2026-10-01", publisher: "aggregator" };
  const g6e = c.instances.find((i) => i.type === "g6e.xlarge")!;
  Object.assign(g6e, { source: "aws-test", asOf: c.sources["aws-test"].asOf });
  delete g6e.priceSources;
  const gpt = c.models.find((m) => m.id === "openai/gpt-4.1")!;
  Object.assign(gpt, { source: "litellm-test", asOf: c.sources["litellm-test"].asOf });
  delete gpt.aggregator;
  return c;
}

const chat = { monthlyInputTokens: 3e9, monthlyOutputTokens: 1e9, managedModel: "openai/gpt-4.1", opsHoursPerMonth: 20 };
const fleet = [gpu("chat-0", "g6e.xlarge", "chat", "us-east-1a"), gpu("chat-1", "g6e.xlarge", "chat", "us-east-1b")];

/** The pack's analysis of the two-instance chat fleet (engine-shaped resources → ResourceLike). */
function analyze(opts: Partial<PackInput> & { catalog: Catalog; now?: Date }): Finding[] {
  const resources = fleet.map((r) => ({ type: r.type, urn: r.urn, name: r.name, props: r.properties, provider: { props: r.provider!.properties } }));
  return analyzePack({
    resources,
    stackConfig: { workloads: { chat }, awsRegion: "us-east-1" },
    policyConfig: {},
    now: NOW,
    ...opts,
  }).findings;
}

const of = (findings: Finding[], policy: string) => findings.filter((f) => f.policy === policy);
const message = (f: Finding) => describeFinding(f);

describe("catalog-fresh: ages and limits", () => {
  it("counts whole days from a source's date (UTC)", () => {
    // 2026-08-01 → 2026-11-27: 31 (Aug) + 30 (Sep) + 31 (Oct) + 26 = 118 days
    assert.equal(catalogAgeDays("2026-08-01", new Date("2026-11-27T12:00:00Z")), 118);
    assert.equal(catalogAgeDays("2026-08-01", new Date("2026-08-01T23:59:59Z")), 0);
    assert.equal(catalogAgeDays("2026-08-01", new Date("2026-11-29T00:00:00Z")), 120);
    assert.equal(catalogAgeDays("2026-08-01", new Date("2026-11-30T00:00:00Z")), 121);
  });

  it("limits: 180 days for instance prices and 45 for managed API prices; maxAgeDays replaces both defaults; a class key wins", () => {
    assert.deepEqual(freshnessLimits({}), { instance: 180, managed: 45 });
    assert.deepEqual(freshnessLimits({ maxAgeDays: 90 }), { instance: 90, managed: 90 });
    assert.deepEqual(freshnessLimits({ maxAgeDays: 90, managedPriceMaxAgeDays: 30 }), { instance: 90, managed: 30 });
    assert.deepEqual(freshnessLimits({ instancePriceMaxAgeDays: 365 }), { instance: 365, managed: 45 });
  });

  it("judges each source by its own class, groups what it prices, and lists the most overdue first", () => {
    const use = (cls: PriceUse["class"], what: string, source: string, asOf: string, refreshable = true): PriceUse => ({ class: cls, what, source, asOf, refreshable });
    const stale = staleSources([
      use("instance", "g6e.xlarge in us-east-1", "aws-a", "2026-10-01"), // 2026-10-01 → 2026-12-15: 31 + 30 + 14 = 75 days ≤ 180
      use("managed", "openai/gpt-4.1", "litellm-a", "2026-10-01"), // 75 days > 45: 30 over
      use("managed", "openai/gpt-4o-mini", "litellm-a", "2026-10-01"), // same source: one entry, two prices
      use("managed", "openai/gpt-4.1", "litellm-a", "2026-10-01"), // the same price twice is listed once
      use("managed", "anthropic/claude-haiku-4-5", "litellm-b", "2026-10-31"), // 2026-10-31 → 2026-12-15: 1 + 30 + 14 = 45 days, at the limit
      use("instance", "p5.48xlarge in us-east-1", "aws-b", "2026-06-01", false), // 2026-06-01 → 2026-12-15: 183 + 14 = 197 > 180: 17 over
    ], freshnessLimits({}), NOW);
    assert.deepEqual(stale, [
      { class: "managed", source: "litellm-a", asOf: "2026-10-01", ageDays: 75, maxAgeDays: 45, prices: ["openai/gpt-4.1", "openai/gpt-4o-mini"], refreshable: true },
      { class: "instance", source: "aws-b", asOf: "2026-06-01", ageDays: 197, maxAgeDays: 180, prices: ["p5.48xlarge in us-east-1"], refreshable: false },
    ]);
  });

  it("the prices a verdict uses: each resource's type in its region (with the ratio of a derived one), and the managed model", () => {
    const c = datedCatalog();
    c.sources["sm-test"] = { title: "SageMaker prices (test)", reference: "test", asOf: "2025-10-01", publisher: "third-party" };
    c.sources["ratio-test"] = { title: "g5 ratio (test)", reference: "test", asOf: "2026-08-26", publisher: "aggregator" };
    Object.assign(c.instances.find((i) => i.type === "ml.g5.2xlarge")!, { source: "sm-test", asOf: "2025-10-01" });
    Object.assign(c.regionMultipliers.find((m) => m.family === "g5" && m.region === "eu-central-1")!, { source: "ratio-test", asOf: "2026-08-26" });
    const resource = (instanceType: string, region: string | undefined, extra = {}) => ({ instanceType, region: { known: true, value: region }, ...extra });
    const workloads = [
      { declaration: { managedModel: "openai/gpt-4.1" }, resources: [resource("g6e.xlarge", "us-east-1"), resource("ml.g5.2xlarge", "eu-central-1")] },
      // No region, a reservation's instance, a type the catalog does not know: no catalog price to judge. The default model counts.
      { declaration: {}, resources: [resource("g6e.xlarge", undefined), resource("g6e.xlarge", "us-east-1", { coveredByReservation: "cr-1" }), resource("g9.xlarge", "us-east-1")] },
      // No API may be used, so no managed price decides anything.
      { declaration: { managedModel: "openai/gpt-4o-mini", dataResidency: { selfHostedOnly: true } }, resources: [] },
      { declaration: { managedModel: "openai/gpt-4o" }, noCompliantApi: { modelId: "openai/gpt-4o", allowedRegions: ["eu-*"], offerings: [] }, resources: [] },
    ] as unknown as WorkloadResult[];
    const haiku = c.models.find((m) => m.id === "anthropic/claude-haiku-4-5")!;
    assert.deepEqual(pricesUsed(workloads, new PriceBook(c, defaultAssumptions(), NOW), "anthropic/claude-haiku-4-5"), [
      { class: "instance", what: "g6e.xlarge in us-east-1", source: "aws-test", asOf: "2026-10-01", refreshable: true },
      // ml.* prices are not in the EC2 offer and a ratio is not re-measured: catalog refresh re-reads neither.
      { class: "instance", what: "ml.g5.2xlarge in us-east-1", source: "sm-test", asOf: "2025-10-01", refreshable: false },
      { class: "instance", what: "ml.g5.2xlarge in eu-central-1 (g5 ratio)", source: "ratio-test", asOf: "2026-08-26", refreshable: false },
      { class: "managed", what: "openai/gpt-4.1", source: "litellm-test", asOf: "2026-10-01", refreshable: true },
      { class: "managed", what: "anthropic/claude-haiku-4-5", source: haiku.source, asOf: haiku.asOf, refreshable: c.sources[haiku.source].publisher !== "provider" },
    ]);
    // Prices the policy config sets are not the catalog's, so their sources are not judged.
    const own = { ...defaultAssumptions(), instancePrices: { "g6e.xlarge": 1.5 }, managedModels: { "openai/gpt-4.1": { inputUsdPerMillion: 2, outputUsdPerMillion: 8 } } };
    const used = pricesUsed(workloads.slice(0, 1), new PriceBook(c, own, NOW), "anthropic/claude-haiku-4-5");
    assert.deepEqual(used.map((u) => u.what), ["ml.g5.2xlarge in us-east-1", "ml.g5.2xlarge in eu-central-1 (g5 ratio)"]);
  });

  it("the examples are previewed on the tests' date, so the ages catalog-fresh states in them are the ones the tests see", () => {
    assert.equal(EXAMPLES_NOW, TEST_NOW.toISOString());
  });

  it("publishes its three limits as its configSchema, defaults in the descriptions, free of unions", () => {
    const schema = precomputedConfigSchema("catalog-fresh");
    // No JSON-schema default: the engine would copy it into the config, and the pack could not tell what the user set.
    assert.deepEqual(Object.keys(schema.properties).sort(), ["instancePriceMaxAgeDays", "managedPriceMaxAgeDays", "maxAgeDays"]);
    for (const p of Object.values(schema.properties) as Record<string, unknown>[]) {
      assert.deepEqual([p.type, p.exclusiveMinimum, p.default], ["number", 0, undefined]);
    }
    assert.match(String((schema.properties.instancePriceMaxAgeDays as Record<string, unknown>).description), /Default: 180 \(maxAgeDays when set\)\.$/);
    assert.match(String((schema.properties.managedPriceMaxAgeDays as Record<string, unknown>).description), /Default: 45 \(maxAgeDays when set\)\.$/);
    assert.deepEqual(schema.required, []);
  });
});

describe("catalog-fresh: the policy, judging each source the stack's verdicts use", () => {
  it("fires for the managed price read 75 days ago (limit 45) and not for the instance price of the same date (limit 180)", () => {
    // 2026-10-01 → 2026-12-15: 31 (Oct) + 30 (Nov) + 14 = 75 days.
    const stale = of(analyze({ catalog: datedCatalog() }), "catalog-fresh");
    assert.equal(stale.length, 1);
    assert.equal(stale[0].level, "advisory");
    const text = message(stale[0]);
    for (const fragment of [
      "Stale prices behind this stack's verdicts: litellm-test (managed API prices) is 75 days old, beyond its limit of 45 days. The fix: `npx gpu-breakeven catalog refresh`.\n",
      "\n  - managed API price of openai/gpt-4.1: source litellm-test, read 2026-10-01, 75 days old (limit 45 days)\n",
      "`npx gpu-breakeven catalog refresh`, run where you run the preview, downloads the current AWS and LiteLLM prices into catalog-overlay.json",
      `set "catalogOverlay": "catalog-overlay.json" under self-hosting-break-even in the policy config once`,
      "Limits: 180 days for instance prices, 45 days for managed API prices, counted to 2026-12-15 (catalog-fresh.instancePriceMaxAgeDays, managedPriceMaxAgeDays).",
    ]) assert.ok(text.includes(fragment), `lacks ${JSON.stringify(fragment)}:\n${text}`);
    assert.ok(text.startsWith("Stale prices"), text);
    assert.ok(!text.includes("g6e.xlarge"), text);
    assert.ok(!text.includes("not re-read"), text);
  });

  it("a managed price is fresh through its 45th day and stale on the 46th", () => {
    const c = datedCatalog({ litellm: "2026-11-01" });
    // 2026-11-01 → 2026-12-16: 30 (Nov) + 15 = 45 days, not older than 45.
    assertSilent(analyze({ catalog: c, now: at("2026-12-16") }));
    // → 2026-12-17: 46 days.
    const stale = of(analyze({ catalog: c, now: at("2026-12-17") }), "catalog-fresh");
    assert.ok(message(stale[0]).includes("openai/gpt-4.1: source litellm-test, read 2026-11-01, 46 days old (limit 45 days)"), message(stale[0]));
  });

  it("an old instance price fires on its class's limit, after the more overdue managed price", () => {
    // aws-test 2026-06-01 → 2026-12-15: 30 (Jun) + 31 + 31 + 30 + 31 + 30 + 14 = 197 days > 180 (17 over);
    // litellm-test 2026-10-01 → 75 days > 45 (30 over), so it comes first.
    const text = message(of(analyze({ catalog: datedCatalog({ aws: "2026-06-01" }) }), "catalog-fresh")[0]);
    const managed = text.indexOf("  - managed API price of openai/gpt-4.1: source litellm-test, read 2026-10-01, 75 days old (limit 45 days)");
    const instance = text.indexOf("  - instance price of g6e.xlarge in us-east-1: source aws-test, read 2026-06-01, 197 days old (limit 180 days)");
    assert.ok(managed > 0 && instance > managed, text);
  });

  it("maxAgeDays sets both limits; a class key beside it wins for its class", () => {
    const c = datedCatalog({ aws: "2026-06-01" });
    // 197 and 75 days are both within 200.
    assertSilent(analyze({ catalog: c, policyConfig: { "catalog-fresh": { maxAgeDays: 200 } } }));
    const text = message(of(analyze({ catalog: c, policyConfig: { "catalog-fresh": { maxAgeDays: 200, managedPriceMaxAgeDays: 60 } } }), "catalog-fresh")[0]);
    assert.ok(text.includes("Limits: 200 days for instance prices, 60 days for managed API prices,") && text.includes("75 days old (limit 60 days)"), text);
    assert.ok(!text.includes("g6e.xlarge"), text);
  });

  it("only the stack's own prices count: prices the policy config sets are not judged", () => {
    const c = datedCatalog({ aws: "2026-06-01" });
    const policyConfig = { "self-hosting-break-even": { instancePrices: { "g6e.xlarge": 1.5 }, managedModels: { "openai/gpt-4.1": { inputUsdPerMillion: 2, outputUsdPerMillion: 8 } } } };
    assertSilent(analyze({ catalog: c, policyConfig }));
  });

  it("a price catalog refresh cannot re-read says so, and names the other fixes", () => {
    const c = datedCatalog();
    Object.assign(c.sources["litellm-test"], { publisher: "provider" }); // a provider's own page: kept by hand
    const text = message(of(analyze({ catalog: c }), "catalog-fresh")[0]);
    assert.ok(text.includes("75 days old (limit 45 days); not re-read by catalog refresh"), text);
    assert.ok(text.includes("set those in the policy config (instancePrices, managedModels) or update the catalog (docs/catalog.md)"), text);
    assert.ok(text.startsWith("Stale prices behind this stack's verdicts: litellm-test (managed API prices) is 75 days old, beyond its limit of 45 days. " +
      "The catalog refresh does not re-read it: set the price in the policy config (instancePrices, managedModels).\n"), text);
    assert.ok(!text.includes("npx gpu-breakeven catalog refresh"), "no refresh command when the refresh fixes nothing:\n" + text);
  });

  it("keeps the message bounded: four sources, then how many more; three prices per source, then how many more", () => {
    const c = datedCatalog();
    const ids = ["openai/gpt-4.1", "openai/gpt-4o-mini", "anthropic/claude-haiku-4-5", "anthropic/claude-sonnet-4-5", "anthropic/claude-opus-4-5", "google/gemini-2.5-flash"];
    // Six sources read 2026-09-0N (N = 1…6), each pricing one model; then one source for five models.
    ids.forEach((id, i) => {
      c.sources[`old-${i + 1}`] = { title: "test", reference: "test", asOf: `2026-09-0${i + 1}`, publisher: "aggregator" };
      const m = c.models.find((x) => x.id === id)!;
      Object.assign(m, { source: `old-${i + 1}`, asOf: `2026-09-0${i + 1}` });
      delete m.periods;
    });
    const workloads = Object.fromEntries(ids.map((id, i) => [`w${i}`, { ...chat, managedModel: id }]));
    const run = (catalog: Catalog) => message(of(analyzePack({ resources: [], stackConfig: { workloads, awsRegion: "us-east-1" }, policyConfig: {}, catalog, now: NOW }).findings, "catalog-fresh")[0]);
    const six = run(c);
    // 2026-09-01 → 2026-12-15: 30 + 31 + 30 + 14 = 105 days, the most overdue, first.
    assert.ok(six.includes("  - managed API price of openai/gpt-4.1: source old-1, read 2026-09-01, 105 days old"), six);
    assert.equal(six.split("\n").filter((l) => l.startsWith("  - ")).length, 5);
    assert.ok(six.includes("\n  - and 2 more sources\n"), six);
    assert.ok(six.startsWith("Stale prices behind this stack's verdicts: old-1 (managed API prices) is 105 days old, beyond its limit of 45 days (and 5 more sources)."), six);
    for (const id of ids.slice(1)) Object.assign(c.models.find((x) => x.id === id)!, { source: "old-1", asOf: "2026-09-01" });
    const one = run(c);
    assert.ok(one.includes(`  - managed API prices of ${ids.slice(0, 3).join(", ")} and 3 more: source old-1, read 2026-09-01, 105 days old (limit 45 days)\n`), one);
  });

  it("an unknown setting is a pack-health finding with a did-you-mean, and the valid ones still apply", () => {
    const findings = analyze({ catalog: datedCatalog(), policyConfig: { "catalog-fresh": { managedPriceMaxAge: 30, maxAgeDays: 400, overlay: "o.json" } } });
    const health = of(findings, "pack-health").map(message);
    assert.ok(health.some((m) => m.includes('The policy config catalog-fresh.managedPriceMaxAge is not a catalog-fresh setting (did you mean "managedPriceMaxAgeDays"?)')), health.join("\n"));
    assert.ok(health.some((m) => m.includes("catalog-fresh.overlay is not a catalog-fresh setting: the overlay prices every cost policy, so its path is the cost assumption catalogOverlay (did you mean \"self-hosting-break-even.catalogOverlay\"?)")), health.join("\n"));
    // maxAgeDays 400 still applies: 75 days is fresh.
    assertSilent(findings);
  });
});

describe("catalog-fresh: through the engine protocol", function () {
  // 2026-12-03 is 2 days after the shipped catalog's newest date (2026-12-01), so a 1-day limit is exceeded by every
  // price whatever the shipped data; 100000 days by none.
  const now = new Date("2026-12-03T12:00:00Z");

  it("fires, advisory, under maxAgeDays 1, and stays advisory under an all: mandatory config", async function () {
    const configs: PolicyPackConfigFile[] = [{ "catalog-fresh": { maxAgeDays: 1 } }, { all: "mandatory", "catalog-fresh": { maxAgeDays: 1 } }];
    for (const policyConfig of configs) {
      const ds = await preview({ region: "us-east-1", workloads: { chat }, resources: fleet, now, policyConfig });
      assertHasViolation(ds, "catalog-fresh", "advisory", ["Limits: 1 day for instance prices, 1 day for managed API prices, counted to 2026-12-03", "g6e.xlarge in us-east-1", "openai/gpt-4.1", "npx gpu-breakeven catalog refresh"]);
    }
  });

  it("is silent when the limits are large, and on a stack with no GPU capacity and no workloads", async function () {
    assertNoViolation(await preview({ region: "us-east-1", workloads: { chat }, resources: fleet, now, policyConfig: { "catalog-fresh": { maxAgeDays: 100000 } } }), "catalog-fresh");
    const web = instance("web-0", { instanceType: "m7i.large", availabilityZone: "us-east-1a", ami: "ami-0123456789abcdef0" });
    assertNoViolation(await preview({ region: "us-east-1", resources: [web], now, policyConfig: { "catalog-fresh": { maxAgeDays: 1 } } }), "catalog-fresh");
  });

  it("an invalid limit is rejected by the engine's schema validation", async () => {
    await assert.rejects(preview({ region: "us-east-1", workloads: { chat }, resources: fleet, now, policyConfig: { "catalog-fresh": { managedPriceMaxAgeDays: -3 } } }), /catalog-fresh: managedPriceMaxAgeDays/);
  });

  it("a spawned pack takes its date from GPU_BREAKEVEN_NOW, and its finding reaches the engine", async function () {
    // The shipped catalog's newest figure is 2026-12-01; on 2127-12-01 every price is over 100 years old.
    const ds = await previewSpawned({ region: "us-east-1", workloads: { chat }, resources: fleet, env: { GPU_BREAKEVEN_NOW: "2127-12-01" } });
    assertHasViolation(ds, "catalog-fresh", "advisory", ["counted to 2127-12-01", "g6e.xlarge in us-east-1", "openai/gpt-4.1"]);
  });
});

/** An overlay re-pricing g6e.xlarge (us-east-1) and openai/gpt-4.1, its sources read on the given dates. */
function overlay(dates: { aws: string; litellm: string }): CatalogOverlay {
  return {
    kind: "gpu-breakeven-catalog-overlay",
    version: 1,
    asOf: dates.litellm > dates.aws ? dates.litellm : dates.aws,
    sources: {
      [`aws-price-list-${dates.aws}`]: { title: "AWS Price List offer file for AmazonEC2", reference: "http://127.0.0.1/aws", asOf: dates.aws, publisher: "provider" },
      [`litellm-prices-${dates.litellm}`]: { title: "LiteLLM model price table", reference: "http://127.0.0.1/litellm", asOf: dates.litellm, publisher: "aggregator" },
    },
    instances: [{ type: "g6e.xlarge", onDemandUsdPerHour: { "us-east-1": 1.75 }, source: `aws-price-list-${dates.aws}` }],
    models: [{ id: "openai/gpt-4.1", inputUsdPerMillion: 1.8, outputUsdPerMillion: 7.2, source: `litellm-prices-${dates.litellm}` }],
  };
}

describe("catalog overlay from the policy config (catalogOverlay) or GPU_BREAKEVEN_CATALOG_OVERLAY", () => {
  const dirs: string[] = [];
  const tempDir = () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gpu-breakeven-fresh-test-"));
    dirs.push(dir);
    return dir;
  };
  after(() => {
    for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
  });
  /** Runs with PWD set to `dir`: the directory a preview would run in. */
  const inDir = <T>(dir: string, run: () => T): T => {
    const before = process.env.PWD;
    process.env.PWD = dir;
    try {
      return run();
    } finally {
      process.env.PWD = before;
    }
  };
  const withOverlayConfig = (file: string) => ({ "self-hosting-break-even": { catalogOverlay: file } });

  it("a relative catalogOverlay resolves against PWD; its prices apply and catalog-fresh judges its dates", () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, "catalog-overlay.json"), JSON.stringify(overlay({ aws: "2026-12-05", litellm: "2026-12-05" })));
    const base = datedCatalog(); // gpt-4.1 read 2026-10-01: 75 days old, stale without the overlay
    assert.equal(of(analyze({ catalog: base }), "catalog-fresh").length, 1);
    const analysis = inDir(dir, () => analyzePack({
      resources: [], stackConfig: { workloads: { chat }, awsRegion: "us-east-1" }, policyConfig: withOverlayConfig("catalog-overlay.json"), catalog: base, now: NOW,
    }));
    assert.deepEqual(of(analysis.findings, "pack-health"), []);
    // The overlay's price, citing its source's date: 2026-12-05 → 2026-12-15 is 10 days, fresh.
    const gpt = analysis.workloads[0].managedModel!;
    assert.deepEqual([gpt.inputUsdPerMillion, gpt.source], [1.8, "catalog 2026-12-05"]);
    assert.equal(analysis.catalogAsOf, "2026-12-05");
    assertSilent(analysis.findings);
  });

  it("an overlay's own old dates are judged, and the message's command rewrites that very overlay", () => {
    const dir = tempDir();
    const file = path.join(dir, "catalog-overlay.json");
    // aws-price-list-2026-11-20 (25 days, fresh); litellm-prices-2026-10-16: 2026-10-16 → 2026-12-15 = 15 + 30 + 14 = 60 days > 45.
    fs.writeFileSync(file, JSON.stringify(overlay({ aws: "2026-11-20", litellm: "2026-10-16" })));
    const findings = inDir(dir, () => analyze({ catalog: datedCatalog(), policyConfig: withOverlayConfig("catalog-overlay.json") }));
    const text = message(of(findings, "catalog-fresh")[0]);
    assert.ok(text.includes("  - managed API price of openai/gpt-4.1: source litellm-prices-2026-10-16, read 2026-10-16, 60 days old (limit 45 days)"), text);
    assert.ok(text.includes(`The fix: \`npx gpu-breakeven catalog refresh --out ${file}\`.\n`), text);
    assert.ok(text.includes(`\`npx gpu-breakeven catalog refresh --out ${file}\` downloads the current AWS and LiteLLM prices into the overlay the pack loads (set by policy config self-hosting-break-even.catalogOverlay).`), text);
  });

  for (const [what, write, problem] of [
    ["a missing file", () => undefined, "no such file"],
    ["a file that is not JSON", (f: string) => fs.writeFileSync(f, '{"kind": "gpu-breakeven-catalog-overlay", '), "it is not JSON ("],
    ["a file that is not an overlay", (f: string) => fs.writeFileSync(f, JSON.stringify({ ...overlay({ aws: "2026-12-05", litellm: "2026-12-05" }), models: [{ id: "openai/gpt-4.1", inputUsdPerMillion: -1, outputUsdPerMillion: 1, source: "litellm-prices-2026-12-05" }] })), "it is not a catalog overlay: models.0.inputUsdPerMillion"],
    ["a directory", (f: string) => fs.mkdirSync(f), "it is a directory, not an overlay file"],
  ] as const) {
    it(`fails closed on ${what}: a mandatory pack-health finding naming the key, the path and the problem; the shipped prices are used`, () => {
      const dir = tempDir();
      const file = path.join(dir, "catalog-overlay.json");
      write(file);
      const findings = analyze({ catalog: datedCatalog(), policyConfig: withOverlayConfig(file) });
      const health = of(findings, "pack-health");
      assert.equal(health.length, 1, health.map(message).join("\n"));
      assert.equal(health[0].level, undefined, "at pack-health's own level, mandatory by default");
      const text = message(health[0]);
      assert.ok(text.startsWith(`The catalog overlay ${file} (set by policy config self-hosting-break-even.catalogOverlay) cannot be used: ${problem}`), text);
      assert.ok(text.includes("shipped catalog (dated ") && text.includes(`\`npx gpu-breakeven catalog refresh --out ${file}\``), text);
      // Every other finding still stands, priced with the catalog as it was: gpt-4.1's old price is still judged stale.
      assert.equal(of(findings, "catalog-fresh").length, 1);
    });
  }

  it("GPU_BREAKEVEN_CATALOG_OVERLAY wins over catalogOverlay, and a broken one names the env var", () => {
    const dir = tempDir();
    const good = path.join(dir, "good.json");
    fs.writeFileSync(good, JSON.stringify(overlay({ aws: "2026-12-05", litellm: "2026-12-05" })));
    const config = withOverlayConfig(path.join(dir, "missing.json"));
    assert.deepEqual(of(analyze({ catalog: datedCatalog(), policyConfig: config, overlayEnv: good }), "pack-health"), []);
    const health = of(analyze({ catalog: datedCatalog(), overlayEnv: "missing.json" }), "pack-health");
    const expected = path.resolve(process.env.PWD ?? process.cwd(), "missing.json");
    assert.ok(message(health[0]).startsWith(`The catalog overlay ${expected} (set by ${OVERLAY_ENV}) cannot be used: no such file.`), message(health[0]));
  });

  it("through the engine protocol: a broken catalogOverlay is a mandatory pack-health violation", async function () {
    const file = path.join(tempDir(), "nowhere", "catalog-overlay.json");
    const ds = await preview({ region: "us-east-1", workloads: { chat }, resources: fleet, policyConfig: withOverlayConfig(file) });
    assertHasViolation(ds, "pack-health", "mandatory", [`The catalog overlay ${file} (set by policy config self-hosting-break-even.catalogOverlay) cannot be used: no such file.`]);
  });

  it("a spawned pack reads GPU_BREAKEVEN_CATALOG_OVERLAY relative to PWD, and reports a broken one", async function () {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, "bad.json"), "[]");
    const ds = await previewSpawned({ region: "us-east-1", workloads: { chat }, resources: fleet, env: { [OVERLAY_ENV]: "bad.json", PWD: dir } });
    assertHasViolation(ds, "pack-health", "mandatory", [`The catalog overlay ${path.join(dir, "bad.json")} (set by ${OVERLAY_ENV}) cannot be used: it is not a catalog overlay`]);
  });
});

function assertSilent(findings: Finding[]): void {
  assert.deepEqual(of(findings, "catalog-fresh").map(message), []);
}
