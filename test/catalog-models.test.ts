// Managed models (issue 5, item 2): the providers and open-weight models the catalog must price, ids written
// <provider>/<the provider's own model id>, and a "did you mean" for an id that is close to a known one.
import * as assert from "node:assert/strict";
import { shippedCatalog } from "../src/catalog/load";
import { PriceBook } from "../src/catalog/prices";
import { closest } from "../src/text/closest";
import { assertHasViolation, gpu, preview } from "./helpers/pack";

const book = new PriceBook(shippedCatalog(), { instancePrices: {}, regionalInstancePrices: {}, managedModels: {} });
const price = (id: string) => {
  const p = book.modelPrice(id);
  assert.ok(p, `${id} is not in the catalog`);
  return [p.inputUsdPerMillion, p.outputUsdPerMillion, p.cachedInputUsdPerMillion];
};

describe("catalog models: coverage (LiteLLM's table, and the providers' own prices where they differ)", () => {
  it("prices current Anthropic, OpenAI and Google models with their cache-read prices", () => {
    assert.deepEqual(price("anthropic/claude-opus-4-7"), [5, 25, 0.5]);
    assert.deepEqual(price("anthropic/claude-sonnet-4-6"), [3, 15, 0.3]);
    assert.deepEqual(price("anthropic/claude-haiku-4-5"), [1, 5, 0.1]);
    assert.deepEqual(price("openai/gpt-5"), [1.25, 10, 0.125]);
    assert.deepEqual(price("openai/gpt-5.4-mini"), [0.75, 4.5, 0.075]);
    assert.deepEqual(price("openai/o3-pro"), [20, 80, undefined]); // no cache-read price listed
    assert.deepEqual(price("google/gemini-2.5-pro"), [1.25, 10, 0.125]);
    assert.deepEqual(price("google/gemini-3-flash-preview"), [0.5, 3, 0.05]);
  });

  it("prices Llama 3.x 8B and 70B, gpt-oss 20B and 120B, Mixtral and Qwen 2.5 on Bedrock, Together, Groq, Fireworks and DeepInfra", () => {
    // litellm-prices-2026-07 (input / output per M tokens), except where the provider's own page differs (below)
    const expected: Record<string, [number, number]> = {
      "bedrock/meta.llama3-1-8b-instruct-v1:0": [0.22, 0.22],
      "bedrock/meta.llama3-3-70b-instruct-v1:0": [0.72, 0.72],
      "bedrock/meta.llama3-1-70b-instruct-v1:0": [0.72, 0.72],
      "bedrock/mistral.mixtral-8x7b-instruct-v0:1": [0.45, 0.7],
      "bedrock/openai.gpt-oss-120b-1:0": [0.15, 0.6],
      "bedrock/openai.gpt-oss-20b-1:0": [0.07, 0.3],
      "together/meta-llama/Meta-Llama-3.1-8B-Instruct-Turbo": [0.18, 0.18],
      "together/meta-llama/Llama-3.3-70B-Instruct-Turbo": [0.88, 0.88],
      "together/mistralai/Mixtral-8x7B-Instruct-v0.1": [0.6, 0.6],
      "together/openai/gpt-oss-120b": [0.15, 0.6],
      "together/openai/gpt-oss-20b": [0.05, 0.2],
      "groq/llama-3.1-8b-instant": [0.05, 0.08],
      "groq/llama-3.3-70b-versatile": [0.59, 0.79],
      "groq/openai/gpt-oss-120b": [0.15, 0.6],
      "groq/openai/gpt-oss-20b": [0.075, 0.3],
      "fireworks/accounts/fireworks/models/llama-v3p1-8b-instruct": [0.2, 0.2],
      "fireworks/accounts/fireworks/models/llama-v3p3-70b-instruct": [0.9, 0.9],
      "fireworks/accounts/fireworks/models/mixtral-8x7b-instruct": [0.5, 0.5],
      "fireworks/accounts/fireworks/models/qwen2p5-72b-instruct": [0.9, 0.9],
      "fireworks/accounts/fireworks/models/gpt-oss-120b": [0.15, 0.6],
      "deepinfra/meta-llama/Meta-Llama-3.1-8B-Instruct": [0.03, 0.05],
      "deepinfra/meta-llama/Llama-3.3-70B-Instruct": [0.23, 0.4],
      "deepinfra/mistralai/Mixtral-8x7B-Instruct-v0.1": [0.4, 0.4],
      "deepinfra/Qwen/Qwen2.5-72B-Instruct": [0.12, 0.39],
      "deepinfra/Qwen/Qwen2.5-7B-Instruct": [0.04, 0.1],
      "deepinfra/openai/gpt-oss-120b": [0.05, 0.45],
    };
    for (const [id, [input, output]] of Object.entries(expected)) assert.deepEqual(price(id).slice(0, 2), [input, output], id);
  });

  it("prices the cache reads of the Groq and Fireworks gpt-oss models: 50% of input, per each provider's caching docs", () => {
    // groq-prompt-caching-docs: cached input tokens at a 50% discount → 0.15 × 0.5 = 0.075; 0.075 × 0.5 = 0.0375
    assert.deepEqual(price("groq/openai/gpt-oss-120b"), [0.15, 0.6, 0.075]);
    assert.deepEqual(price("groq/openai/gpt-oss-20b"), [0.075, 0.3, 0.0375]);
    // fireworks-serverless-docs: cached input at 50% of input by default → 0.15 × 0.5 = 0.075; 0.07 × 0.5 = 0.035
    assert.deepEqual(price("fireworks/accounts/fireworks/models/gpt-oss-120b"), [0.15, 0.6, 0.075]);
    assert.deepEqual(price("fireworks/accounts/fireworks/models/gpt-oss-20b"), [0.07, 0.3, 0.035]);
    for (const id of ["groq/openai/gpt-oss-120b", "groq/openai/gpt-oss-20b", "fireworks/accounts/fireworks/models/gpt-oss-120b", "fireworks/accounts/fireworks/models/gpt-oss-20b"]) {
      const entry = book.catalog.models.find((m) => m.id === id)!;
      assert.equal(book.catalog.sources[entry.cachedInputSource!]?.publisher, "provider", `${id}: the cache price cites the provider`);
    }
  });

  it("uses the provider's own price where an aggregator disagrees, and the note names both figures", () => {
    const overridden = book.catalog.models.filter((m) => m.aggregator);
    assert.deepEqual(overridden.map((m) => m.id).sort(), [
      "bedrock/meta.llama3-1-70b-instruct-v1:0", "fireworks/accounts/fireworks/models/llama-v3p1-8b-instruct",
    ]);
    for (const m of overridden) {
      assert.equal(book.catalog.sources[m.source].publisher, "provider", m.id);
      assert.equal(book.catalog.sources[m.aggregator!.source].publisher, "aggregator", m.id);
      const money = (n: number) => `$${n.toFixed(2)}`;
      for (const figure of [m.inputUsdPerMillion, m.aggregator!.inputUsdPerMillion]) assert.ok(m.note?.includes(money(figure)), `${m.id}: the note names ${money(figure)}`);
    }
    // Fireworks bills models up to 16B at $0.20 (fireworks-pricing); LiteLLM had $0.10 for Llama 3.1 8B
    const fw = book.catalog.models.find((m) => m.id === "fireworks/accounts/fireworks/models/llama-v3p1-8b-instruct")!;
    assert.deepEqual([fw.inputUsdPerMillion, fw.aggregator?.inputUsdPerMillion], [0.2, 0.1]);
    // AWS lists Llama 3.1 70B at $0.00072 per 1K tokens = $0.72 per 1M (aws-bedrock-pricing-2025-07); LiteLLM $0.99
    const br = book.catalog.models.find((m) => m.id === "bedrock/meta.llama3-1-70b-instruct-v1:0")!;
    assert.deepEqual([br.inputUsdPerMillion, br.outputUsdPerMillion, br.aggregator?.inputUsdPerMillion], [0.72, 0.72, 0.99]);
    // Together Mixtral 8x7B: $0.60 (LiteLLM) against a reported $0.90 that no readable Together page confirms: kept at
    // $0.60, and the note says the figure is unconfirmed
    const together = book.catalog.models.find((m) => m.id === "together/mistralai/Mixtral-8x7B-Instruct-v0.1")!;
    assert.equal(together.inputUsdPerMillion, 0.6);
    assert.match(together.note ?? "", /\$0\.90 .* could not be read to confirm/);
  });

  it("keeps deprecated ids, priced, with the date they were deprecated, rather than dropping some and keeping others", () => {
    assert.deepEqual(price("anthropic/claude-opus-4-1"), [15, 75, 1.5]);
    assert.equal(book.modelPrice("anthropic/claude-opus-4-1")?.deprecatedOn, "2026-08-05");
    assert.deepEqual(price("google/gemini-2.0-flash"), [0.1, 0.4, undefined]);
    assert.equal(book.modelPrice("google/gemini-2.0-flash")?.deprecatedOn, "2026-06-01");
    assert.equal(book.modelPrice("anthropic/claude-haiku-4-5")?.deprecatedOn, undefined);
    // a note that says "deprecated" goes with a deprecatedOn date
    for (const m of book.catalog.models) if (/deprecat/i.test(m.note ?? "")) assert.ok(m.deprecatedOn, `${m.id}: the note speaks of a deprecation; deprecatedOn says when`);
  });

  it("carries the long-context tiers as prices, not only as notes", () => {
    // anthropic-pricing-page: Sonnet 4 / 4.5 prompts over 200K input tokens $6 in / $22.50 out (base $3 / $15)
    for (const id of ["anthropic/claude-sonnet-4-5", "anthropic/claude-sonnet-4-20250514"]) {
      assert.deepEqual(book.modelPrice(id)?.longContext, { aboveInputTokens: 200000, inputUsdPerMillion: 6, outputUsdPerMillion: 22.5 }, id);
    }
    // gemini-2.5-pro over 200K: $2.50 / $15 (base $1.25 / $10)
    assert.deepEqual(book.modelPrice("google/gemini-2.5-pro")?.longContext, { aboveInputTokens: 200000, inputUsdPerMillion: 2.5, outputUsdPerMillion: 15 });
    // no note still describes a long-context price in words only
    for (const m of book.catalog.models) if (/200k|long.context/i.test(m.note ?? "")) assert.ok(m.longContext, `${m.id}: a long-context note needs a longContext tier`);
  });

  it("writes every id as <provider>/<the provider's own id>, from a known provider", () => {
    const providers = new Set(["anthropic", "openai", "google", "bedrock", "together", "groq", "fireworks", "deepinfra", "cerebras", "databricks"]);
    for (const id of book.modelIds()) assert.ok(providers.has(id.slice(0, id.indexOf("/"))), id);
  });
});

describe("catalog models: did you mean", () => {
  const ids = book.modelIds();
  const cases: [string, string | undefined][] = [
    ["groq/llama-3.3-70b", "groq/llama-3.3-70b-versatile"], // a shortened id: the known id extends it at a "-"
    ["openai/gpt-4o-mni", "openai/gpt-4o-mini"], // a typo: edit distance 1
    ["anthropic/claude-haiku-4.5", "anthropic/claude-haiku-4-5"],
    ["claude-haiku-4-5", "anthropic/claude-haiku-4-5"], // the provider left out
    ["gpt-4o-mini", "openai/gpt-4o-mini"],
    ["gemini/gemini-2.5-flash", "google/gemini-2.5-flash"], // LiteLLM's provider prefix
    ["together_ai/meta-llama/Llama-3.3-70B-Instruct-Turbo", "together/meta-llama/Llama-3.3-70B-Instruct-Turbo"],
    ["bedrock/meta.llama3-3-70b", "bedrock/meta.llama3-3-70b-instruct-v1:0"],
    ["together/meta-llama/llama-3.3-70b", "together/meta-llama/Llama-3.3-70B-Instruct-Turbo"], // case does not matter
    ["acme/in-house-llm", undefined], // nothing close: no guess
  ];
  for (const [typed, expected] of cases) {
    it(`${typed} → ${expected ?? "no suggestion"}`, () => assert.equal(closest(typed, ids), expected));
  }

  it("picks the shortest id when several extend the word, and guesses nothing from a stem under 4 characters", () => {
    // "groq/llama" extends to both Groq Llama ids at a "-": the shortest is suggested
    assert.equal(closest("groq/llama", ids), "groq/llama-3.1-8b-instant");
    assert.equal(closest("gpt", ids), undefined);
  });

  it("keeps closest()'s behaviour for keys and instance types", () => {
    assert.equal(closest("opsHoursPerMonht", ["opsHoursPerMonth", "monthlyInputTokens"]), "opsHoursPerMonth");
    assert.equal(closest("monthlyInput", ["monthlyInputTokens", "monthlyOutputTokens"]), "monthlyInputTokens");
    assert.equal(closest("g6e.xlargee", book.catalog.instances.map((i) => i.type)), "g6e.xlarge");
    assert.equal(closest("zzz", ["opsHoursPerMonth"]), undefined);
  });

  it("appears in the finding for a close model id, through the engine", async function () {
    const chat = { monthlyInputTokens: 3e9, monthlyOutputTokens: 1e9, managedModel: "groq/llama-3.3-70b", opsHoursPerMonth: 20 };
    const ds = await preview({
      region: "us-east-1",
      workloads: { chat },
      resources: [gpu("chat-0", "g6e.xlarge", "chat", "us-east-1a"), gpu("chat-1", "g6e.xlarge", "chat", "us-east-1b")],
      policyConfig: { "catalog-fresh": { maxAgeDays: 100000 } },
    });
    assertHasViolation(ds, "self-hosting-break-even", "mandatory", ['did you mean "groq/llama-3.3-70b-versatile"?']);
  });
});
