// catalog-fresh (issue 5, item 3): an advisory stack policy that says when the price catalog is older than
// maxAgeDays (default 120). Unit tests inject "now"; the engine tests drive the built pack over the Analyzer
// protocol and choose maxAgeDays so they hold whatever the date the suite runs on.
import * as assert from "node:assert/strict";
import { catalogAgeDays } from "../src/analysis/analyzePack";
import { shippedCatalog } from "../src/catalog/load";
import { precomputedConfigSchema } from "../src/assumptions/configSchema";
import { assertHasViolation, assertNoViolation, gpu, instance, preview, previewSpawned } from "./helpers/pack";

const ASOF = shippedCatalog().asOf; // 2026-12-01: the newest figure in the catalog (prices read from the providers' pages)
const at = (iso: string) => new Date(iso);
describe("catalog-fresh: the catalog's age", () => {
  it("counts whole days from the catalog date (UTC)", () => {
    // 2026-08-01 → 2026-11-27: 30 (Aug) + 30 (Sep) + 31 (Oct) + 27 = 118 days
    assert.equal(catalogAgeDays("2026-08-01", at("2026-11-27T12:00:00Z")), 118);
    assert.equal(catalogAgeDays("2026-08-01", at("2026-08-01T23:59:59Z")), 0);
    assert.equal(catalogAgeDays("2026-08-01", at("2026-11-29T00:00:00Z")), 120);
    assert.equal(catalogAgeDays("2026-08-01", at("2026-11-30T00:00:00Z")), 121);
  });

  it("publishes maxAgeDays as its configSchema, its default of 120 in the description, free of unions", () => {
    const schema = precomputedConfigSchema("catalog-fresh");
    // No JSON-schema default: the engine would copy it into the config, and the pack could not tell what the user set.
    assert.deepEqual(schema.properties.maxAgeDays, {
      type: "number",
      exclusiveMinimum: 0,
      description: "Days after the catalog's date (its newest price) at which the pack warns that its prices may be stale. Default: 120.",
    });
    assert.deepEqual(schema.required, []);
  });
});

describe("catalog-fresh: the policy with an injected date", () => {
  const chat = { monthlyInputTokens: 3e9, monthlyOutputTokens: 1e9, managedModel: "openai/gpt-4.1", opsHoursPerMonth: 20 };
  const fleet = [gpu("chat-0", "g6e.xlarge", "chat", "us-east-1a"), gpu("chat-1", "g6e.xlarge", "chat", "us-east-1b")];
  const on = (today: string, policyConfig = {}) => preview({ region: "us-east-1", workloads: { chat }, resources: fleet, policyConfig, now: at(today) });

  it("is silent up to maxAgeDays (120 by default) and speaks the day after, naming the date and how to update", async () => {
    assert.equal(ASOF, "2026-12-01");
    // 2026-12-01 → 2027-03-31: 31 (to Jan 1) + 31 (to Feb 1) + 28 (to Mar 1) + 30 = 120 days, not older than 120.
    assertNoViolation(await on("2027-03-31T08:00:00Z"), "catalog-fresh");
    // 2026-12-01 → 2027-04-01: 121 days.
    assertHasViolation(await on("2027-04-01T08:00:00Z"), "catalog-fresh", "advisory", [
      "The price catalog is dated 2026-12-01: 121 days before today (2027-04-01), older than maxAgeDays 120.",
      "gpu-breakeven catalog import-aws <offer.json>",
      "gpu-breakeven catalog import-litellm <prices.json>",
      "npm run build",
      "catalog-fresh.maxAgeDays",
    ]);
  });

  it("a year from now it still fires, and a larger maxAgeDays silences it", async () => {
    // 2026-12-01 → 2027-12-01: 365 days.
    assertHasViolation(await on("2027-12-01T08:00:00Z"), "catalog-fresh", "advisory", ["365 days before today (2027-12-01)"]);
    assertNoViolation(await on("2027-12-01T08:00:00Z", { "catalog-fresh": { maxAgeDays: 500 } }), "catalog-fresh");
  });

  it("an invalid maxAgeDays is rejected by the engine's schema validation", async () => {
    await assert.rejects(on("2027-04-01T09:00:00Z", { "catalog-fresh": { maxAgeDays: -3 } }), /catalog-fresh: maxAgeDays/);
  });
});

describe("catalog-fresh: through the engine protocol", function () {
  const chat = { monthlyInputTokens: 3e9, monthlyOutputTokens: 1e9, managedModel: "openai/gpt-4.1", opsHoursPerMonth: 20 };
  const fleet = [gpu("chat-0", "g6e.xlarge", "chat", "us-east-1a"), gpu("chat-1", "g6e.xlarge", "chat", "us-east-1b")];
  // Two days after the catalog's date (2026-12-01), so that maxAgeDays 1 is exceeded whatever the tests' default date.
  const now = at("2026-12-03T12:00:00Z");

  it("fires, advisory, when maxAgeDays is 1", async function () {
    const ds = await preview({ region: "us-east-1", workloads: { chat }, resources: fleet, now, policyConfig: { "catalog-fresh": { maxAgeDays: 1 } } });
    assertHasViolation(ds, "catalog-fresh", "advisory", [`The price catalog is dated ${ASOF}`, "older than maxAgeDays 1", "gpu-breakeven catalog import-aws"]);
  });

  it("stays advisory under an all: mandatory config", async function () {
    const ds = await preview({ region: "us-east-1", workloads: { chat }, resources: fleet, now, policyConfig: { all: "mandatory", "catalog-fresh": { maxAgeDays: 1 } } });
    assertHasViolation(ds, "catalog-fresh", "advisory", [`dated ${ASOF}`]);
  });

  it("is silent when maxAgeDays is large", async function () {
    const ds = await preview({ region: "us-east-1", workloads: { chat }, resources: fleet, now, policyConfig: { "catalog-fresh": { maxAgeDays: 100000 } } });
    assertNoViolation(ds, "catalog-fresh");
  });

  it("a spawned pack takes its date from GPU_BREAKEVEN_NOW, and its finding reaches the engine", async function () {
    const ds = await previewSpawned({ region: "us-east-1", workloads: { chat }, resources: fleet, env: { GPU_BREAKEVEN_NOW: "2027-05-01" } });
    // 2026-12-01 → 2027-05-01: 31 + 31 + 28 + 31 + 30 (December to April) = 151 days.
    assertHasViolation(ds, "catalog-fresh", "advisory", ["151 days before today (2027-05-01)"]);
  });

  it("is silent on a stack with no GPU capacity and no workloads", async function () {
    const web = instance("web-0", { instanceType: "m7i.large", availabilityZone: "us-east-1a", ami: "ami-0123456789abcdef0" });
    const ds = await preview({ region: "us-east-1", resources: [web], now, policyConfig: { "catalog-fresh": { maxAgeDays: 1 } } });
    assertNoViolation(ds, "catalog-fresh");
  });
});
