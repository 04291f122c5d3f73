import * as assert from "assert";
import * as path from "path";
import {
  openPolicyPack,
  runPolicyPack,
  PolicyPackSession,
  EngineResource,
} from "../src/engine/session";
import { spawnPolicyPack } from "../src/engine/packProcess";
import {
  parsePolicyPackConfig,
  reconcilePolicyPackConfig,
  PolicyConfigValidationError,
} from "../src/engine/policyConfig";
import { UNKNOWN_STRING, secretValue } from "../src/engine/protocol";

const ROOT = path.resolve(__dirname, "..");
const BASELINE = path.join(ROOT, "bench", "baseline-pack");
const NOISY = path.join(ROOT, "test", "fixtures", "noisy-pack");

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

const urn = (type: string, name: string) => `urn:pulumi:dev::inference::${type}::${name}`;
const thing = (name: string, properties: Record<string, unknown> = {}): EngineResource => ({
  type: "test:index:Thing",
  name,
  urn: urn("test:index:Thing", name),
  properties,
});

describe("engine protocol harness (baseline pack, real process)", function () {
  let s: PolicyPackSession;

  before(async function () {
    s = await openPolicyPack({
      packDir: BASELINE,
      stackConfig: { "baseline:marker": "from-stack-config" },
      organization: "acme",
      project: "inference",
      stack: "dev",
      dryRun: true,
      stackTags: { team: "ml" },
    });
    // eslint-disable-next-line no-console
    console.log(`      (baseline pack: port after ${s.timings.startMs} ms, info after ${s.timings.openMs} ms)`);
  });
  after(async () => {
    await s?.close();
  });

  const echo = async (r: EngineResource = thing("a", { value: 1 })) => {
    const ds = (await s.analyze(r)).filter((d) => d.policyName === "echo-config");
    assert.strictEqual(ds.length, 1, JSON.stringify(ds));
    return ds[0];
  };

  it("reports pack info: name, version, policies with types, levels and schema defaults", () => {
    const { info } = s;
    assert.strictEqual(info.name, "baseline");
    assert.strictEqual(info.version, "0.1.0");
    assert.strictEqual(info.supportsConfig, true);
    assert.match(info.pluginVersion, /^\d+\.\d+\.\d+/);
    assert.deepStrictEqual(
      info.policies.map((p) => [p.name, p.policyType, p.enforcementLevel]),
      [
        ["count-resources", "stack", "advisory"],
        ["echo-config", "resource", "advisory"],
      ],
    );
    const echoPolicy = info.policies.find((p) => p.name === "echo-config")!;
    assert.deepStrictEqual(echoPolicy.configSchema, {
      properties: { threshold: { type: "number", default: 10 } },
      required: [],
    });
    assert.strictEqual(info.policies[0].configSchema, undefined);
  });

  it("Configure sends schema defaults (threshold=10) and the stack config reaches the pack", async () => {
    const cfg = await s.configure();
    assert.deepStrictEqual(cfg, {
      "count-resources": { enforcementLevel: "advisory", properties: {} },
      "echo-config": { enforcementLevel: "advisory", properties: { threshold: 10 } },
    });
    const d = await echo();
    assert.strictEqual(d.enforcementLevel, "advisory");
    assert.strictEqual(d.phase, "analyze");
    assert.strictEqual(d.resourceUrn, urn("test:index:Thing", "a"));
    assert.strictEqual(d.policyPackName, "baseline");
    assert.strictEqual(d.policyPackVersion, "0.1.0");
    assert.match(d.message, /^Echoes its policy config and a stack config value\.\n/);
    assert.match(d.message, /threshold=10 type=number stackConfig=from-stack-config/);
  });

  it("a user config overrides the default (threshold=3)", async () => {
    const cfg = await s.configure({ "echo-config": { threshold: 3 } });
    assert.deepStrictEqual(cfg["echo-config"], { enforcementLevel: "advisory", properties: { threshold: 3 } });
    assert.match((await echo()).message, /threshold=3 type=number/);
  });

  it('"all" changes every level but never properties', async () => {
    const cfg = await s.configure({ all: { enforcementLevel: "mandatory", threshold: 99 } });
    assert.strictEqual(cfg["echo-config"].enforcementLevel, "mandatory");
    assert.strictEqual(cfg["count-resources"].enforcementLevel, "mandatory");
    assert.deepStrictEqual(cfg["echo-config"].properties, { threshold: 10 });
    const d = await echo();
    assert.strictEqual(d.enforcementLevel, "mandatory");
    assert.match(d.message, /threshold=10 /);
    assert.strictEqual(s.info.policies.find((p) => p.name === "echo-config")!.enforcementLevel, "mandatory");
  });

  it("an invalid config value rejects with the engine-style message (and sends nothing)", async () => {
    await s.configure({ "echo-config": { threshold: 4 } });
    await assert.rejects(
      s.configure({ "echo-config": { threshold: "x" } }),
      (e: Error) => {
        assert.ok(e instanceof PolicyConfigValidationError);
        assert.strictEqual(
          e.message,
          'validating policy config for "baseline": echo-config: threshold: Invalid type. Expected: number, given: string',
        );
        assert.deepStrictEqual(e.engineLines, [
          "validating policy config: baseline 0.1.0  echo-config: threshold: Invalid type. Expected: number, given: string",
        ]);
        return true;
      },
    );
    assert.match((await echo()).message, /threshold=4 /, "the previous Configure stays in effect");
    await assert.rejects(s.configure({ "echo-config": "loud" }), {
      message: 'parsing enforcement level for "echo-config": "loud" is not a valid enforcement level',
    });
  });

  it("passes secrets in wire form; an unknown `value` yields the SDK's preview advisory", async () => {
    await s.configure();
    assert.match((await echo(thing("sec", { value: secretValue("s3cr3t") }))).message, /value="s3cr3t"/);
    const d = await echo(thing("computed", { value: UNKNOWN_STRING }));
    assert.strictEqual(d.enforcementLevel, "advisory");
    assert.strictEqual(
      d.message,
      "can't run policy 'echo-config' from policy pack 'baseline@v0.1.0' during preview: " +
        "string value at .value can't be known during preview",
    );
    // Other types are not applicable to echo-config.
    assert.deepStrictEqual(await s.analyze({ type: "test:index:Other", name: "o", urn: "u", properties: {} }), []);
  });

  it("AnalyzeStack reports `resources: 3` for 3 resources (parent, dependencies, provider passed through)", async () => {
    const provider = {
      type: "pulumi:providers:test",
      name: "default",
      urn: urn("pulumi:providers:test", "default"),
      properties: { region: "us-east-1" },
    };
    const a = thing("a", { value: 1 });
    const b = { ...thing("b", { value: 2 }), parent: a.urn, dependencies: [a.urn], propertyDependencies: { value: [a.urn] }, provider };
    const c = { ...thing("c", { value: UNKNOWN_STRING }), provider };
    const ds = await s.analyzeStack([a, b, c]);
    assert.deepStrictEqual(
      ds.map((d) => [d.policyName, d.phase, d.message]),
      [["count-resources", "analyzeStack", "Counts the resources in the stack.\nresources: 3"]],
    );
    assert.strictEqual(ds[0].resourceUrn, undefined);
  });

  it("collects nothing on stdout after the port for a quiet pack", () => {
    assert.deepStrictEqual(s.output().stdout, []);
  });
});

describe("engine protocol harness: runPolicyPack and failures", function () {
  it("runs the whole preview sequence and closes the pack", async () => {
    const res = await runPolicyPack({
      packDir: BASELINE,
      stackConfig: { "baseline:marker": "m2" },
      policyConfig: JSON.stringify({ "echo-config": { enforcementLevel: "mandatory", threshold: 7 } }),
      resources: [thing("x", { value: "v" }), thing("y", { value: UNKNOWN_STRING })],
    });
    assert.strictEqual(res.info.name, "baseline");
    assert.deepStrictEqual(
      res.diagnostics.map((d) => [d.phase, d.policyName, d.enforcementLevel, d.resourceUrn ?? ""]),
      [
        ["analyze", "echo-config", "mandatory", urn("test:index:Thing", "x")],
        ["analyze", "echo-config", "advisory", urn("test:index:Thing", "y")],
        ["analyzeStack", "count-resources", "advisory", ""],
      ],
    );
    assert.match(res.diagnostics[0].message, /threshold=7 type=number stackConfig=m2 value="v"/);
  });

  it("surfaces gRPC failures with the status name", async () => {
    const s = await openPolicyPack({ packDir: BASELINE });
    try {
      process.kill(s.pid, "SIGKILL");
      for (let i = 0; i < 100 && isAlive(s.pid); i++) await new Promise((r) => setTimeout(r, 20));
      await assert.rejects(s.analyze(thing("z")), (e: Error) => {
        assert.match(e.message, /^Remediate failed: UNAVAILABLE: /);
        assert.match(e.message, /policy pack process has exited/);
        return true;
      });
    } finally {
      await s.close();
    }
    await assert.rejects(s.analyzeStack([]), { name: "EngineRpcError", message: "AnalyzeStack failed: UNAVAILABLE: Channel has been shut down" });
  });

  it("rejects a pack that prints to stdout while loading", async () => {
    await assert.rejects(spawnPolicyPack({ packDir: NOISY }), (e: Error) => {
      assert.match(e.message, /wrote to stdout before its port/);
      assert.match(e.message, /"loading noisy pack"/);
      return true;
    });
  });

  it("rejects with the pack's stderr when it exits before printing a port", async () => {
    await assert.rejects(spawnPolicyPack({ packDir: path.join(ROOT, "test", "fixtures") }), (e: Error) => {
      assert.match(e.message, /exited .* before printing its port/);
      assert.match(e.message, /pack stderr/);
      return true;
    });
  });
});

describe("policy config reconciliation (engine port, no process)", () => {
  const pack = {
    name: "p",
    version: "1.0.0",
    policies: [
      { name: "a", enforcementLevel: "mandatory", configSchema: { properties: { n: { type: "integer", default: 1 }, o: { type: "object", default: { x: 1, y: 2 } } }, required: [] } },
      { name: "b", enforcementLevel: "advisory", configSchema: { properties: { s: { type: "string", enum: ["x", "y"] } }, required: ["s"] } },
    ],
  };

  it("merges defaults, initialConfig and user config shallowly", () => {
    const r = reconcilePolicyPackConfig(
      pack,
      { b: { enforcementLevel: "advisory", properties: { s: "x" } } },
      parsePolicyPackConfig({ a: { o: { x: 5 } }, b: "disabled" }),
    );
    assert.deepStrictEqual(r.a, { enforcementLevel: "mandatory", properties: { n: 1, o: { x: 5 } } });
    assert.deepStrictEqual(r.b, { enforcementLevel: "disabled", properties: { s: "x" } });
  });

  it("reports gojsonschema-style problems, sorted", () => {
    assert.throws(
      () => reconcilePolicyPackConfig(pack, undefined, parsePolicyPackConfig({ a: { n: 1.5 } })),
      (e: PolicyConfigValidationError) => {
        assert.deepStrictEqual(e.problems, ["a: n: Invalid type. Expected: integer, given: number", "b: s is required"]);
        return true;
      },
    );
    assert.throws(
      () => reconcilePolicyPackConfig(pack, undefined, parsePolicyPackConfig({ b: { s: "z" } })),
      { message: 'validating policy config for "p": b: s: s must be one of the following: "x", "y"' },
    );
  });

  it("parses the config file like the engine", () => {
    assert.strictEqual(parsePolicyPackConfig("  "), undefined);
    assert.deepStrictEqual(parsePolicyPackConfig('{"a": {}, "b": {"enforcementLevel": "remediate"}}'), {
      b: { enforcementLevel: "remediate" },
    });
    assert.throws(() => parsePolicyPackConfig({ a: { enforcementLevel: "nope" } }), {
      message: 'parsing enforcement level for "a": "nope" is not a valid enforcement level',
    });
    assert.throws(() => parsePolicyPackConfig({ a: 3 } as never), {
      message: 'parsing "a": 3 is not a valid value; must be a string or object',
    });
  });
});
