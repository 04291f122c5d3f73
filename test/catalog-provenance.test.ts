// Provenance (issue 5, item 3): every catalog entry names its source and the date it was read, and a catalog
// with an impossible value does not build. Each case copies the shipped YAML, breaks one thing, and asserts
// the exact problem compileCatalog reports (the build prints the same text and fails).
import assert from "node:assert/strict";
import { compileCatalog } from "../src/catalog/compile";
import { assertCatalogRejects, catalogCopies } from "./helpers/catalogCopies";


describe("catalog provenance: every entry has a source and a date", () => {
  const catalog = compileCatalog();

  it("every instance, price region, multiplier, discount, accelerator and model cites a listed source and a date", () => {
    const date = /^\d{4}-\d{2}-\d{2}$/;
    const check = (what: string, source: string | undefined, asOf: string | undefined) => {
      assert.ok(source && catalog.sources[source], `${what}: source ${source} is not listed`);
      assert.match(asOf ?? "", date, `${what}: asOf`);
    };
    for (const e of catalog.instances) {
      check(e.type, e.source, e.asOf);
      for (const [region, source] of Object.entries(e.priceSources ?? {})) check(`${e.type}@${region}`, source, catalog.sources[source]?.asOf);
    }
    for (const e of catalog.regionMultipliers) check(`multiplier ${e.region}`, e.source, e.asOf);
    for (const e of catalog.spotDiscounts) check(`spot ${e.families}`, e.source, e.asOf);
    for (const e of catalog.commitmentDiscounts) check(`${e.kind} ${e.termYears}`, e.source, e.asOf);
    for (const e of catalog.accelerators) check(e.id, e.source, e.asOf);
    for (const e of catalog.models) check(e.id, e.source, e.asOf);
    for (const [id, s] of Object.entries(catalog.sources)) {
      assert.ok(s.title.length > 10 && s.reference.length > 5, `source ${id} says what it is and where`);
      assert.match(s.asOf, date, `source ${id}`);
    }
  });

  it("has no impossible value: prices above 0, discounts inside 0–1, cached input at most input, cheap output explained", () => {
    for (const i of catalog.instances) for (const p of Object.values(i.onDemandUsdPerHour)) assert.ok(p > 0, i.type);
    for (const m of catalog.models) {
      assert.ok(m.inputUsdPerMillion > 0 && m.outputUsdPerMillion > 0, `${m.id}: every catalog model is paid`);
      if (m.cachedInputUsdPerMillion !== undefined) assert.ok(m.cachedInputUsdPerMillion > 0 && m.cachedInputUsdPerMillion <= m.inputUsdPerMillion, m.id);
      if (m.outputUsdPerMillion < m.inputUsdPerMillion / 10) assert.ok(m.note, `${m.id}: output below a tenth of input needs a note`);
    }
    for (const r of catalog.regionMultipliers) assert.ok(r.multiplier > 0.5 && r.multiplier < 2, `${r.region}: ${r.multiplier} is implausible`);
    for (const s of [...catalog.spotDiscounts, ...catalog.commitmentDiscounts]) assert.ok(s.discount > 0 && s.discount < 1);
  });

  it("dates the catalog by its newest figure, which messages and catalog-fresh name", () => {
    // the newest figures are the regional, spot and commitment data read on 2026-08-01 (pricing-facts.md)
    assert.equal(catalog.asOf, "2026-08-01");
  });
});

describe("catalog provenance: a catalog with an impossible value does not build", () => {
  const copies = catalogCopies("gpu-breakeven-provenance-");
  after(() => copies.cleanup());
  const mutated = copies.mutated;
  const rejects = assertCatalogRejects;

  /** Edits the one line of `file` that starts with `- { <key>: <value>,`. */
  const line = (key: string, value: string, edit: (l: string) => string) => (text: string) =>
    text.replace(new RegExp(`^ {2}- \\{ ${key}: ${value.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")},.*$`, "m"), edit);

  it("an instance without a source", () => {
    const dir = mutated("instances.yaml", line("type", "g6e.xlarge", (l) => l.replace(" source: karpenter-pricing-2026-07,", "")));
    rejects(dir, "instances.yaml: instances[g6e.xlarge].source: must name a source id from the file's sources");
  });

  it("a model without a date", () => {
    const dir = mutated("models.yaml", line("id", "openai/gpt-4o-mini", (l) => l.replace(", asOf: 2026-07-24", "")));
    rejects(dir, "models.yaml: models[openai/gpt-4o-mini].asOf: must be a date written YYYY-MM-DD");
  });

  it("a source without a date", () => {
    const dir = mutated("models.yaml", (t) => t.replace("    asOf: 2026-07-24\n", ""));
    rejects(dir, "models.yaml: sources.litellm-prices-2026-07.asOf: must be a date written YYYY-MM-DD");
  });

  it("a model citing a source the file does not list", () => {
    const dir = mutated("models.yaml", line("id", "openai/gpt-4o-mini", (l) => l.replace("source: litellm-prices-2026-07", "source: a-blog-post")));
    rejects(dir, 'models.yaml: openai/gpt-4o-mini: source "a-blog-post" is not listed under sources');
  });

  it("a paid model priced at zero", () => {
    const dir = mutated("models.yaml", line("id", "openai/gpt-4o-mini", (l) => l.replace("inputUsdPerMillion: 0.15,", "inputUsdPerMillion: 0,")));
    rejects(dir, "models.yaml: models[openai/gpt-4o-mini].inputUsdPerMillion: inputUsdPerMillion must be greater than 0");
  });

  it("a negative output price", () => {
    const dir = mutated("models.yaml", line("id", "groq/llama-3.3-70b-versatile", (l) => l.replace("outputUsdPerMillion: 0.79", "outputUsdPerMillion: -0.79")));
    rejects(dir, "models.yaml: models[groq/llama-3.3-70b-versatile].outputUsdPerMillion: outputUsdPerMillion must be greater than 0");
  });

  it("a cached input price above the input price", () => {
    const dir = mutated("models.yaml", line("id", "openai/gpt-4o-mini", (l) => l.replace("cachedInputUsdPerMillion: 0.075", "cachedInputUsdPerMillion: 0.5")));
    rejects(dir, "models.yaml: openai/gpt-4o-mini: cached input price is above the input price");
  });

  it("an instance priced at zero in a region", () => {
    const dir = mutated("instances.yaml", line("type", "p5.48xlarge", (l) => l.replace("{ us-east-1: 55.04 }", "{ us-east-1: 0 }")));
    rejects(dir, "instances.yaml: instances[p5.48xlarge].onDemandUsdPerHour.us-east-1: onDemandUsdPerHour must be greater than 0");
  });

  it("a price credited to a region-specific source for a region without a price", () => {
    const dir = mutated("instances.yaml", line("type", "p5.48xlarge", (l) => l.replace("asOf: 2026-07-20 }", "asOf: 2026-07-20, priceSources: { eu-west-1: skypilot-vms-v7 } }")));
    rejects(dir, "instances.yaml: p5.48xlarge: priceSources names eu-west-1, which has no price");
  });

  it("a negative regional multiplier", () => {
    const dir = mutated("instances.yaml", (t) => t.replace("region: eu-west-1, multiplier: 1.116, estimate: false", "region: eu-west-1, multiplier: -1.116, estimate: false"));
    rejects(dir, "instances.yaml: regionMultipliers[0].multiplier: multiplier must be greater than 0");
  });

  it("an estimated multiplier without a note saying why", () => {
    const dir = mutated("instances.yaml", (t) => t.replace(/(region: us-west-2, multiplier: 1\.0, estimate: true, source: gpu-breakeven-region-estimates, asOf: 2026-08-01), note: "[^"]*"/, "$1"));
    rejects(dir, "instances.yaml: regionMultipliers us-west-2 p3,p3dn,p4d,p4de,p5,p5en,p6-b200,p6-b300,g4dn,g4ad,g5,g5g,g6,g6e,g6f,gr6,gr6f,g7,g7e,inf1,inf2,trn1,trn1n: an estimated multiplier needs a note saying why");
  });

  it("two multipliers for one family and region", () => {
    const dir = mutated("instances.yaml", (t) => t.replace("families: [ p5 ], region: eu-west-2", "families: [ p5 ], region: eu-north-1"));
    rejects(dir, "instances.yaml: regionMultipliers: p5 in eu-north-1 is listed twice");
  });

  it("a spot discount of 100% or more", () => {
    const dir = mutated("instances.yaml", (t) => t.replace("families: [ p3 ], discount: 0.79,", "families: [ p3 ], discount: 1.2,"));
    rejects(dir, "instances.yaml: spotDiscounts[2].discount: discount must be below 1 (a share of the on-demand price)");
  });

  it("a spot discount outside the range it was read from", () => {
    const dir = mutated("instances.yaml", (t) => t.replace("families: [ p3 ], discount: 0.79,", "families: [ p3 ], discount: 0.9,"));
    rejects(dir, "instances.yaml: spotDiscounts p3: discount 0.9 is outside its range 0.79–0.86");
  });

  it("a missing commitment default", () => {
    const dir = mutated("instances.yaml", (t) => t.replace(/^ {2}- \{ kind: reserved, termYears: 3,.*\n/m, ""));
    rejects(dir, "instances.yaml: commitmentDiscounts: reserved 3-yr is missing");
  });

  it("an alias that names two accelerators", () => {
    const dir = mutated("accelerators.yaml", (t) => t.replace("aliases: [ h200-sxm, h200-141gb ]", "aliases: [ h200-sxm, h200-141gb, h100-sxm ]"));
    rejects(dir, 'accelerators.yaml: h200: the name "h100-sxm" already names h100');
  });
});
