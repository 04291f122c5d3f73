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
    for (const e of catalog.regionMultipliers) check(`multiplier ${e.family} ${e.region}`, e.source, e.asOf);
    for (const e of catalog.notOffered) check(`notOffered ${(e.families ?? e.types ?? []).join(",")}`, e.source, e.asOf);
    for (const e of catalog.spotDiscounts) check(`spot ${e.families}`, e.source, e.asOf);
    for (const e of catalog.commitmentDiscounts) check(`${e.kind} ${e.termYears}`, e.source, e.asOf);
    for (const e of catalog.accelerators) check(e.id, e.source, e.asOf);
    for (const e of catalog.models) {
      check(e.id, e.source, e.asOf);
      if (e.cachedInputSource) check(`${e.id} cache read`, e.cachedInputSource, catalog.sources[e.cachedInputSource]?.asOf);
      if (e.aggregator) check(`${e.id} aggregator`, e.aggregator.source, catalog.sources[e.aggregator.source]?.asOf);
      for (const p of e.periods ?? []) check(`${e.id} period ${p.from ?? ""}–${p.until ?? ""}`, p.source ?? e.source, p.asOf ?? e.asOf);
    }
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
    // the newest figures were read on 2026-12-01: the providers' own pages (Anthropic, Fireworks, Groq) and the
    // SageMaker P estimate; the regional EC2 prices are dated 2026-08-26 (vantage-ec2-2026-08)
    assert.equal(catalog.asOf, "2026-12-01");
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
    const dir = mutated("instances.yaml", line("type", "g6e.xlarge", (l) => l.replace(" source: vantage-ec2-2026-08,", "")));
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
    const dir = mutated("instances.yaml", line("type", "p5.48xlarge", (l) => l.replace("{ us-east-1: 55.04,", "{ us-east-1: 0,")));
    rejects(dir, "instances.yaml: instances[p5.48xlarge].onDemandUsdPerHour.us-east-1: onDemandUsdPerHour must be greater than 0");
  });

  it("a price credited to a region-specific source for a region without a price", () => {
    const dir = mutated("instances.yaml", line("type", "p5.48xlarge", (l) => l.replace("priceSources: { us-east-1: karpenter-pricing-2026-07 }", "priceSources: { us-east-1: karpenter-pricing-2026-07, eu-west-1: vantage-ec2-2026-08 }")));
    rejects(dir, "instances.yaml: p5.48xlarge: priceSources names eu-west-1, which has no price");
  });

  it("a negative regional multiplier", () => {
    const dir = mutated("instances.yaml", (t) => t.replace("family: g4dn, region: us-east-2, multiplier: 1,", "family: g4dn, region: us-east-2, multiplier: -1,"));
    rejects(dir, "instances.yaml: regionMultipliers[0].multiplier: multiplier must be greater than 0");
  });

  it("a regional multiplier not marked as an estimate", () => {
    const dir = mutated("instances.yaml", (t) => t.replace(/(family: g4dn, region: us-east-2, .*?)estimate: true/, "$1estimate: false"));
    rejects(dir, "instances.yaml: regionMultipliers[0].estimate: a price from a regional multiplier is an estimate: estimate must be true");
  });

  it("a regional multiplier measured on another family", () => {
    // the g5 eu-central-1 ratio "measured" on g6.2xlarge: another family's ratio, which may never price g5
    const dir = mutated("instances.yaml", (t) => t.replace(
      "family: g5, region: eu-central-1, multiplier: 1.2505, measuredOn: { type: g5.xlarge, usEast1UsdPerHour: 1.006, regionUsdPerHour: 1.258 }",
      "family: g5, region: eu-central-1, multiplier: 1.2505, measuredOn: { type: g6.2xlarge, usEast1UsdPerHour: 0.9776, regionUsdPerHour: 1.22249 }",
    ));
    rejects(dir, "instances.yaml: regionMultipliers g5 eu-central-1: measured on g6.2xlarge, which is not an EC2 type of family g5: a multiplier applies only to the family it was measured on");
  });

  it("a regional multiplier that is not the ratio of the prices it names", () => {
    // the old borrowed ratio: g5 eu-central-1 × 1.25 would be fine (1.258 ÷ 1.006 = 1.250497), × 1.45 is not
    const dir = mutated("instances.yaml", (t) => t.replace("family: g5, region: eu-central-1, multiplier: 1.2505,", "family: g5, region: eu-central-1, multiplier: 1.45,"));
    rejects(dir, "instances.yaml: regionMultipliers g5 eu-central-1: multiplier 1.45 is not 1.258 ÷ 1.006 = 1.250497");
  });

  it("a regional multiplier whose measured prices are not the catalog's", () => {
    const dir = mutated("instances.yaml", (t) => t.replace(
      "measuredOn: { type: g5.xlarge, usEast1UsdPerHour: 1.006, regionUsdPerHour: 1.258 }",
      "measuredOn: { type: g5.xlarge, usEast1UsdPerHour: 1, regionUsdPerHour: 1.2505 }",
    ));
    // 1.2505 ÷ 1 = 1.2505 is the multiplier, but neither price is the catalog's
    rejects(dir, [
      "instances.yaml: regionMultipliers g5 eu-central-1: measuredOn says g5.xlarge costs 1 in us-east-1; the catalog lists 1.006",
      "instances.yaml: regionMultipliers g5 eu-central-1: measuredOn says g5.xlarge costs 1.2505 in eu-central-1; the catalog lists 1.258",
    ].join("\n"));
  });

  it("a regional multiplier for a region where the family is not offered", () => {
    const dir = mutated("instances.yaml", (t) => t.replace(
      "notOffered:\n",
      "  - { family: trn1, region: eu-west-1, multiplier: 1, measuredOn: { type: trn1.32xlarge, usEast1UsdPerHour: 21.5, regionUsdPerHour: 21.5 }, estimate: true, source: vantage-ec2-2026-08, asOf: 2026-08-26 }\n\nnotOffered:\n",
    ).replace(/\n\n(\s+- \{ family: trn1, region: eu-west-1)/, "\n$1"));
    rejects(dir, [
      "instances.yaml: regionMultipliers trn1 eu-west-1: measuredOn says trn1.32xlarge costs 21.5 in eu-west-1; the catalog lists no price",
      "instances.yaml: regionMultipliers trn1 eu-west-1: the family is not offered in eu-west-1",
    ].join("\n"));
  });

  it("two multipliers for one family and region", () => {
    // the p5 eu-west-2 entry moved to eu-north-1: listed twice, and its measured price (71.552) is not p5's eu-north-1 price
    const dir = mutated("instances.yaml", (t) => t.replace("family: p5, region: eu-west-2", "family: p5, region: eu-north-1"));
    rejects(dir, [
      "instances.yaml: regionMultipliers p5 eu-north-1: measuredOn says p5.48xlarge costs 71.552 in eu-north-1; the catalog lists 58.8928",
      "instances.yaml: regionMultipliers: p5 in eu-north-1 is listed twice",
    ].join("\n"));
  });

  it("a not-offered entry that contradicts a listed price", () => {
    const dir = mutated("instances.yaml", (t) => t.replace("types: [ p5.4xlarge ], regions: [ eu-north-1 ]", "types: [ p5.4xlarge ], regions: [ eu-north-1, us-east-2 ]"));
    rejects(dir, "instances.yaml: p5.4xlarge has a us-east-2 price, but notOffered says p5.4xlarge is not offered in us-east-2");
  });

  it("a not-offered entry that names neither families nor types", () => {
    const dir = mutated("instances.yaml", (t) => t.replace("- { types: [ p5.4xlarge ], regions: [ eu-north-1 ],", "- { regions: [ eu-north-1 ],"));
    rejects(dir, "instances.yaml: notOffered[11]: must name either families or types");
  });

  it("an estimated instance price without the note that derives it", () => {
    const dir = mutated("instances.yaml", line("type", "ml.p4d.24xlarge", (l) => l.replace(/, note: "[^"]*"/, "")));
    rejects(dir, "instances.yaml: ml.p4d.24xlarge: an estimated price needs a note saying how it was derived");
  });

  it("an aggregator's figure overridden by a source that is not the provider's", () => {
    const dir = mutated("models.yaml", line("id", "fireworks/accounts/fireworks/models/llama-v3p1-8b-instruct", (l) => l.replace("source: fireworks-pricing,", "source: litellm-prices-2026-07,")));
    rejects(dir, "models.yaml: fireworks/accounts/fireworks/models/llama-v3p1-8b-instruct: an entry that overrides an aggregator's price must cite the provider's own price (source litellm-prices-2026-07 is not publisher: provider)");
  });

  it("an aggregator's figure overridden without a note naming both", () => {
    const dir = mutated("models.yaml", line("id", "bedrock/meta.llama3-1-70b-instruct-v1:0", (l) => l.replace(/, note: "[^"]*"/, "")));
    rejects(dir, "models.yaml: bedrock/meta.llama3-1-70b-instruct-v1:0: an entry that overrides an aggregator's price needs a note naming both figures");
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
