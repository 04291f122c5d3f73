import assert from "node:assert/strict";
import { assumptionsConfigSchema } from "../src/assumptions/configSchema";
import { defaultAssumptions, parseAssumptions } from "../src/assumptions/parse";

const POLICY = "self-hosting-break-even";

/** Every key path in a JSON value, e.g. "properties.managedModels.additionalProperties.required". */
function keyPaths(value: unknown, prefix = ""): string[] {
  if (value === null || typeof value !== "object") return [];
  const out: string[] = [];
  for (const [k, v] of Object.entries(value)) {
    const path = prefix ? `${prefix}.${k}` : k;
    out.push(path, ...keyPaths(v, path));
  }
  return out;
}

function problems(raw: unknown): string[] {
  const parsed = parseAssumptions(raw, POLICY);
  assert.equal(parsed.ok, false, "expected the config to be rejected");
  return parsed.ok ? [] : parsed.problems;
}

describe("assumptions: policy configSchema", () => {
  const schema = assumptionsConfigSchema();
  const expectedKeys = [
    "hoursPerMonth",
    "stressUtilization",
    "opsUsdPerHour",
    "electricityUsdPerKwh",
    "pue",
    "instancePrices",
    "regionalInstancePrices",
    "managedModels",
    "defaultManagedModel",
    "frontierModel",
    "fastModel",
    "spotDiscount",
    "ownedPowerLoadFactor",
    "catalogOverlay",
  ];

  it("has every DESIGN §4 key and the issue-3 keys, none with a JSON-schema default (the engine would copy it into every policy)", () => {
    assert.deepEqual(Object.keys(schema.properties).sort(), [...expectedKeys].sort());
    const withDefault = keyPaths(schema).filter((p) => /(^|\.)default$/.test(p));
    assert.deepEqual(withDefault, []);
  });

  it("states each default at the end of its description, but spotDiscount's (unset: the catalog's) and catalogOverlay's (unset: none)", () => {
    for (const [key, property] of Object.entries(schema.properties)) {
      const description = (property as { description?: string }).description ?? "";
      if (key === "spotDiscount" || key === "catalogOverlay") assert.ok(!description.includes("Default:"), description);
      else assert.match(description, / Default: .+\.$/, `${key}: ${description}`);
    }
  });

  it("requires nothing", () => {
    assert.deepEqual(schema.required, []);
  });

  it("has no anyOf, oneOf, allOf or $ref anywhere", () => {
    const forbidden = keyPaths(schema).filter((p) => /(^|\.)(anyOf|oneOf|allOf|\$ref)$/.test(p));
    assert.deepEqual(forbidden, []);
  });

  it("the walk finds nested keys (so the check above can fail)", () => {
    const paths = keyPaths({ properties: { a: { anyOf: [{ $ref: "#/x" }] } } });
    assert.ok(paths.includes("properties.a.anyOf"));
    assert.ok(paths.includes("properties.a.anyOf.0.$ref"));
  });

  it("the stated defaults are the documented defaults, and the ones the pack applies", () => {
    const stated = (key: string): unknown => {
      const description = (schema.properties[key] as { description?: string }).description ?? "";
      const match = / Default: (.+)\.$/.exec(description);
      return match ? JSON.parse(match[1]) : undefined;
    };
    const defaults = Object.fromEntries(Object.keys(schema.properties).map((k) => [k, stated(k)]));
    const documented = {
      hoursPerMonth: 730,
      stressUtilization: 0.5,
      opsUsdPerHour: 100,
      electricityUsdPerKwh: 0.0895,
      pue: 1.58,
      instancePrices: {},
      regionalInstancePrices: {},
      managedModels: {},
      defaultManagedModel: "anthropic/claude-haiku-4-5",
      frontierModel: "anthropic/claude-opus-5",
      fastModel: "google/gemini-2.5-flash",
      spotDiscount: undefined,
      ownedPowerLoadFactor: 1,
      catalogOverlay: undefined,
    };
    assert.deepEqual(defaults, documented);
    // The engine fills in no default any more: the pack's own (zod) defaults are the ones stated.
    const { spotDiscount: _unset, catalogOverlay: _none, ...applied } = documented;
    assert.deepEqual(defaultAssumptions(), applied);
  });
});

describe("assumptions: parseAssumptions", () => {
  const defaults = {
    hoursPerMonth: 730,
    stressUtilization: 0.5,
    opsUsdPerHour: 100,
    electricityUsdPerKwh: 0.0895,
    pue: 1.58,
    ownedPowerLoadFactor: 1,
    instancePrices: {},
    regionalInstancePrices: {},
    managedModels: {},
    defaultManagedModel: "anthropic/claude-haiku-4-5",
    frontierModel: "anthropic/claude-opus-5",
    fastModel: "google/gemini-2.5-flash",
  };

  it("gives the defaults for {}", () => {
    assert.deepEqual(parseAssumptions({}, POLICY), { ok: true, assumptions: defaults });
  });

  it("gives the defaults for no config at all, and defaultAssumptions() agrees", () => {
    assert.deepEqual(parseAssumptions(undefined, POLICY), { ok: true, assumptions: defaults });
    assert.deepEqual(defaultAssumptions(), defaults);
  });

  it("keeps the values an organisation sets", () => {
    const parsed = parseAssumptions(
      {
        hoursPerMonth: 720,
        instancePrices: { "g6e.xlarge": 1.5 },
        regionalInstancePrices: { "eu-central-1": { "g6e.xlarge": 2.1 } },
        managedModels: { "acme/llm": { inputUsdPerMillion: 0.5, outputUsdPerMillion: 1.5 } },
      },
      POLICY,
    );
    assert.ok(parsed.ok);
    assert.equal(parsed.assumptions.hoursPerMonth, 720);
    assert.equal(parsed.assumptions.stressUtilization, 0.5);
    assert.deepEqual(parsed.assumptions.instancePrices, { "g6e.xlarge": 1.5 });
    assert.deepEqual(parsed.assumptions.regionalInstancePrices, { "eu-central-1": { "g6e.xlarge": 2.1 } });
    assert.deepEqual(parsed.assumptions.managedModels, { "acme/llm": { inputUsdPerMillion: 0.5, outputUsdPerMillion: 1.5 } });
  });

  it("names policy config <policy>.<key> for an out-of-range number", () => {
    assert.deepEqual(problems({ hoursPerMonth: 800 }), [
      "policy config self-hosting-break-even.hoursPerMonth: must be at most 744 (31 days × 24 h)",
    ]);
    assert.deepEqual(problems({ stressUtilization: 1 }), [
      "policy config self-hosting-break-even.stressUtilization: must be below 1 (1 would be the declared volume itself)",
    ]);
    assert.deepEqual(problems({ pue: 0.9 }), ["policy config self-hosting-break-even.pue: must be at least 1.0"]);
  });

  it("names the nested key of a bad override price", () => {
    assert.deepEqual(problems({ instancePrices: { "g6e.xlarge": 0 } }), [
      "policy config self-hosting-break-even.instancePrices.g6e.xlarge: must be a price in USD per hour greater than 0",
    ]);
    assert.deepEqual(problems({ regionalInstancePrices: { "eu-central-1": { "g6e.xlarge": -1 } } }), [
      "policy config self-hosting-break-even.regionalInstancePrices.eu-central-1.g6e.xlarge: must be a price in USD per hour greater than 0",
    ]);
  });

  it("names the key of a value of the wrong type", () => {
    const [problem, ...rest] = problems({ opsUsdPerHour: "100" });
    assert.deepEqual(rest, []);
    assert.ok(problem.startsWith("policy config self-hosting-break-even.opsUsdPerHour: "), problem);
  });

  it("names the key of an incomplete managed model", () => {
    const [problem, ...rest] = problems({ managedModels: { "acme/llm": { inputUsdPerMillion: 1 } } });
    assert.deepEqual(rest, []);
    assert.ok(problem.startsWith("policy config self-hosting-break-even.managedModels.acme/llm.outputUsdPerMillion: "), problem);
  });

  it("reports unknown keys", () => {
    assert.deepEqual(problems({ hoursPerMonthh: 730 }), ['policy config self-hosting-break-even has unknown key(s) "hoursPerMonthh"']);
    assert.deepEqual(problems({ managedModels: { "acme/llm": { inputUsdPerMillion: 1, outputUsdPerMillion: 2, cached: 0.1 } } }), [
      'policy config self-hosting-break-even.managedModels.acme/llm has unknown key(s) "cached"',
    ]);
  });

  it("reports every problem, not only the first", () => {
    assert.equal(problems({ hoursPerMonth: 800, pue: 0.9, typo: 1 }).length, 3);
  });
});

describe("assumptions: set once (resolveAssumptions)", () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { resolveAssumptions } = require("../src/assumptions/resolve") as typeof import("../src/assumptions/resolve");
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { ASSUMPTION_POLICIES } = require("../src/analysis/registry") as typeof import("../src/analysis/registry");

  it("the cost policies, in registry order, are the ones whose configs are merged", () => {
    assert.deepEqual(ASSUMPTION_POLICIES, ["self-hosting-break-even", "self-hosting-fragile", "fleet-capacity", "gpu-pricing-known"]);
  });

  it("merges what each cost policy sets: a key set under any one of them applies to all", () => {
    const r = resolveAssumptions([
      { policy: "self-hosting-break-even", config: { hoursPerMonth: 720 } },
      { policy: "self-hosting-fragile", config: {} },
      { policy: "fleet-capacity", config: { pue: 1.2 } },
      { policy: "gpu-pricing-known", config: { instancePrices: { "g6e.xlarge": 1.5 } } },
    ]);
    assert.deepEqual([r.conflicts, r.problems], [[], []]);
    assert.equal(r.assumptions.hoursPerMonth, 720);
    assert.equal(r.assumptions.pue, 1.2);
    assert.deepEqual(r.assumptions.instancePrices, { "g6e.xlarge": 1.5 });
    assert.equal(r.assumptions.stressUtilization, 0.5); // the rest: defaults
  });

  it("the same value twice is no conflict, whatever the order of a map's keys", () => {
    const r = resolveAssumptions([
      { policy: "self-hosting-break-even", config: { hoursPerMonth: 720, instancePrices: { a: 2, b: 1 } } },
      { policy: "gpu-pricing-known", config: { hoursPerMonth: 720, instancePrices: { b: 1, a: 2 } } },
    ]);
    assert.deepEqual(r.conflicts, []);
  });

  it("one key with different values is one conflict naming every setting; the first policy's value is used", () => {
    const r = resolveAssumptions([
      { policy: "self-hosting-break-even", config: { hoursPerMonth: 720 } },
      { policy: "self-hosting-fragile", config: { hoursPerMonth: 700 } },
      { policy: "fleet-capacity", config: { hoursPerMonth: 710 } },
    ]);
    assert.deepEqual(r.conflicts, [{
      key: "hoursPerMonth",
      settings: [
        { policy: "self-hosting-break-even", value: 720 },
        { policy: "self-hosting-fragile", value: 700 },
        { policy: "fleet-capacity", value: 710 },
      ],
      used: { policy: "self-hosting-break-even", value: 720 },
    }]);
    assert.equal(r.assumptions.hoursPerMonth, 720);
  });

  it("an unknown key is a problem with a did-you-mean, an invalid value falls back to its default; the rest stands", () => {
    const r = resolveAssumptions([
      { policy: "self-hosting-break-even", config: { stressUtilisation: 0.4, hoursPerMonth: 800, pue: 1.2 } },
      { policy: "fleet-capacity", config: { opsUsdPerHour: -1 } },
    ]);
    assert.deepEqual(r.problems.map((p) => [p.key, p.guess]), [
      ["self-hosting-break-even.stressUtilisation", "stressUtilization"],
      ["self-hosting-break-even.hoursPerMonth", undefined],
      ["fleet-capacity.opsUsdPerHour", undefined],
    ]);
    assert.equal(r.problems[1].problem, "must be at most 744 (31 days × 24 h)");
    assert.deepEqual([r.assumptions.stressUtilization, r.assumptions.hoursPerMonth, r.assumptions.opsUsdPerHour, r.assumptions.pue], [0.5, 730, 100, 1.2]);
  });
});
