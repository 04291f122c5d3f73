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

describe("catalog models: coverage (pricing-facts.md §4)", () => {
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
    // pricing-facts.md §4, hosted open-weight table (input / output per M tokens)
    const expected: Record<string, [number, number]> = {
      "bedrock/meta.llama3-1-8b-instruct-v1:0": [0.22, 0.22],
      "bedrock/meta.llama3-3-70b-instruct-v1:0": [0.72, 0.72],
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
      "fireworks/accounts/fireworks/models/llama-v3p1-8b-instruct": [0.1, 0.1],
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
