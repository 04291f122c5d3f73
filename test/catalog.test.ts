import assert from "node:assert/strict";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { CatalogError, catalogDataDir, compileCatalog } from "../src/catalog/compile";
import type { Catalog } from "../src/catalog/schema";

const FILES = ["instances.yaml", "accelerators.yaml", "models.yaml"] as const;
type CatalogFile = (typeof FILES)[number];

describe("shipped catalog", () => {
  let catalog: Catalog;
  before(() => {
    catalog = compileCatalog();
  });

  const instance = (type: string) => {
    const it = catalog.instances.find((i) => i.type === type);
    assert.ok(it, `instance ${type} is missing`);
    return it;
  };
  const model = (id: string) => {
    const m = catalog.models.find((x) => x.id === id);
    assert.ok(m, `model ${id} is missing`);
    return m;
  };

  it("compiles and dates itself by its newest figure", () => {
    assert.match(catalog.asOf, /^\d{4}-\d{2}-\d{2}$/);
    const dates = [...catalog.instances, ...catalog.accelerators, ...catalog.models, ...catalog.regionMultipliers].map((e) => e.asOf);
    assert.equal(catalog.asOf, dates.sort().at(-1));
  });

  it("carries the instance figures of pricing-facts.md §1", () => {
    // pricing-facts.md §1 row: | g6e.xlarge | L40S × 1 | 44.7 | 4 | 32 | 1.861 |
    const g6e = instance("g6e.xlarge");
    assert.equal(g6e.onDemandUsdPerHour["us-east-1"], 1.861);
    assert.equal(g6e.accelerator, "l40s");
    assert.equal(g6e.acceleratorCount, 1);
    assert.equal(g6e.acceleratorMemoryGiB, 44.7);
    assert.equal(g6e.vcpu, 4);
    assert.equal(g6e.memoryGiB, 32);
    // pricing-facts.md §1 row: | p5.48xlarge | H100 × 8 | 80 | 192 | 2048 | 55.04 |
    const p5 = instance("p5.48xlarge");
    assert.equal(p5.accelerator, "h100");
    assert.equal(p5.acceleratorCount, 8);
    assert.equal(p5.onDemandUsdPerHour["us-east-1"], 55.04);
    // pricing-facts.md §1 row: | p4d.24xlarge | A100 × 8 | 40 | 96 | 1152 | 21.957642 | (post-June-2025 price)
    assert.equal(instance("p4d.24xlarge").onDemandUsdPerHour["us-east-1"], 21.957642);
    // pricing-facts.md §1 row: | g6f.large | L4 × 0.125 (fractional) | 2.8 | 2 | 8 | 0.202 |
    const g6f = instance("g6f.large");
    assert.equal(g6f.acceleratorCount, 0.125);
    assert.ok(g6f.note, "fractional GPU types carry a note");
  });

  it("leaves out the types without a us-east-1 price", () => {
    // pricing-facts.md §1: p5e.48xlarge and trn2.48xlarge are "n/a (not in file)"
    const types = new Set(catalog.instances.map((i) => i.type));
    assert.ok(!types.has("p5e.48xlarge"));
    assert.ok(!types.has("trn2.48xlarge"));
  });

  it("carries the SageMaker figures of pricing-facts.md §2", () => {
    // pricing-facts.md §2: ml.g5.xlarge 1.4084 · ml.p4d.24xlarge 37.688 (pre-June-2025)
    assert.equal(instance("ml.g5.xlarge").onDemandUsdPerHour["us-east-1"], 1.4084);
    const p4d = instance("ml.p4d.24xlarge");
    assert.equal(p4d.onDemandUsdPerHour["us-east-1"], 37.688);
    assert.match(p4d.note ?? "", /pre-June-2025/);
    assert.equal(p4d.acceleratorCount, instance("p4d.24xlarge").acceleratorCount);
  });

  it("carries the region multipliers of pricing-facts.md §1b", () => {
    // pricing-facts.md §1b row G5/G6: eu-central-1 1.250; row P5 pre-cut: ap-northeast-1 1.253
    const g5 = catalog.regionMultipliers.find((m) => m.families.includes("g5") && m.region === "eu-central-1");
    assert.equal(g5?.multiplier, 1.25);
    const p5 = catalog.regionMultipliers.find((m) => m.families.includes("p5") && m.region === "ap-northeast-1");
    assert.equal(p5?.multiplier, 1.253);
    assert.match(p5?.note ?? "", /estimate/);
  });

  it("carries the model prices of pricing-facts.md §4", () => {
    // pricing-facts.md §4 row: `claude-haiku-4-5` | 1 | 5 | 0.1
    const haiku = model("anthropic/claude-haiku-4-5");
    assert.equal(haiku.inputUsdPerMillion, 1);
    assert.equal(haiku.outputUsdPerMillion, 5);
    assert.equal(haiku.cachedInputUsdPerMillion, 0.1);
    // pricing-facts.md §4 row: `gpt-4o-mini` | 0.15 | 0.6 | 0.075
    const mini = model("openai/gpt-4o-mini");
    assert.equal(mini.inputUsdPerMillion, 0.15);
    assert.equal(mini.outputUsdPerMillion, 0.6);
    // pricing-facts.md §4 row: `gemini/gemini-2.5-flash` | 0.30 | 2.50 | 0.03
    const flash = model("google/gemini-2.5-flash");
    assert.equal(flash.inputUsdPerMillion, 0.3);
    assert.equal(flash.outputUsdPerMillion, 2.5);
    // pricing-facts.md §4 hosted table, Groq column: Llama 3.1 8B 0.05/0.08 `llama-3.1-8b-instant`
    const groq = model("groq/llama-3.1-8b-instant");
    assert.equal(groq.inputUsdPerMillion, 0.05);
    assert.equal(groq.outputUsdPerMillion, 0.08);
  });

  it("covers the instance families and models the project must support", () => {
    for (const family of ["g4dn", "g5", "g6", "g6e", "p4d", "p4de", "p5", "p5en"]) {
      assert.ok(
        catalog.instances.some((i) => i.type.startsWith(`${family}.`)),
        `no ${family} instance type`,
      );
    }
    for (const id of [
      "anthropic/claude-haiku-4-5",
      "anthropic/claude-sonnet-4-5",
      "anthropic/claude-opus-4-5",
      "openai/gpt-4o-mini",
      "openai/gpt-4.1",
      "openai/gpt-5",
      "openai/gpt-5-mini",
      "google/gemini-2.5-flash",
      "google/gemini-2.5-pro",
    ]) {
      model(id);
    }
  });

  it("cites a listed source and a date for every entry", () => {
    const entries: { key: string; source: string; asOf: string }[] = [
      ...catalog.instances.map((e) => ({ key: e.type, source: e.source, asOf: e.asOf })),
      ...catalog.accelerators.map((e) => ({ key: e.id, source: e.source, asOf: e.asOf })),
      ...catalog.models.map((e) => ({ key: e.id, source: e.source, asOf: e.asOf })),
      ...catalog.regionMultipliers.map((e) => ({ key: `${e.families.join(",")}@${e.region}`, source: e.source, asOf: e.asOf })),
    ];
    for (const e of entries) {
      assert.ok(catalog.sources[e.source], `${e.key}: source ${e.source} is not listed`);
      assert.match(e.asOf, /^\d{4}-\d{2}-\d{2}$/, `${e.key}: asOf`);
    }
    for (const [id, s] of Object.entries(catalog.sources)) {
      assert.match(s.asOf, /^\d{4}-\d{2}-\d{2}$/, `source ${id}: asOf`);
    }
  });

  it("lists every instance type, accelerator and model once", () => {
    for (const keys of [
      catalog.instances.map((i) => i.type),
      catalog.accelerators.map((a) => a.id),
      catalog.models.map((m) => m.id),
    ]) {
      const dupes = keys.filter((k, i) => keys.indexOf(k) !== i);
      assert.deepEqual(dupes, []);
    }
  });

  it("has only positive prices and known accelerators", () => {
    const accelerators = new Set(catalog.accelerators.map((a) => a.id));
    for (const i of catalog.instances) {
      assert.ok(Object.keys(i.onDemandUsdPerHour).length > 0, `${i.type}: no price`);
      for (const [region, price] of Object.entries(i.onDemandUsdPerHour)) {
        assert.ok(price > 0, `${i.type} ${region}: ${price}`);
      }
      assert.ok(accelerators.has(i.accelerator), `${i.type}: accelerator ${i.accelerator}`);
    }
    for (const m of catalog.models) {
      assert.ok(m.inputUsdPerMillion > 0 && m.outputUsdPerMillion > 0, m.id);
      if (m.cachedInputUsdPerMillion !== undefined) assert.ok(m.cachedInputUsdPerMillion > 0, m.id);
    }
    for (const a of catalog.accelerators) assert.ok(a.boardPowerWatts > 0, a.id);
    for (const r of catalog.regionMultipliers) assert.ok(r.multiplier > 0, r.region);
  });
});

describe("catalog validation", () => {
  const tempDirs: string[] = [];
  after(() => {
    for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
  });

  /** Copies the shipped catalog into a temp dir, applies `edit` to one file's text, and returns the dir. */
  function mutated(file: CatalogFile, edit: (text: string) => string): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gpu-breakeven-catalog-"));
    tempDirs.push(dir);
    for (const name of FILES) {
      const text = fs.readFileSync(path.join(catalogDataDir, name), "utf8");
      const out = name === file ? edit(text) : text;
      if (name === file) assert.notEqual(out, text, "the mutation did not change the file");
      fs.writeFileSync(path.join(dir, name), out);
    }
    return dir;
  }

  /** Asserts that compiling `dir` throws a CatalogError whose message is exactly `expected`. */
  function rejects(dir: string, expected: string): void {
    assert.throws(
      () => compileCatalog(dir),
      (e: unknown) => {
        assert.ok(e instanceof CatalogError, `expected a CatalogError, got ${String(e)}`);
        assert.equal(e.message, expected);
        return true;
      },
    );
  }

  const G6E_PRICE = "onDemandUsdPerHour: { us-east-1: 1.861 }";
  const G6E_LINE = /^ {2}- \{ type: g6e\.xlarge,.*$/m;

  it("accepts an unmodified copy", () => {
    const dir = mutated("models.yaml", (t) => t + "\n");
    assert.doesNotThrow(() => compileCatalog(dir));
  });

  it("rejects a negative price, naming the file, the entry and the key", () => {
    const dir = mutated("instances.yaml", (t) => t.replace(G6E_PRICE, "onDemandUsdPerHour: { us-east-1: -1.861 }"));
    rejects(dir, "instances.yaml: instances[g6e.xlarge].onDemandUsdPerHour.us-east-1: onDemandUsdPerHour must be greater than 0");
  });

  it("rejects an unknown source id", () => {
    const dir = mutated("instances.yaml", (t) =>
      t.replace(G6E_LINE, (line) => line.replace("source: karpenter-pricing-2026-07", "source: no-such-source")),
    );
    rejects(dir, 'instances.yaml: g6e.xlarge: source "no-such-source" is not listed under sources');
  });

  it("rejects an unknown accelerator", () => {
    const dir = mutated("instances.yaml", (t) => t.replace(G6E_LINE, (line) => line.replace("accelerator: l40s,", "accelerator: l40x,")));
    rejects(dir, 'instances.yaml: g6e.xlarge: accelerator "l40x" is not in accelerators.yaml');
  });

  it("rejects a duplicate instance type", () => {
    const dir = mutated("instances.yaml", (t) => t.replace(G6E_LINE, (line) => `${line}\n${line}`));
    rejects(dir, "instances.yaml: g6e.xlarge is listed twice");
  });

  it("rejects a model whose output price is below a tenth of its input price without a note", () => {
    const dir = mutated("models.yaml", (t) =>
      t.replace("id: openai/gpt-4o-mini, inputUsdPerMillion: 0.15, outputUsdPerMillion: 0.6,", "id: openai/gpt-4o-mini, inputUsdPerMillion: 0.15, outputUsdPerMillion: 0.01,"),
    );
    rejects(dir, "models.yaml: openai/gpt-4o-mini: output price is below a tenth of the input price; add a note if that is right");
  });

  it("accepts that model once it carries a note", () => {
    const dir = mutated("models.yaml", (t) =>
      t.replace(
        "id: openai/gpt-4o-mini, inputUsdPerMillion: 0.15, outputUsdPerMillion: 0.6,",
        'id: openai/gpt-4o-mini, note: "deliberately cheap output", inputUsdPerMillion: 0.15, outputUsdPerMillion: 0.01,',
      ),
    );
    assert.doesNotThrow(() => compileCatalog(dir));
  });

  it("rejects a malformed date", () => {
    const dir = mutated("instances.yaml", (t) => t.replace(G6E_LINE, (line) => line.replace("asOf: 2026-07-20", "asOf: 2026/07/20")));
    rejects(dir, "instances.yaml: instances[g6e.xlarge].asOf: must be a date written YYYY-MM-DD");
  });

  it("rejects a date that is not on the calendar", () => {
    const dir = mutated("instances.yaml", (t) => t.replace(G6E_LINE, (line) => line.replace("asOf: 2026-07-20", "asOf: 2026-13-01")));
    rejects(dir, "instances.yaml: instances[g6e.xlarge].asOf: is not a real calendar date");
  });

  it("rejects a malformed accelerator date, naming the accelerator", () => {
    const dir = mutated("accelerators.yaml", (t) =>
      t.replace(/(- \{ id: l40s,.*?asOf: )2026-08-01/, "$12026/08/01"),
    );
    rejects(dir, "accelerators.yaml: accelerators[l40s].asOf: must be a date written YYYY-MM-DD");
  });
});
