import assert from "node:assert/strict";
import { compileCatalog } from "../src/catalog/compile";
import { assertCatalogRejects, catalogCopies } from "./helpers/catalogCopies";
import type { Catalog } from "../src/catalog/schema";


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
    const dates = [
      ...catalog.instances, ...catalog.accelerators, ...catalog.models, ...catalog.regionMultipliers, ...catalog.spotDiscounts, ...catalog.commitmentDiscounts,
    ].map((e) => e.asOf);
    assert.equal(catalog.asOf, dates.sort().at(-1));
  });

  it("carries the instance figures of the Karpenter pricing dump and instance-type reference", () => {
    // karpenter-pricing-2026-07 / karpenter-instance-types-2026-07: g6e.xlarge, L40S × 1, 44.7 GiB, 4 vCPU, 32 GiB, $1.861/h
    const g6e = instance("g6e.xlarge");
    assert.equal(g6e.onDemandUsdPerHour["us-east-1"], 1.861);
    assert.equal(g6e.accelerator, "l40s");
    assert.equal(g6e.acceleratorCount, 1);
    assert.equal(g6e.acceleratorMemoryGiB, 44.7);
    assert.equal(g6e.vcpu, 4);
    assert.equal(g6e.memoryGiB, 32);
    // p5.48xlarge: H100 × 8, 80 GiB each, 192 vCPU, 2048 GiB, $55.04/h
    const p5 = instance("p5.48xlarge");
    assert.equal(p5.accelerator, "h100");
    assert.equal(p5.acceleratorCount, 8);
    assert.equal(p5.onDemandUsdPerHour["us-east-1"], 55.04);
    // p4d.24xlarge: A100 × 8, 40 GiB each, $21.957642/h (post-June-2025 price)
    assert.equal(instance("p4d.24xlarge").onDemandUsdPerHour["us-east-1"], 21.957642);
    // g6f.large: L4 × 0.125 (fractional), 2.8 GiB, 2 vCPU, 8 GiB, $0.202/h
    const g6f = instance("g6f.large");
    assert.equal(g6f.acceleratorCount, 0.125);
    assert.ok(g6f.note, "fractional GPU types carry a note");
  });

  it("leaves out the types without an on-demand price", () => {
    // Neither the Karpenter dump nor vantage-ec2-2026-08 gives p5e.48xlarge or trn2.48xlarge an on-demand price: a stack using one is told the
    // type is not in the catalog and to price it in the policy config, rather than priced from a guess.
    const types = new Set(catalog.instances.map((i) => i.type));
    assert.ok(!types.has("p5e.48xlarge"));
    assert.ok(!types.has("trn2.48xlarge"));
  });

  it("carries the SageMaker figures: FMBench's table, and post-cut estimates for the P types", () => {
    // fmbench-sagemaker-pricing: ml.g5.xlarge 1.4084
    assert.equal(instance("ml.g5.xlarge").onDemandUsdPerHour["us-east-1"], 1.4084);
    // ml.p4d.24xlarge: the pre-cut 37.688 is replaced by 21.957642 (EC2, post-cut) × 1.15 = 25.2512883 → 25.251288, an estimate
    const p4d = instance("ml.p4d.24xlarge");
    assert.equal(p4d.onDemandUsdPerHour["us-east-1"], 25.251288);
    assert.equal(p4d.estimate, true);
    assert.match(p4d.note ?? "", /21\.957642 .* × .* 1\.15 .* = 25\.251288/);
    assert.equal(p4d.acceleratorCount, instance("p4d.24xlarge").acceleratorCount);
  });

  it("carries regional multipliers for the SageMaker families only, each measured on its own family's published prices", () => {
    // g5 eu-central-1: measured on g5.xlarge, $1.258 ÷ $1.006 = 1.250497 → 1.2505
    const g5 = catalog.regionMultipliers.find((m) => m.family === "g5" && m.region === "eu-central-1");
    assert.deepEqual([g5?.multiplier, g5?.measuredOn], [1.2505, { type: "g5.xlarge", usEast1UsdPerHour: 1.006, regionUsdPerHour: 1.258 }]);
    // p5 ap-northeast-1: p5.48xlarge $68.8 ÷ $55.04 = 1.25 (post-cut; the pre-cut ratio was 1.253)
    const p5 = catalog.regionMultipliers.find((m) => m.family === "p5" && m.region === "ap-northeast-1");
    assert.equal(p5?.multiplier, 1.25);
    const sagemakerFamilies = new Set(catalog.instances.filter((i) => i.type.startsWith("ml.")).map((i) => i.type.split(".")[1]));
    for (const m of catalog.regionMultipliers) assert.ok(sagemakerFamilies.has(m.family), `${m.family}: no SageMaker type needs it`);
  });

  it("carries the model prices of LiteLLM's table", () => {
    // litellm-prices-2026-07: claude-haiku-4-5 $1 / $5, cache read $0.1
    const haiku = model("anthropic/claude-haiku-4-5");
    assert.equal(haiku.inputUsdPerMillion, 1);
    assert.equal(haiku.outputUsdPerMillion, 5);
    assert.equal(haiku.cachedInputUsdPerMillion, 0.1);
    // gpt-4o-mini $0.15 / $0.60, cache read $0.075
    const mini = model("openai/gpt-4o-mini");
    assert.equal(mini.inputUsdPerMillion, 0.15);
    assert.equal(mini.outputUsdPerMillion, 0.6);
    // gemini/gemini-2.5-flash $0.30 / $2.50, cache read $0.03
    const flash = model("google/gemini-2.5-flash");
    assert.equal(flash.inputUsdPerMillion, 0.3);
    assert.equal(flash.outputUsdPerMillion, 2.5);
    // groq/llama-3.1-8b-instant $0.05 / $0.08
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

  it("lists every EC2 accelerator type the Karpenter dump prices, at its us-east-1 price", () => {
    // karpenter-pricing-2026-07, every accelerator type with a us-east-1 $/h (p5e.48xlarge and trn2.48xlarge have none)
    const expected: Record<string, number> = {
    "p3.2xlarge": 3.06, "p3.8xlarge": 12.24, "p3.16xlarge": 24.48, "p3dn.24xlarge": 31.212, "p4d.24xlarge": 21.957642,
    "p4de.24xlarge": 27.44705, "p5.4xlarge": 6.88, "p5.48xlarge": 55.04, "p5en.48xlarge": 63.296, "p6-b200.48xlarge": 113.9328,
    "p6-b300.48xlarge": 142.416, "g4dn.xlarge": 0.526, "g4dn.2xlarge": 0.752, "g4dn.4xlarge": 1.204, "g4dn.8xlarge": 2.176,
    "g4dn.12xlarge": 3.912, "g4dn.16xlarge": 4.352, "g4dn.metal": 7.824, "g4ad.xlarge": 0.37853, "g4ad.2xlarge": 0.54117,
    "g4ad.4xlarge": 0.867, "g4ad.8xlarge": 1.734, "g4ad.16xlarge": 3.468, "g5.xlarge": 1.006, "g5.2xlarge": 1.212,
    "g5.4xlarge": 1.624, "g5.8xlarge": 2.448, "g5.12xlarge": 5.672, "g5.16xlarge": 4.096, "g5.24xlarge": 8.144,
    "g5.48xlarge": 16.288, "g5g.xlarge": 0.42, "g5g.2xlarge": 0.556, "g5g.4xlarge": 0.828, "g5g.8xlarge": 1.372,
    "g5g.16xlarge": 2.744, "g5g.metal": 2.744, "g6.xlarge": 0.8048, "g6.2xlarge": 0.9776, "g6.4xlarge": 1.3232,
    "g6.8xlarge": 2.0144, "g6.12xlarge": 4.6016, "g6.16xlarge": 3.3968, "g6.24xlarge": 6.6752, "g6.48xlarge": 13.3504,
    "g6e.xlarge": 1.861, "g6e.2xlarge": 2.24208, "g6e.4xlarge": 3.00424, "g6e.8xlarge": 4.52856, "g6e.12xlarge": 10.49264,
    "g6e.16xlarge": 7.57719, "g6e.24xlarge": 15.06559, "g6e.48xlarge": 30.13118, "g6f.large": 0.202, "g6f.xlarge": 0.2375,
    "g6f.2xlarge": 0.475, "g6f.4xlarge": 0.95, "gr6.4xlarge": 1.5392, "gr6.8xlarge": 2.4464, "gr6f.4xlarge": 1.066,
    "g7.2xlarge": 2.52, "g7.4xlarge": 3.04208, "g7.8xlarge": 4.08624, "g7.12xlarge": 7.12832, "g7.24xlarge": 14.25664,
    "g7.48xlarge": 28.51328, "g7e.2xlarge": 3.36312, "g7e.4xlarge": 3.99816, "g7e.8xlarge": 5.26824, "g7e.12xlarge": 8.28608,
    "g7e.24xlarge": 16.57216, "g7e.48xlarge": 33.14432, "inf1.xlarge": 0.228, "inf1.2xlarge": 0.362, "inf1.6xlarge": 1.18,
    "inf1.24xlarge": 4.721, "inf2.xlarge": 0.7582, "inf2.8xlarge": 1.96786, "inf2.24xlarge": 6.49063, "inf2.48xlarge": 12.98127,
    "trn1.2xlarge": 1.34375, "trn1.32xlarge": 21.5, "trn1n.32xlarge": 24.78,
    };
    assert.equal(Object.keys(expected).length, 83);
    for (const [type, price] of Object.entries(expected)) {
      assert.equal(instance(type).onDemandUsdPerHour["us-east-1"], price, type);
      // the us-east-1 price cites the Karpenter dump, the other regions vantage-ec2-2026-08
      assert.equal(instance(type).priceSources?.["us-east-1"], "karpenter-pricing-2026-07", type);
    }
    const ec2 = catalog.instances.filter((i) => !i.type.startsWith("ml."));
    assert.deepEqual(ec2.map((i) => i.type).sort(), Object.keys(expected).sort());
    // the families issue 5 names
    const families = new Set(ec2.map((i) => i.type.split(".")[0]));
    for (const f of ["p3", "p3dn", "p4d", "p4de", "p5", "p5en", "p6-b200", "p6-b300", "g4dn", "g4ad", "g5", "g5g", "g6", "g6e", "g6f", "gr6", "gr6f",
      "g7", "g7e", "inf1", "inf2", "trn1", "trn1n"]) {
      assert.ok(families.has(f), f);
    }
  });

  it("lists every SageMaker type FMBench's table prices (the P types at their post-cut estimates)", () => {
    const expected: Record<string, number> = {
      "ml.g5.xlarge": 1.4084, "ml.g5.2xlarge": 1.515, "ml.g5.12xlarge": 7.09, "ml.g5.24xlarge": 10.18, "ml.g5.48xlarge": 20.36,
      "ml.g6.2xlarge": 1.222, "ml.g6.12xlarge": 5.752, "ml.g6.16xlarge": 4.246, "ml.g6.24xlarge": 8.344, "ml.g6.48xlarge": 16.688,
      "ml.inf2.xlarge": 0.99, "ml.inf2.8xlarge": 2.36, "ml.inf2.24xlarge": 7.79, "ml.inf2.48xlarge": 15.58, "ml.trn1.32xlarge": 28.497,
      "ml.p4d.24xlarge": 25.251288, "ml.p5.48xlarge": 63.296, "ml.p3.2xlarge": 3.825, "ml.g4dn.12xlarge": 4.89,
    };
    for (const [type, price] of Object.entries(expected)) {
      const it = instance(type);
      assert.equal(it.onDemandUsdPerHour["us-east-1"], price, type);
      // specs are those of the EC2 type without ml.
      const ec2 = instance(type.slice(3));
      assert.deepEqual([it.accelerator, it.acceleratorCount, it.acceleratorMemoryGiB], [ec2.accelerator, ec2.acceleratorCount, ec2.acceleratorMemoryGiB], type);
    }
  });

  it("gives every EC2 type a published price, or a not-offered entry, in each of the nine regions", () => {
    const regions = ["us-east-1", "us-east-2", "us-west-2", "eu-west-1", "eu-west-2", "eu-central-1", "eu-north-1", "ap-northeast-1", "ap-southeast-1"];
    const notOffered = (type: string, region: string) =>
      catalog.notOffered.filter((e) => e.regions.includes(region) && ((e.families ?? []).includes(type.split(".")[0]) || (e.types ?? []).includes(type)));
    for (const i of catalog.instances.filter((x) => !x.type.startsWith("ml."))) {
      for (const region of regions) {
        const listed = i.onDemandUsdPerHour[region] !== undefined;
        assert.equal(notOffered(i.type, region).length, listed ? 0 : 1, `${i.type} in ${region}: ${listed ? "priced and not offered" : "neither priced nor not offered"}`);
      }
    }
    // a sample: g5.4xlarge eu-west-1 $1.81287/h and ap-northeast-1 $2.35528/h (the figures the G5 ratios were read from)
    assert.deepEqual([instance("g5.4xlarge").onDemandUsdPerHour["eu-west-1"], instance("g5.4xlarge").onDemandUsdPerHour["ap-northeast-1"]], [1.81287, 2.35528]);
  });

  it("gives every accelerator a board power, with aliases that never name two accelerators", () => {
    const names = catalog.accelerators.flatMap((a) => [a.id, ...a.aliases]);
    assert.equal(new Set(names).size, names.length);
    for (const a of catalog.accelerators) assert.ok(a.boardPowerWatts > 0, a.id);
    // dc-liquid-cooling-hardware-spec and mlco2-gpus: H100 SXM 700 W, A100 SXM4 400 W, L40S 350 W, L4 72 W, T4 70 W
    const watts = (id: string) => catalog.accelerators.find((a) => a.id === id)?.boardPowerWatts;
    assert.deepEqual([watts("h100"), watts("a100"), watts("l40s"), watts("l4"), watts("t4")], [700, 400, 350, 72, 70]);
    assert.ok(catalog.accelerators.find((a) => a.id === "h100")?.aliases.includes("h100-sxm"));
  });

  it("carries spot and commitment discounts with their sources", () => {
    assert.deepEqual(catalog.spotDiscounts.map((s) => [s.families.join(","), s.discount]), [["g5", 0.5], ["g6", 0.54], ["p3", 0.79], ["p4d", 0.56], ["p5", 0.45]]);
    assert.deepEqual(
      catalog.commitmentDiscounts.map((c) => `${c.kind} ${c.termYears} ${c.discount} ${c.estimate}`),
      ["savings-plan 1 0.35 true", "savings-plan 3 0.575 true", "reserved 1 0.35 true", "reserved 3 0.575 true"],
    );
  });

  it("cites a listed source and a date for every entry", () => {
    const entries: { key: string; source: string; asOf: string }[] = [
      ...catalog.instances.map((e) => ({ key: e.type, source: e.source, asOf: e.asOf })),
      ...catalog.accelerators.map((e) => ({ key: e.id, source: e.source, asOf: e.asOf })),
      ...catalog.models.map((e) => ({ key: e.id, source: e.source, asOf: e.asOf })),
      ...catalog.regionMultipliers.map((e) => ({ key: `${e.family}@${e.region}`, source: e.source, asOf: e.asOf })),
      ...catalog.notOffered.map((e) => ({ key: `notOffered ${(e.families ?? e.types ?? []).join(",")}`, source: e.source, asOf: e.asOf })),
      ...catalog.spotDiscounts.map((e) => ({ key: `spot ${e.families.join(",")}`, source: e.source, asOf: e.asOf })),
      ...catalog.commitmentDiscounts.map((e) => ({ key: `${e.kind} ${e.termYears}`, source: e.source, asOf: e.asOf })),
      ...catalog.instances.flatMap((e) =>
        Object.entries(e.priceSources ?? {}).map(([region, source]) => ({ key: `${e.type}@${region}`, source, asOf: catalog.sources[source]?.asOf ?? "" }))),
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
  const copies = catalogCopies("gpu-breakeven-catalog-");
  after(() => copies.cleanup());
  const mutated = copies.mutated;
  const rejects = assertCatalogRejects;

  const G6E_PRICE = "onDemandUsdPerHour: { us-east-1: 1.861,";
  const G6E_LINE = /^ {2}- \{ type: g6e\.xlarge,.*$/m;

  it("accepts an unmodified copy", () => {
    const dir = mutated("models.yaml", (t) => t + "\n");
    assert.doesNotThrow(() => compileCatalog(dir));
  });

  it("rejects a negative price, naming the file, the entry and the key", () => {
    const dir = mutated("instances.yaml", (t) => t.replace(G6E_PRICE, "onDemandUsdPerHour: { us-east-1: -1.861,"));
    rejects(dir, "instances.yaml: instances[g6e.xlarge].onDemandUsdPerHour.us-east-1: onDemandUsdPerHour must be greater than 0");
  });

  it("rejects an unknown source id", () => {
    const dir = mutated("instances.yaml", (t) =>
      t.replace(G6E_LINE, (line) => line.replace("source: vantage-ec2-2026-08", "source: no-such-source")),
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
    const dir = mutated("instances.yaml", (t) => t.replace(G6E_LINE, (line) => line.replace("asOf: 2026-08-26", "asOf: 2026/08/26")));
    rejects(dir, "instances.yaml: instances[g6e.xlarge].asOf: must be a date written YYYY-MM-DD");
  });

  it("rejects a date that is not on the calendar", () => {
    const dir = mutated("instances.yaml", (t) => t.replace(G6E_LINE, (line) => line.replace("asOf: 2026-08-26", "asOf: 2026-13-01")));
    rejects(dir, "instances.yaml: instances[g6e.xlarge].asOf: is not a real calendar date");
  });

  it("rejects a malformed accelerator date, naming the accelerator", () => {
    const dir = mutated("accelerators.yaml", (t) =>
      t.replace(/(- \{ id: l40s,.*?asOf: )2026-08-01/, "$12026/08/01"),
    );
    rejects(dir, "accelerators.yaml: accelerators[l40s].asOf: must be a date written YYYY-MM-DD");
  });
});
