import * as fs from "fs";
import * as path from "path";
import { Document, isMap, isSeq, YAMLMap, YAMLSeq } from "yaml";
import { citedSources, entries, noteImport, pruneSources, setSource, tidy } from "./yamlEdit";

/** One model's entry in LiteLLM's model_prices_and_context_window.json (the fields the catalog reads). */
interface LitellmEntry {
  input_cost_per_token?: unknown;
  output_cost_per_token?: unknown;
  cache_read_input_token_cost?: unknown;
  litellm_provider?: unknown;
}

/** How a catalog provider's ids map to LiteLLM keys, and which litellm_provider values stand for it. */
const PROVIDERS: Record<string, { key: (model: string) => string[]; litellm: string[] }> = {
  anthropic: { key: (m) => [m, `anthropic/${m}`], litellm: ["anthropic"] },
  openai: { key: (m) => [m, `openai/${m}`], litellm: ["openai", "text-completion-openai"] },
  google: { key: (m) => [`gemini/${m}`, m], litellm: ["gemini", "vertex_ai-language-models"] },
  groq: { key: (m) => [`groq/${m}`], litellm: ["groq"] },
  together: { key: (m) => [`together_ai/${m}`], litellm: ["together_ai"] },
  fireworks: { key: (m) => [`fireworks_ai/${m}`], litellm: ["fireworks_ai"] },
  deepinfra: { key: (m) => [`deepinfra/${m}`], litellm: ["deepinfra"] },
  bedrock: { key: (m) => [m, `bedrock/${m}`, `bedrock/converse/${m}`], litellm: ["bedrock", "bedrock_converse"] },
  cerebras: { key: (m) => [`cerebras/${m}`], litellm: ["cerebras"] },
  databricks: { key: (m) => [`databricks/${m}`], litellm: ["databricks"] },
};

export interface LitellmImportSummary {
  sourceId: string;
  asOf: string;
  updated: { id: string; key: string; changed: boolean }[];
  added: string[];
  /** Catalog models the file has no usable price for (left as they were), with why. */
  notFound: { id: string; reason: string }[];
  removedSources: string[];
}

/** The per-million prices of a LiteLLM entry, or why it cannot be used. */
function pricesOf(entry: LitellmEntry): { input: number; output: number; cached?: number } | string {
  const input = entry.input_cost_per_token;
  const output = entry.output_cost_per_token;
  if (typeof input !== "number" || typeof output !== "number") return "no input_cost_per_token / output_cost_per_token";
  if (input < 0 || output < 0) return "a negative price";
  if (input === 0 || output === 0) return "priced at $0 in the file (free tier or unknown), kept as it was";
  const cached = entry.cache_read_input_token_cost;
  return {
    input: tidy(input * 1e6),
    output: tidy(output * 1e6),
    ...(typeof cached === "number" && cached > 0 ? { cached: tidy(cached * 1e6) } : {}),
  };
}

/** The LiteLLM entry for a catalog id: explicit litellmKey first, then the keys its provider's naming gives. */
function lookUp(file: Record<string, LitellmEntry>, id: string, litellmKey: string | undefined): { key: string; entry: LitellmEntry } | string {
  const slash = id.indexOf("/");
  const provider = id.slice(0, slash);
  const model = id.slice(slash + 1);
  const rule = PROVIDERS[provider];
  const keys = litellmKey ? [litellmKey] : rule ? rule.key(model) : [id, model];
  for (const key of keys) {
    if (!Object.prototype.hasOwnProperty.call(file, key)) continue;
    const entry = file[key];
    if (!entry || typeof entry !== "object") continue;
    if (rule && typeof entry.litellm_provider === "string" && !rule.litellm.includes(entry.litellm_provider)) {
      return `key ${key} belongs to litellm_provider ${entry.litellm_provider}, not ${provider}`;
    }
    return { key, entry };
  }
  return `no key ${keys.join(" or ")} in the file`;
}

/**
 * Re-reads the price of every model in models.yaml from a LiteLLM-format price file: input, output and
 * cache-read prices per token → per million tokens. Updated entries cite a new source (the file and the
 * date); a cache-read price the file does not list is removed rather than left citing a source that lacks it.
 * Models the file lacks keep their old price and source. `add` names catalog ids to add from the file.
 */
export function importLitellm(doc: Document, priceFile: string, opts: { asOf: string; add?: string[] }): LitellmImportSummary {
  let file: Record<string, LitellmEntry>;
  try {
    file = JSON.parse(fs.readFileSync(priceFile, "utf8")) as Record<string, LitellmEntry>;
  } catch (e) {
    throw new Error(`${priceFile} is not readable JSON (${(e as Error).message})`);
  }
  if (!file || typeof file !== "object" || Array.isArray(file)) throw new Error(`${priceFile} is not a LiteLLM price file (an object keyed by model)`);
  const sourceId = `litellm-prices-${opts.asOf}`;
  const citedBefore = citedSources(doc);
  setSource(doc, sourceId, {
    title: "LiteLLM model price table (model_prices_and_context_window.json format), imported by gpu-breakeven catalog import-litellm",
    reference: path.basename(priceFile),
    asOf: opts.asOf,
  });
  const summary: LitellmImportSummary = { sourceId, asOf: opts.asOf, updated: [], added: [], notFound: [], removedSources: [] };

  const known = new Set<string>();
  for (const item of entries(doc, "models")) {
    const id = String(item.get("id"));
    known.add(id);
    const pinned = pinnedReason(doc, item);
    if (pinned) {
      summary.notFound.push({ id, reason: pinned });
      continue;
    }
    const litellmKey = item.get("litellmKey");
    const found = lookUp(file, id, typeof litellmKey === "string" ? litellmKey : undefined);
    if (typeof found === "string") {
      summary.notFound.push({ id, reason: found });
      continue;
    }
    const prices = pricesOf(found.entry);
    if (typeof prices === "string") {
      summary.notFound.push({ id, reason: `${found.key}: ${prices}` });
      continue;
    }
    // A cache-read price read from another source (cachedInputSource) is that source's to change, not LiteLLM's.
    const ownCache = item.has("cachedInputSource");
    const changed = item.get("inputUsdPerMillion") !== prices.input || item.get("outputUsdPerMillion") !== prices.output ||
      (!ownCache && item.get("cachedInputUsdPerMillion") !== prices.cached);
    item.set("inputUsdPerMillion", prices.input);
    item.set("outputUsdPerMillion", prices.output);
    if (ownCache) {
      // kept as it was
    } else if (prices.cached !== undefined) setAfter(item, "cachedInputUsdPerMillion", prices.cached, "outputUsdPerMillion");
    else item.delete("cachedInputUsdPerMillion");
    item.set("source", sourceId);
    item.set("asOf", opts.asOf);
    summary.updated.push({ id, key: found.key, changed });
  }

  const models = doc.get("models") as YAMLSeq;
  for (const id of opts.add ?? []) {
    if (known.has(id)) continue;
    if (!/^[a-z0-9-]+\/\S+$/.test(id)) throw new Error(`--add ${id}: a catalog id is provider/model, e.g. groq/llama-3.3-70b-versatile`);
    const found = lookUp(file, id, undefined);
    if (typeof found === "string") throw new Error(`--add ${id}: ${found}`);
    const prices = pricesOf(found.entry);
    if (typeof prices === "string") throw new Error(`--add ${id}: ${found.key}: ${prices}`);
    const entry: Record<string, unknown> = { id, inputUsdPerMillion: prices.input, outputUsdPerMillion: prices.output };
    if (prices.cached !== undefined) entry.cachedInputUsdPerMillion = prices.cached;
    entry.source = sourceId;
    entry.asOf = opts.asOf;
    if (prices.output < prices.input / 10) entry.note = `output below a tenth of input in ${path.basename(priceFile)}; check it`;
    if (!isSeq(models)) throw new Error("the file has no models list");
    models.items.push(doc.createNode(entry, { flow: true }));
    known.add(id);
    summary.added.push(id);
  }

  summary.removedSources = pruneSources(doc, citedBefore, citedSources(doc));
  if (summary.updated.length + summary.added.length > 0) {
    noteImport(doc, "import-litellm:", `prices of ${summary.updated.length + summary.added.length} models were re-read from ${path.basename(priceFile)} (source ${sourceId}).`);
  } else {
    (doc.get("sources") as YAMLMap).delete(sourceId);
  }
  return summary;
}

/**
 * Why an entry is not LiteLLM's to update, or undefined: its prices are effective-dated (periods are read from
 * the provider by hand), or it cites the provider's own price list (publisher: provider), which wins over an
 * aggregator's figure.
 */
function pinnedReason(doc: Document, item: YAMLMap): string | undefined {
  if (item.has("periods")) return "it carries price periods, kept by hand from the provider's announcements";
  const source = item.get("source");
  const sources = doc.get("sources");
  const entry = typeof source === "string" && isMap(sources) ? (sources as YAMLMap).get(source) : undefined;
  if (isMap(entry) && entry.get("publisher") === "provider") {
    return `it cites the provider's own price (source ${source}), which wins over an aggregator's`;
  }
  return undefined;
}

/** Sets `key`, placing a new key right after `after` so the entry keeps its usual order. */
function setAfter(item: YAMLMap, key: string, value: number, after: string): void {
  if (item.has(key)) {
    item.set(key, value);
    return;
  }
  item.set(key, value);
  const index = item.items.findIndex((p) => (p.key as { value?: unknown })?.value === after);
  const added = item.items.pop()!;
  item.items.splice(index + 1, 0, added);
}
