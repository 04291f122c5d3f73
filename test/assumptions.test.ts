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
    "spotDiscount",
    "ownedPowerLoadFactor",
  ];

  it("has every DESIGN §4 key and the issue-3 keys, each with a default but spotDiscount (unset: the catalog's)", () => {
    assert.deepEqual(Object.keys(schema.properties).sort(), [...expectedKeys].sort());
    for (const [key, property] of Object.entries(schema.properties)) {
      if (key === "spotDiscount") continue;
      assert.ok("default" in (property as object), `${key} has no default`);
    }
    assert.ok(!("default" in (schema.properties.spotDiscount as object)));
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

  it("the schema defaults are the documented defaults", () => {
    const defaults = Object.fromEntries(Object.entries(schema.properties).map(([k, p]) => [k, (p as { default: unknown }).default]));
    assert.deepEqual(defaults, {
      hoursPerMonth: 730,
      stressUtilization: 0.5,
      opsUsdPerHour: 100,
      electricityUsdPerKwh: 0.0895,
      pue: 1.58,
      instancePrices: {},
      regionalInstancePrices: {},
      managedModels: {},
      defaultManagedModel: "anthropic/claude-haiku-4-5",
      spotDiscount: undefined,
      ownedPowerLoadFactor: 1,
    });
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
