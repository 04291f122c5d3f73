// catalog-fresh (issue 5, item 3): an advisory stack policy that says when the price catalog is older than
// maxAgeDays (default 120). Unit tests inject "now"; the engine tests drive the built pack over the Analyzer
// protocol and choose maxAgeDays so they hold whatever the date the suite runs on.
import * as assert from "node:assert/strict";
import type { PolicyResource, StackValidationArgs } from "@pulumi/policy";
import { shippedCatalog } from "../src/catalog/load";
import { precomputedConfigSchema } from "../src/assumptions/configSchema";
import { catalogAgeDays, catalogFreshPolicy, staleCatalogMessage } from "../src/policies/catalogFresh";
import { assertHasViolation, assertNoViolation, gpu, instance, preview, violations } from "./helpers/pack";

const ASOF = shippedCatalog().asOf; // 2026-08-01: the newest figure in the catalog
const at = (iso: string) => new Date(iso);

describe("catalog-fresh: the catalog's age", () => {
  it("counts whole days from the catalog date (UTC)", () => {
    // 2026-08-01 → 2026-11-27: 30 (Aug) + 30 (Sep) + 31 (Oct) + 27 = 118 days
    assert.equal(catalogAgeDays("2026-08-01", at("2026-11-27T12:00:00Z")), 118);
    assert.equal(catalogAgeDays("2026-08-01", at("2026-08-01T23:59:59Z")), 0);
    assert.equal(catalogAgeDays("2026-08-01", at("2026-11-29T00:00:00Z")), 120);
    assert.equal(catalogAgeDays("2026-08-01", at("2026-11-30T00:00:00Z")), 121);
  });

  it("is silent up to maxAgeDays and speaks the day after, naming the date and how to update", () => {
    assert.equal(staleCatalogMessage("2026-08-01", at("2026-11-29T08:00:00Z"), 120), undefined); // 120 days: not older
    const message = staleCatalogMessage("2026-08-01", at("2026-11-30T08:00:00Z"), 120); // 121 days
    assert.ok(message);
    for (const fragment of [
      "The price catalog is dated 2026-08-01: 121 days before today (2026-11-30), older than maxAgeDays 120.",
      "gpu-breakeven catalog import-aws <offer.json>",
      "gpu-breakeven catalog import-litellm <prices.json>",
      "npm run build",
      "catalog-fresh.maxAgeDays",
    ]) {
      assert.ok(message.includes(fragment), `lacks ${fragment}:\n${message}`);
    }
  });

  it("publishes maxAgeDays (default 120) as its configSchema, free of unions", () => {
    const schema = precomputedConfigSchema("catalog-fresh");
    assert.deepEqual(schema.properties.maxAgeDays, {
      type: "number",
      exclusiveMinimum: 0,
      default: 120,
      description: "Days after the catalog's date (its newest price) at which the pack warns that its prices may be stale.",
    });
    assert.deepEqual(schema.required, []);
  });
});

describe("catalog-fresh: the policy with an injected date", () => {
  /** Runs the policy's validateStack over `resources` with `config`, on `today`; returns what it reported. */
  function run(today: string, config: Record<string, unknown>, resources: Partial<PolicyResource>[]): { message: string; enforcementLevel?: string }[] {
    const reported: { message: string; enforcementLevel?: string }[] = [];
    const policy = catalogFreshPolicy({ now: () => at(today), catalogAsOf: () => "2026-08-01" });
    const report = (v: unknown) => reported.push(typeof v === "string" ? { message: v } : (v as { message: string; enforcementLevel?: string }));
    const args = { resources, getConfig: () => config } as unknown as StackValidationArgs;
    void policy.validateStack!(args, report as never);
    return reported;
  }
  const gpuResource = {
    type: "aws:ec2/instance:Instance",
    name: "chat-0",
    urn: "urn:pulumi:test::p::aws:ec2/instance:Instance::chat-0",
    props: { instanceType: "g6e.xlarge", availabilityZone: "us-east-1a" },
  };

  it("fires on a stack with GPU capacity once the catalog is older than maxAgeDays, at advisory level", () => {
    const found = run("2026-11-30T09:00:00Z", { maxAgeDays: 120 }, [gpuResource]);
    assert.equal(found.length, 1);
    assert.equal(found[0].enforcementLevel, "advisory");
    assert.match(found[0].message, /dated 2026-08-01: 121 days before today \(2026-11-30\)/);
  });

  it("is silent while the catalog is young enough, and on a stack the pack does not price", () => {
    assert.deepEqual(run("2026-11-27T09:00:00Z", { maxAgeDays: 120 }, [gpuResource]), []); // 118 days
    const bucket = { type: "aws:s3/bucket:Bucket", name: "logs", urn: "urn:pulumi:test::p::aws:s3/bucket:Bucket::logs", props: {} };
    assert.deepEqual(run("2027-06-01T09:00:00Z", { maxAgeDays: 120 }, [bucket]), []);
  });

  it("reports an invalid config instead of running", () => {
    const found = run("2026-11-30T09:00:00Z", { maxAgeDays: -3 }, [gpuResource]);
    assert.equal(found.length, 1);
    assert.match(found[0].message, /policy config catalog-fresh\.maxAgeDays: /);
  });
});

describe("catalog-fresh: through the engine protocol", function () {
  const chat = { monthlyInputTokens: 3e9, monthlyOutputTokens: 1e9, managedModel: "openai/gpt-4.1", opsHoursPerMonth: 20 };
  const fleet = [gpu("chat-0", "g6e.xlarge", "chat", "us-east-1a"), gpu("chat-1", "g6e.xlarge", "chat", "us-east-1b")];

  it("fires, advisory, when maxAgeDays is 1", async function () {
    const ds = await preview({ region: "us-east-1", workloads: { chat }, resources: fleet, policyConfig: { "catalog-fresh": { maxAgeDays: 1 } } });
    assertHasViolation(ds, "catalog-fresh", "advisory", [`The price catalog is dated ${ASOF}`, "older than maxAgeDays 1", "gpu-breakeven catalog import-aws"]);
  });

  it("stays advisory under an all: mandatory config", async function () {
    const ds = await preview({ region: "us-east-1", workloads: { chat }, resources: fleet, policyConfig: { all: "mandatory", "catalog-fresh": { maxAgeDays: 1 } } });
    assertHasViolation(ds, "catalog-fresh", "advisory", [`dated ${ASOF}`]);
  });

  it("is silent when maxAgeDays is large", async function () {
    const ds = await preview({ region: "us-east-1", workloads: { chat }, resources: fleet, policyConfig: { "catalog-fresh": { maxAgeDays: 100000 } } });
    assertNoViolation(ds, "catalog-fresh");
  });

  it("with the default 120 days, fires exactly when the catalog is more than 120 days old today", async function () {
    const ds = await preview({ region: "us-east-1", workloads: { chat }, resources: fleet });
    // Computed from today's date, so this holds on any day: on 2026-11-27 the catalog (2026-08-01) is 118 days old.
    const stale = catalogAgeDays(ASOF, new Date()) > 120;
    assert.equal(violations(ds, "catalog-fresh").length, stale ? 1 : 0);
  });

  it("is silent on a stack with no GPU capacity and no workloads", async function () {
    const web = instance("web-0", { instanceType: "m7i.large", availabilityZone: "us-east-1a", ami: "ami-0123456789abcdef0" });
    const ds = await preview({ region: "us-east-1", resources: [web], policyConfig: { "catalog-fresh": { maxAgeDays: 1 } } });
    assertNoViolation(ds, "catalog-fresh");
  });
});
