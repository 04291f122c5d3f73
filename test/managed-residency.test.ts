// Data residency constrains the managed side too (issue 13): a workload restricted to allowedRegions is compared with
// the cheapest offering of its managed model that processes data only there, and with none, self-hosting is the only
// compliant option. The offerings are the catalog's (src/catalog/data/models.yaml: providerProcessing, processing).
import * as assert from "node:assert/strict";
import { analyzeStack } from "../src/analysis/analyzeStack";
import { managedChoice, offeringComplies } from "../src/analysis/managedOffering";
import { defaultAssumptions } from "../src/assumptions/parse";
import { shippedCatalog } from "../src/catalog/load";
import { PriceBook } from "../src/catalog/prices";
import { describeFinding } from "../src/report/describe";
import { stackReport } from "../src/report/json";
import { markdownReport } from "../src/report/markdown";
import { textReport } from "../src/report/text";
import type { ResourceLike } from "../src/resources/types";

const catalog = shippedCatalog();
const prices = new PriceBook(catalog, defaultAssumptions());

// 2 × g6e.xlarge in eu-central-1 at $2.327/h (catalog): F = 2 × $2.327 × 730 h = $3,397.42, no ops hours.
const F = 2 * 2.327 * 730;
const fleet: ResourceLike[] = ["a", "b"].map((z, i) => ({
  type: "aws:ec2/instance:Instance",
  name: `gpu-${i}`,
  urn: `urn:pulumi:dev::p::aws:ec2/instance:Instance::gpu-${i}`,
  props: { instanceType: "g6e.xlarge", availabilityZone: `eu-central-1${z}`, tags: { "gpu-breakeven:workload": "chat" } },
}));
const analyze = (declaration: Record<string, unknown>) =>
  analyzeStack(fleet, { workloads: { chat: declaration }, awsRegion: "eu-central-1" }, defaultAssumptions(), catalog);
const near = (actual: number | undefined, expected: number, what: string) =>
  assert.ok(actual !== undefined && Math.abs(actual - expected) < 1e-6, `${what}: ${actual} ≠ ${expected}`);
const small = { monthlyInputTokens: 300e6, monthlyOutputTokens: 100e6 };
const large = { monthlyInputTokens: 3e9, monthlyOutputTokens: 1e9 };

describe("managed offerings and data residency", () => {
  it("an offering complies when every region it may process in is covered by an allowed glob (test/glob.test.ts: globCovers)", () => {
    assert.equal(offeringComplies({ regions: ["eu-*"] }, ["eu-*"]), true);
    // "eu-*" may mean eu-west-1, which eu-central-1 does not allow; "*" may mean anywhere
    assert.equal(offeringComplies({ regions: ["eu-*"] }, ["eu-central-1"]), false);
    assert.equal(offeringComplies({ regions: ["*"] }, ["eu-*", "us-*"]), false);
    assert.equal(offeringComplies({ regions: ["eu-*", "us-east-1"] }, ["eu-*"]), false);
    assert.equal(offeringComplies({ regions: ["eu-*", "us-east-1"] }, ["eu-*", "us-*"]), true);
  });

  it("records where each API processes data, with a source for each offering", () => {
    // Claude Haiku 4.5: the Claude API (anywhere), Bedrock's EU and US geographic profiles (about 10% above global)
    assert.deepEqual(
      prices.modelOfferings("anthropic/claude-haiku-4-5").map((o) => [o.regions.join(","), o.priceFactor ?? 1, o.source]),
      [["*", 1, "anthropic-data-residency"], ["eu-*", 1.1, "aws-bedrock-geographic-inference"], ["us-*", 1.1, "aws-bedrock-geographic-inference"]],
    );
    for (const model of catalog.models) {
      for (const o of model.processing ?? []) assert.ok(catalog.sources[o.source], `${model.id}: processing source ${o.source} is not listed`);
    }
    // No source says where Groq processes data: no offering, so no allowedRegions can be met.
    assert.deepEqual(prices.modelOfferings("groq/llama-3.3-70b-versatile"), []);
  });

  it("EU only: compares with the cheapest compliant offering (Bedrock's EU profile at 1.1 ×) and says which", () => {
    const { workloads, findings } = analyze({ ...small, managedModel: "anthropic/claude-haiku-4-5", dataResidency: { allowedRegions: ["eu-*"] } });
    const w = workloads[0];
    assert.equal(w.managedOffering?.via, "Amazon Bedrock, EU geographic cross-Region inference profile (eu.anthropic.…)");
    // list M(V) = 300M × $1 + 100M × $5 = $800; × 1.1 = $880; M(0.5·V) = $440
    near(w.cost?.managedAtVolumeUsd, 880, "M(V) via Bedrock EU");
    near(w.cost?.managedAtStressUsd, 440, "M(0.5·V)");
    near(w.cost?.fixedMonthlyUsd, F, "F");
    assert.equal(w.cost?.verdict, "fails"); // $3,397.42 > $880
    const message = describeFinding(findings.find((f) => f.policy === "self-hosting-break-even")!);
    assert.ok(
      message.startsWith(
        "Workload chat: the fleet costs $3,397/month but anthropic/claude-haiku-4-5 via Amazon Bedrock, EU geographic cross-Region inference " +
          "profile (eu.anthropic.…) (processing in eu-*, × 1.1 the list price) would serve the declared 400.00M tokens for $880/month",
      ),
      message,
    );
    // the way to pass calls the compliant offering: $3,397.42 − $880 = $2,517.42 less
    assert.ok(message.includes("call anthropic/claude-haiku-4-5 via Amazon Bedrock, EU geographic cross-Region inference profile (eu.anthropic.…) instead ($880/month, $2,517 less)"), message);
  });

  it("a US-only rule picks Bedrock's US profile; no rule keeps the list price and names no offering", () => {
    const us = analyze({ ...large, managedModel: "anthropic/claude-haiku-4-5", dataResidency: { allowedRegions: ["us-*"] } }).workloads[0];
    // 3,000M × $1 + 1,000M × $5 = $8,000 × 1.1 = $8,800
    assert.equal(us.managedOffering?.regions.join(), "us-*");
    near(us.cost?.managedAtVolumeUsd, 8800, "M(V) via Bedrock US");
    const free = analyze({ ...large, managedModel: "anthropic/claude-haiku-4-5" }).workloads[0];
    assert.equal(free.managedOffering, undefined);
    near(free.cost?.managedAtVolumeUsd, 8000, "M(V) at list price");
  });

  it("EU only with Gemini: Vertex AI's EU multi-region at the list price", () => {
    const w = analyze({ ...large, managedModel: "google/gemini-2.5-flash", dataResidency: { allowedRegions: ["eu-*"] } }).workloads[0];
    assert.equal(w.managedOffering?.via, "Vertex AI, EU multi-region endpoint");
    // 3,000M × $0.30 + 1,000M × $2.50 = $900 + $2,500 = $3,400 ≥ F = $3,397.42 > M(0.5·V) = $1,700: fragile
    near(w.cost?.managedAtVolumeUsd, 3400, "M(V) via Vertex EU");
    assert.equal(w.cost?.verdict, "fragile");
  });

  it("no compliant offering: self-hosting is the only compliant option, no cost verdict fires, no API is suggested", () => {
    // openai/gpt-4.1 has only the OpenAI API without data residency ("*"); list M(V) = 300M × $2 + 100M × $8 = $1,400 < F
    const analysis = analyze({ ...small, managedModel: "openai/gpt-4.1", dataResidency: { allowedRegions: ["eu-*"] } });
    const { workloads, findings } = analysis;
    const w = workloads[0];
    assert.equal(w.cost?.verdict, "fails");
    assert.deepEqual(w.noCompliantApi, {
      modelId: "openai/gpt-4.1",
      allowedRegions: ["eu-*"],
      offerings: [{ via: "OpenAI API (a project without data residency)", regions: ["*"], priceFactor: 1, estimate: false, source: "openai-data-residency" }],
    });
    assert.deepEqual(findings.filter((f) => f.policy === "self-hosting-break-even" || f.policy === "self-hosting-fragile"), []);
    assert.deepEqual(w.wayToPass?.managed, { allowed: false, why: "no-compliant-offering", allowedRegions: ["eu-*"] });
    // Frankfurt only: Bedrock's EU profile may route to any EU region, so Haiku has no compliant offering either.
    assert.ok(analyze({ ...small, managedModel: "anthropic/claude-haiku-4-5", dataResidency: { allowedRegions: ["eu-central-1"] } }).workloads[0].noCompliantApi);

    const report = stackReport(analysis, { stack: "eu", project: "p", now: new Date("2026-12-15T00:00:00Z") });
    const r = report.workloads[0];
    assert.equal(r.selfHostedOnly, true);
    assert.deepEqual(r.noCompliantApi, { allowedRegions: ["eu-*"], offerings: [{ via: "OpenAI API (a project without data residency)", regions: ["*"] }] });
    const sentence =
      "Self-hosting is the only compliant option: no offering of openai/gpt-4.1 processes data only in allowedRegions eu-* " +
      "(known: OpenAI API (a project without data residency): *).";
    assert.ok(textReport([report]).includes(sentence), textReport([report]));
    // the comment escapes Markdown's emphasis marks
    assert.ok(markdownReport([report]).includes(`- ${sentence.replace(/\*/g, "\\*")}`), markdownReport([report]));
  });

  it("prices the frontier and fast models through compliant offerings only", () => {
    const w = analyze({ ...large, managedModel: "anthropic/claude-haiku-4-5", dataResidency: { allowedRegions: ["eu-*"] } }).workloads[0];
    // frontier anthropic/claude-opus-5: only the Claude API ("*"); fast google/gemini-2.5-flash via Vertex EU: $3,400
    assert.deepEqual(w.alternatives, [
      { role: "frontier", id: "anthropic/claude-opus-5", noCompliantOffering: true },
      { role: "fast", id: "google/gemini-2.5-flash", monthlyUsd: 3400, via: "Vertex AI, EU multi-region endpoint" },
    ]);
  });

  it("managedChoice takes the cheapest compliant offering, the first on a tie", () => {
    const price = prices.modelPrice("anthropic/claude-haiku-4-5")!;
    const offerings = [
      { via: "a", regions: ["eu-*"], priceFactor: 1.2, source: "s" },
      { via: "b", regions: ["eu-*"], priceFactor: 1.05, source: "s" },
      { via: "c", regions: ["eu-west-1"], priceFactor: 1.05, source: "s" },
    ];
    const choice = managedChoice(price, offerings, ["eu-*"]);
    assert.ok(choice.compliant);
    assert.equal(choice.offering?.via, "b");
    // $1 × 1.05 = $1.05 in, $5 × 1.05 = $5.25 out, cached $0.10 × 1.05 = $0.105
    near(choice.price.inputUsdPerMillion, 1.05, "input");
    near(choice.price.outputUsdPerMillion, 5.25, "output");
    near(choice.price.cachedInputUsdPerMillion, 0.105, "cached");
  });
});
