// Hostile input through the real pack (policy-pack/, spawned like the CLI and driven over the engine protocol):
// properties of the wrong types, huge and tiny numbers, deep nesting, 10,000-character strings, keys such as
// __proto__, every kind of unknown sentinel, secrets in tags and in the stack config, hostile declarations and
// policy configs. Every case: no gRPC error, no exception, a precise finding where the input is wrong, the other
// workloads still evaluated, and no secret value in any message, in the JSON report or on the pack's output.
import assert from "node:assert/strict";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { EngineDiagnostic, EngineResource, openPolicyPack } from "../src/engine/session";
import { BenchDiagnostic, openBenchPack, serializeAnalyzeRequest, serializeStackRequest } from "../bench/driver";
import { PACK_DIR, SECRET, UNKNOWN } from "./helpers/pack";

/** The engine's sentinels for computed values of every type (@pulumi/policy proxy.js). */
const SENTINELS: Record<string, string> = {
  boolean: "1c4a061d-8072-4f0a-a4cb-0ff528b18fe7",
  number: "3eeb2bf0-c639-47a8-9e75-3b44932eb421",
  string: UNKNOWN,
  array: "6a19a0b0-7e62-4c92-b797-7f8e31da9cc2",
  asset: "030794c1-ac77-496b-92df-f27374a8bd58",
  archive: "e48ece36-62e2-4504-bad9-02848725956a",
  object: "dd056dcd-154b-4c76-9bd3-c8f88648b5ff",
};
/** Every secret plaintext below starts with this: no message, report or output may hold it. */
const MARK = "SeCrEt-";
const secret = (label: string) => SECRET(`${MARK}${label}`);

const T = {
  instance: "aws:ec2/instance:Instance",
  spot: "aws:ec2/spotInstanceRequest:SpotInstanceRequest",
  reservation: "aws:ec2/capacityReservation:CapacityReservation",
  template: "aws:ec2/launchTemplate:LaunchTemplate",
  asg: "aws:autoscaling/group:Group",
  nodeGroup: "aws:eks/nodeGroup:NodeGroup",
  endpoint: "aws:sagemaker/endpointConfiguration:EndpointConfiguration",
};
const provider = { type: "pulumi:providers:aws", name: "default", urn: "urn:pulumi:test::gpu-inference::pulumi:providers:aws::default", properties: { region: "us-east-1" } };
const urnOf = (type: string, name: string) => `urn:pulumi:test::gpu-inference::${type}::${name}`;
function res(type: string, name: string, properties: Record<string, unknown>, extra: Partial<EngineResource> = {}): EngineResource {
  return { type, name, urn: urnOf(type, name), properties, provider, ...extra };
}
const tagged = (workload: string, more: Record<string, unknown> = {}) => ({ "gpu-breakeven:workload": workload, ...more });
const gpu = (name: string, workload: string, more: Record<string, unknown> = {}) =>
  res(T.instance, name, { instanceType: "g6e.xlarge", availabilityZone: "us-east-1a", tags: tagged(workload), ...more });
/** An auto-scaling group joined to `template` the way the engine sends it while the template id is unknown. */
const group = (name: string, template: EngineResource, props: Record<string, unknown>) =>
  res(T.asg, name, { launchTemplate: { id: UNKNOWN, version: "$Latest" }, ...props }, { dependencies: [template.urn], propertyDependencies: { launchTemplate: [template.urn] } });

function nested(depth: number, leaf: unknown): unknown {
  let v = leaf;
  for (let i = 0; i < depth; i++) v = { d: v, list: [v === leaf ? 1 : 2] };
  return v;
}
const LONG = "x".repeat(10_000);

/** The README's "fails" example: 2 × g6e.xlarge and 20 ops hours against openai/gpt-4o-mini, F = $4,717. */
const GOOD = { monthlyInputTokens: 3_000_000_000, monthlyOutputTokens: 1_000_000_000, managedModel: "openai/gpt-4o-mini", opsHoursPerMonth: 20 };
const goodFleet = [gpu("good-0", "good", { tags: tagged("good", { owner: secret("owner-tag") }) }), gpu("good-1", "good", { availabilityZone: "us-east-1b" })];

function assertGoodEvaluated(messages: string[]): void {
  const good = messages.find((m) => m.includes("Workload good: the fleet costs"));
  assert.ok(good, `the valid workload "good" was not judged:\n${messages.join("\n---\n")}`);
  for (const fragment of ["$4,717/month", "$1,050/month", "Fleet: good-0, good-1\n", "verdict: fails"]) {
    assert.ok(good.includes(fragment), `the "good" verdict lacks ${JSON.stringify(fragment)}:\n${good}`);
  }
}

/** No gRPC error (the run finished), no exception caught by the pack or the SDK, nothing alarming on stderr. */
function assertHealthy(messages: string[], stderr: string): void {
  for (const m of messages) {
    assert.doesNotMatch(m, /could not finish this check/, `the pack caught an exception:\n${m}`);
    assert.doesNotMatch(m, /can't run policy/, `an unknown value escaped to the SDK:\n${m}`);
    // A computed figure gone wrong (echoing a rejected input such as "got NaN" is fine).
    assert.doesNotMatch(m, /\$NaN|NaN[%×]|× NaN|NaN (tokens|h\b)|\[object Object\]|\[native code\]|\$undefined|= undefined|\$-0\b|-\$0\b/, `a broken figure or value in:\n${m}`);
  }
  assert.doesNotMatch(stderr, /Error|^\s+at /m, `the pack wrote an error:\n${stderr}`);
}

function assertNoSecret(texts: string[], where: string): void {
  for (const t of texts) {
    const at = t.indexOf(MARK);
    assert.equal(at, -1, `a secret value in ${where}: …${t.slice(Math.max(0, at - 120), at + 40)}…`);
  }
}

/**
 * Runs a whole preview (Configure, Remediate+Analyze per resource, AnalyzeStack) with the JSON report on.
 * It drives the pack with bench/driver.ts, which sends a key named "__proto__" as a key, as the engine does;
 * the last test below shows why not with src/engine/session.ts.
 */
async function preview(opts: { stackConfig: Record<string, string>; resources: EngineResource[] }) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gpu-breakeven-adversarial-"));
  const reportFile = path.join(dir, "report.json");
  const pack = await openBenchPack({ packDir: PACK_DIR, stackConfig: opts.stackConfig, env: { GPU_BREAKEVEN_REPORT: reportFile } });
  const diagnostics: BenchDiagnostic[] = [];
  try {
    for (const r of opts.resources) diagnostics.push(...(await pack.analyzeResource(serializeAnalyzeRequest(PACK_DIR, r))));
    diagnostics.push(...(await pack.analyzeStack(serializeStackRequest(PACK_DIR, opts.resources))).diagnostics);
  } finally {
    await pack.close();
  }
  const report = fs.existsSync(reportFile) ? fs.readFileSync(reportFile, "utf8") : undefined;
  fs.rmSync(dir, { recursive: true, force: true });
  return { diagnostics, messages: diagnostics.map((d) => d.message), report, stderr: pack.stderr(), stdout: pack.stdout() };
}

describe("adversarial: hostile resources through the real pack", function () {
  this.timeout(90_000);
  const template = res(T.template, "lt", { name: "lt", instanceType: "g5.xlarge", tagSpecifications: "not a list", userData: secret("user-data") });
  const cases: EngineResource[] = [
    ...goodFleet,
    // Wrong types where the pack reads capacity.
    gpu("type-number", "victim", { instanceType: 42 }),
    gpu("type-object", "victim", { instanceType: { family: "g6e" } }),
    res(T.nodeGroup, "types-string", { instanceTypes: "g5.xlarge", scalingConfig: { desiredSize: 2 }, tags: tagged("victim") }),
    res(T.nodeGroup, "types-numbers", { instanceTypes: [42], scalingConfig: { desiredSize: 2 }, tags: tagged("victim") }),
    res(T.endpoint, "variants-object", { productionVariants: { primary: { instanceType: "ml.g5.xlarge" } }, tags: tagged("victim") }),
    // Wrong types where the pack can fall back (zone, region, tags).
    gpu("az-number", "victim", { availabilityZone: 12 }),
    gpu("region-object", "victim", { region: { name: "us-east-1" } }),
    res(T.instance, "tag-number", { instanceType: "g6e.xlarge", tags: { "gpu-breakeven:workload": 7 } }),
    res(T.instance, "tags-string", { instanceType: "g6e.xlarge", tags: "gpu-breakeven:workload=good" }),
    // Huge, tiny, negative, -0 and NaN counts.
    template,
    group("count-nan", template, { desiredCapacity: NaN, tags: [{ key: "gpu-breakeven:workload", value: "victim", propagateAtLaunch: true }] }),
    group("count-huge", template, { desiredCapacity: 1e308, tags: [{ key: "gpu-breakeven:workload", value: "victim" }] }),
    group("count-tiny", template, { desiredCapacity: 5e-324, tags: [{ key: "gpu-breakeven:workload", value: "victim" }] }),
    group("count-negative-zero", template, { desiredCapacity: -0, minSize: -0, maxSize: 2, tags: [{ key: "gpu-breakeven:workload", value: "zero" }] }),
    res(T.reservation, "count-words", { instanceType: "g5.xlarge", instanceCount: "many", tags: tagged("victim") }),
    res(T.endpoint, "count-negative", { productionVariants: [null, 5, { instanceType: "ml.g5.xlarge", initialInstanceCount: -3 }], tags: tagged("victim") }),
    res(T.nodeGroup, "count-string", { instanceTypes: ["g5.xlarge"], scalingConfig: "big", tags: tagged("victim") }),
    // Deep nesting, long strings, prototype keys.
    gpu("deep", "victim", { tags: { ...tagged("victim"), deep: nested(200, "leaf") }, userData: nested(300, LONG) }),
    gpu("long-type", "victim", { instanceType: `g6e.${LONG}` }),
    gpu("long-tag", "victim", { tags: tagged(LONG) }),
    res(T.instance, "proto-tags", { instanceType: "g6e.xlarge", tags: JSON.parse('{"__proto__": {"gpu-breakeven:workload": "good"}, "constructor": "x", "prototype": "y"}') }),
    gpu("proto-props", "constructor", JSON.parse('{"__proto__": {"instanceType": "p5.48xlarge"}, "constructor": {"prototype": 1}}')),
    // Secrets: around tags, in a tag, as the instance type, around an unknown.
    res(T.instance, "secret-tags", { instanceType: "g6e.xlarge", tags: secret("tags-wrapper") }),
    // A value the engine marks secret is shown as [secret] wherever it appears (test/secrets.test.ts), so these use
    // a workload name and a type no other case shares: "victim" and "g6e.xlarge" stay readable in the others.
    res(T.instance, "secret-tag-map", { instanceType: "g6e.xlarge", tags: SECRET(tagged("shrouded", { password: `${MARK}in-tag-map` })) }),
    gpu("secret-type", "victim", { instanceType: SECRET("g6e.12xlarge"), rootBlockDevice: { kmsKeyId: secret("kms") } }),
    gpu("secret-unknown", "unknowns", { instanceType: SECRET(UNKNOWN) }),
    // Every unknown sentinel, where the pack reads the type, the tags, a count, a list.
    ...Object.entries(SENTINELS).map(([kind, s]) => gpu(`unknown-type-${kind}`, "unknowns", { instanceType: s })),
    ...Object.entries(SENTINELS).map(([kind, s]) => res(T.instance, `unknown-tags-${kind}`, { instanceType: "g6e.xlarge", tags: s })),
    group("unknown-count", template, { desiredCapacity: SENTINELS.number, tags: [{ key: "gpu-breakeven:workload", value: "unknowns" }] }),
    res(T.nodeGroup, "unknown-types", { instanceTypes: SENTINELS.array, scalingConfig: { desiredSize: 2 }, tags: tagged("unknowns") }),
    res(T.spot, "unknown-zone", { instanceType: "g5.xlarge", availabilityZone: SENTINELS.asset, tags: tagged("zero") }),
  ];
  const workloads = {
    good: GOOD,
    victim: { monthlyInputTokens: 1e9, monthlyOutputTokens: 1e9 },
    unknowns: { monthlyInputTokens: 1e9, monthlyOutputTokens: 1e9 },
    zero: { monthlyInputTokens: 1e9, monthlyOutputTokens: 1e9, environment: "staging" },
    constructor: { monthlyInputTokens: 1e9, monthlyOutputTokens: 1e9, environment: "staging" },
    shrouded: { monthlyInputTokens: 1e9, monthlyOutputTokens: 1e9, environment: "staging" },
  };
  let run: Awaited<ReturnType<typeof preview>>;
  const about = (name: string) => run.messages.filter((m) => m.includes(name));

  before(async () => {
    run = await preview({
      stackConfig: { "aws:region": "us-east-1", "gpu-breakeven:workloads": JSON.stringify(workloads), "inference:dbPassword": `${MARK}stack-config` },
      resources: cases,
    });
  });

  it("answers every RPC (no gRPC error), catches nothing (no exception) and prints nothing alarming", () => {
    assertHealthy(run.messages, run.stderr);
    assert.deepEqual(run.stdout, []);
  });

  it("still judges the valid workload, with its exact figures", () => assertGoodEvaluated(run.messages));

  it("reports every kind of unknown sentinel as unknown during preview, naming the resource, never as $0", () => {
    const unknowns = run.messages.find((m) => m.includes("Workload unknowns could not be evaluated"));
    assert.ok(unknowns, run.messages.join("\n---\n"));
    for (const kind of Object.keys(SENTINELS)) assert.match(unknowns, new RegExp(`unknown-type-${kind}: instanceType of unknown-type-${kind} can't be known during preview`));
    for (const name of ["secret-unknown", "unknown-count: desiredCapacity", "unknown-types: instanceTypes"]) assert.ok(unknowns.includes(name), `lacks ${name}:\n${unknowns}`);
    for (const kind of Object.keys(SENTINELS)) {
      assert.ok(about(`unknown-tags-${kind}`).some((m) => m.includes("can't be known during preview")), `unknown-tags-${kind} not reported as unknown`);
    }
  });

  it("reports invalid counts (NaN, 1e308, 5e-324, a word, a negative, a string) naming the resource, the key and the value", () => {
    const victim = run.messages.find((m) => m.includes("Workload victim could not be evaluated")) ?? "";
    for (const fragment of [
      "desiredCapacity of count-nan must be a whole number from 0 to 10,000, got NaN",
      "desiredCapacity of count-huge must be a whole number from 0 to 10,000, got 1e+308",
      "desiredCapacity of count-tiny must be a whole number from 0 to 10,000, got 5e-324",
      'instanceCount of count-words must be a whole number from 0 to 10,000, got "many"',
      "initialInstanceCount of productionVariants[2] of count-negative must be a whole number from 0 to 10,000, got -3",
    ]) {
      assert.ok(victim.includes(fragment), `lacks ${JSON.stringify(fragment)}:\n${victim}`);
    }
    assert.ok(run.messages.some((m) => m.includes("count-string") && m.includes("scalingConfig")), "a scalingConfig that is a string is not reported");
  });

  it("reports capacity fields of the wrong type on a workload's resource, naming the resource and the key", () => {
    // The provider's Check rejects these before Analyze, but AnalyzeStack gets outputs and older providers
    // are lax: a tagged GPU resource whose type cannot be read must not silently leave its workload's fleet.
    const missing = [
      ["type-number", "instanceType"],
      ["type-object", "instanceType"],
      ["types-string", "instanceTypes"],
      ["types-numbers", "instanceTypes"],
      ["variants-object", "productionVariants"],
    ].filter(([name, key]) => !run.messages.some((m) => new RegExp(`(^|[\\s(])${name}[:\\s(]`, "m").test(m) && m.includes(key)));
    assert.deepEqual(missing, [], "tagged resources whose capacity fields have the wrong type are dropped without a finding");
  });

  it("falls back on a zone, region or tag of the wrong type, and -0 counts as 0", () => {
    const report = JSON.parse(run.report ?? "{}") as { workloads?: { name: string; resources: { name: string; region?: string }[] }[] };
    const victim = report.workloads?.find((w) => w.name === "victim");
    const names = victim?.resources.map((r) => r.name) ?? [];
    for (const name of ["az-number", "region-object", "deep", "secret-type"]) assert.ok(names.includes(name), `${name} is not in victim's fleet: ${names}`);
    assert.equal(victim?.resources.find((r) => r.name === "region-object")?.region, "us-east-1");
    assert.ok(about("tag-number").some((m) => m.includes("belongs to no declared workload")));
    assert.ok(about("tags-string").some((m) => m.includes("belongs to no declared workload")));
    const zero = report.workloads?.find((w) => w.name === "zero") as { verdict?: string; resources: unknown[] } | undefined;
    assert.ok(zero && zero.resources.length >= 1, "the workload of the -0 group has its fleet");
  });

  it("survives deep nesting and 10,000-character strings, and names them without echoing them whole", () => {
    assert.ok(about("long-type").some((m) => m.includes("is not in the catalog")), "the 10,000-character instance type is not reported as unpriced");
    assert.ok(about("long-tag").some((m) => m.includes("declares no workload")), "the 10,000-character tag is not reported");
    // Echoed, but not multiplied: a 10,000-character value may not blow a message up beyond a few copies.
    for (const m of run.messages) assert.ok(m.length < 50_000, `a message of ${m.length} characters`);
  });

  it("does not let keys such as __proto__ or constructor in tags or properties assign a workload or a type", () => {
    // On the engine's wire "__proto__" is an ordinary key; the pack must read only own keys.
    const good = run.messages.find((m) => m.includes("Workload good: the fleet costs")) ?? "";
    assert.doesNotMatch(good, /proto-tags/, "a tag hidden under __proto__ joined the resource to workload good");
    assert.ok(about("proto-tags").some((m) => m.includes("belongs to no declared workload")));
    const report = JSON.parse(run.report ?? "{}") as { workloads?: { name: string; resources: { name: string; instanceType: string }[] }[] };
    const ctor = report.workloads?.find((w) => w.name === "constructor");
    assert.deepEqual(ctor?.resources.map((r) => [r.name, r.instanceType]), [["proto-props", "g6e.xlarge"]]);
  });

  it("echoes no secret: not in a message, not in the JSON report, not on the pack's output", () => {
    assert.ok(run.report, "the JSON report was not written");
    assertNoSecret(run.messages, "a diagnostic");
    assertNoSecret([run.report], "the JSON report");
    assertNoSecret([run.stderr, ...run.stdout], "the pack's output");
  });
});

describe("adversarial: hostile declarations in the stack config", function () {
  this.timeout(90_000);
  const deepList = JSON.stringify(nested(150, ["eu-*"]));
  // Written as JSON text so that "__proto__" is an own key, as `pulumi config` hands it to the pack.
  const declarations = `{
    "good": ${JSON.stringify(GOOD)},
    "__proto__": {"monthlyInputTokens": 1, "monthlyOutputTokens": 1},
    "constructor": {"monthlyInputTokens": 1e308, "monthlyOutputTokens": 1.7e308, "environment": "staging"},
    "prototype": {"monthlyInputTokens": 5e-324, "monthlyOutputTokens": -0, "managedModel": "__proto__", "tokensPerSecondPerInstance": 5e-324, "environment": "staging"},
    "hasOwnProperty": {"monthlyInputTokens": "1e400", "monthlyOutputTokens": "NaN", "opsHoursPerMonth": -0, "environment": "constructor"},
    "toString": {"monthlyInputTokens": 1, "monthlyOutputTokens": 1, "managedModel": "toString"},
    "deep": {"monthlyInputTokens": 1, "monthlyOutputTokens": 1, "dataResidency": {"allowedRegions": ${deepList}}},
    "protoInside": {"monthlyInputTokens": 1, "__proto__": {"monthlyOutputTokens": 5}, "constructor": 1},
    "wrongTypes": {"monthlyInputTokens": {"a": 1}, "monthlyOutputTokens": [1], "managedModel": 5, "dataResidency": "eu", "tokensPerSecondPerInstance": true},
    "longModel": {"monthlyInputTokens": 1, "monthlyOutputTokens": 1, "managedModel": "${LONG}"},
    "${"w".repeat(10_000)}": {"monthlyInputTokens": 1, "monthlyOutputTokens": 1},
    "": {"monthlyInputTokens": 1, "monthlyOutputTokens": 1}
  }`;
  let run: Awaited<ReturnType<typeof preview>>;

  before(async () => {
    JSON.parse(declarations);
    run = await preview({
      stackConfig: { "aws:region": "us-east-1", "gpu-breakeven:workloads": declarations, "inference:apiKey": `${MARK}api-key` },
      resources: [
        ...goodFleet,
        gpu("c-0", "constructor"),
        gpu("p-0", "prototype"),
        gpu("t-0", "toString"),
        gpu("l-0", "longModel"),
        gpu("x-0", "__proto__"),
      ],
    });
  });

  it("answers, catches nothing, and still judges the valid workload", () => {
    assertHealthy(run.messages, run.stderr);
    assertGoodEvaluated(run.messages);
  });

  it("names each wrong key and what is wrong with it", () => {
    const declaration = run.diagnostics.filter((d) => d.policyName === "workload-declaration-valid").map((d) => d.message);
    assert.ok(declaration.length >= 12, declaration.join("\n---\n"));
    for (const fragment of [
      "gpu-breakeven:workloads.__proto__: workload names hold",
      "gpu-breakeven:workloads.hasOwnProperty.monthlyInputTokens must be a number ≥ 0",
      'gpu-breakeven:workloads.hasOwnProperty.monthlyOutputTokens must be a number ≥ 0, got "NaN"',
      'gpu-breakeven:workloads.hasOwnProperty.environment must be production, staging or development, got "constructor"',
      "gpu-breakeven:workloads.deep.dataResidency.allowedRegions must be a list of regions or globs",
      'gpu-breakeven:workloads.protoInside has an unknown key "__proto__", "constructor"',
      "gpu-breakeven:workloads.wrongTypes.monthlyInputTokens must be a number ≥ 0, got an object",
      "gpu-breakeven:workloads.wrongTypes.monthlyOutputTokens must be a number ≥ 0, got a list",
      "gpu-breakeven:workloads.wrongTypes.managedModel must be a model id",
      "gpu-breakeven:workloads.wrongTypes.tokensPerSecondPerInstance must be a number > 0, got true",
      "gpu-breakeven:workloads.wrongTypes.dataResidency",
      "gpu-breakeven:workloads.: workload names hold",
    ]) {
      assert.ok(declaration.some((m) => m.includes(fragment)), `no finding holds ${JSON.stringify(fragment)}:\n${declaration.join("\n---\n")}`);
    }
    for (const d of run.diagnostics.filter((x) => x.policyName === "workload-declaration-valid")) assert.equal(d.level, "mandatory");
  });

  it("treats constructor, prototype, toString as ordinary names, and __proto__ or toString as unknown models", () => {
    assert.ok(run.messages.some((m) => m.includes('managed model "__proto__" from gpu-breakeven:workloads.prototype.managedModel is not in the catalog')));
    assert.ok(run.messages.some((m) => m.includes('managed model "toString" from gpu-breakeven:workloads.toString.managedModel is not in the catalog')));
    assert.ok(run.messages.some((m) => m.includes("gpu-breakeven:workloads.longModel.managedModel is not in the catalog")));
    assert.ok(!run.messages.some((m) => m.includes("x-0") && m.includes("Workload __proto__")), "a resource tagged __proto__ was judged as a workload");
  });

  it("writes the JSON report even when a valid declaration's volume overflows (1e308 + 1.7e308 tokens)", () => {
    const failure = run.messages.find((m) => m.includes("The JSON report could not be written"));
    assert.equal(failure, undefined, failure);
    assert.ok(run.report, "no JSON report");
    const report = JSON.parse(run.report) as { workloads: { name: string }[] };
    assert.ok(report.workloads.some((w) => w.name === "good"));
  });

  it("echoes no secret of the stack config", () => {
    assertNoSecret(run.messages, "a diagnostic");
    assertNoSecret([run.report ?? "", run.stderr, ...run.stdout], "the report or the pack's output");
  });
});

describe("adversarial: a workloads value that is not a map, or not JSON", function () {
  this.timeout(60_000);
  for (const [what, value, expected] of [
    ["a list", JSON.stringify([GOOD, `${MARK}in-list`]), "gpu-breakeven:workloads must be a map from workload name to its declaration, got a list"],
    ["text that is not JSON", `{"good": ${JSON.stringify(GOOD)}, "pw": "${MARK}in-broken-json"`, "gpu-breakeven:workloads could not be read: its value is not valid JSON"],
  ] as const) {
    it(`${what}: one precise mandatory finding, no secret echoed, no crash`, async () => {
      const pack = await openBenchPack({ packDir: PACK_DIR, stackConfig: { "aws:region": "us-east-1", "gpu-breakeven:workloads": value } });
      let diagnostics: BenchDiagnostic[];
      try {
        for (const r of goodFleet) await pack.analyzeResource(serializeAnalyzeRequest(PACK_DIR, r));
        diagnostics = (await pack.analyzeStack(serializeStackRequest(PACK_DIR, goodFleet))).diagnostics;
      } finally {
        await pack.close();
      }
      const found = diagnostics.filter((d) => d.policyName === "workload-declaration-valid");
      assert.equal(found.length, 1, diagnostics.map((d) => d.message).join("\n---\n"));
      assert.equal(found[0].level, "mandatory");
      assert.ok(found[0].message.includes(expected), found[0].message);
      assertHealthy(diagnostics.map((d) => d.message), pack.stderr());
      assertNoSecret(diagnostics.map((d) => d.message), "a diagnostic");
    });
  }
});

describe("adversarial: hostile policy configs", function () {
  this.timeout(60_000);
  const stackConfig = {
    "aws:region": "us-east-1",
    "gpu-breakeven:workloads": JSON.stringify({ good: GOOD, other: { monthlyInputTokens: 3e9, monthlyOutputTokens: 1e9, managedModel: "constructor", environment: "staging" } }),
  };
  const resources = [
    ...goodFleet,
    gpu("other-0", "other"),
    res(T.instance, "proto-tags", { instanceType: "g6e.xlarge", tags: JSON.parse('{"__proto__": {"gpu-breakeven:workload": "good"}}') }),
  ];

  async function stack(config: { policyConfig?: Record<string, unknown>; rawPolicyConfig?: Record<string, { enforcementLevel: string; properties: Record<string, unknown> }> }) {
    // The bench driver sends "__proto__" keys as keys, as the engine does (see the harness test above).
    const pack = await openBenchPack({ packDir: PACK_DIR, stackConfig, ...config });
    try {
      const { diagnostics } = await pack.analyzeStack(serializeStackRequest(PACK_DIR, resources));
      return { diagnostics, messages: diagnostics.map((d) => d.message), stderr: pack.stderr() };
    } finally {
      await pack.close();
    }
  }

  it("prototype keys, the largest prices, 5e-324 and -0 that the engine's schema check lets through: judged, not crashed", async () => {
    // Prices are bounded at $1,000,000 (per hour, per million tokens): 1e308 would fail the engine's own check.
    const run = await stack({
      policyConfig: JSON.parse(`{
        "self-hosting-break-even": {
          "instancePrices": {"__proto__": 1, "constructor": 2, "toString": 1e6},
          "regionalInstancePrices": {"__proto__": {"g6e.xlarge": 0.01}, "us-east-1": {"constructor": 3}},
          "managedModels": {"constructor": {"inputUsdPerMillion": 1, "outputUsdPerMillion": 2}, "toString": {"inputUsdPerMillion": 5e-324, "outputUsdPerMillion": 1e6}},
          "defaultManagedModel": "__proto__",
          "opsUsdPerHour": -0
        },
        "catalog-fresh": {"maxAgeDays": 5e-324}
      }`),
    });
    assertHealthy(run.messages, run.stderr);
    const good = run.messages.find((m) => m.includes("Workload good: the fleet costs"));
    assert.ok(good, run.messages.join("\n---\n"));
    // The catalog price stands (no __proto__ override), ops are $0 (not "-$0"), the tag under __proto__ is ignored.
    assert.ok(good.includes("2 × g6e.xlarge × $1.861/h") && good.includes("ops: 20 h × $0.00/h = $0") && good.includes("Fleet: good-0, good-1\n"), good);
    // "constructor" is an ordinary model id that the config prices: other is judged (robust, so no finding).
    assert.ok(!run.messages.some((m) => m.includes('managed model "constructor"')), "the model the config prices as \"constructor\" was not found");
  });

  it("wrong types and out-of-range values sent without the engine's check: pack-health names each bad key, the defaults stand, the others run", async () => {
    const run = await stack({
      rawPolicyConfig: {
        "self-hosting-break-even": {
          enforcementLevel: "mandatory",
          properties: JSON.parse(`{"hoursPerMonth": "lots", "instancePrices": "cheap", "__proto__": {"opsUsdPerHour": 5},
            "regionalInstancePrices": {"us-east-1": {"g6e.xlarge": 1e308}},
            "managedModels": {"m": {"inputUsdPerMillion": "free"}}, "pue": ${JSON.stringify(nested(100, 1))}}`),
        },
        "gpu-pricing-known": { enforcementLevel: "advisory", properties: { stressUtilization: 1e308, pue: -0, defaultManagedModel: LONG } },
        "catalog-fresh": { enforcementLevel: "advisory", properties: { maxAgeDays: "old" } },
        "production-redundancy": { enforcementLevel: "advisory", properties: { unexpected: true } },
      },
    });
    assertHealthy(run.messages, run.stderr);
    // Every bad key is one pack-health finding (mandatory), named <policy>.<key path>; its default is used instead.
    const health = run.diagnostics.filter((d) => d.policyName === "pack-health");
    assert.ok(health.every((d) => d.level === "mandatory"), health.map((d) => `[${d.level}] ${d.message}`).join("\n---\n"));
    const invalid = (key: string) => health.filter((d) => d.message.includes(`The policy config ${key} `) && d.message.includes("Its default is used instead"));
    for (const key of [
      "self-hosting-break-even.hoursPerMonth",
      "self-hosting-break-even.instancePrices",
      "self-hosting-break-even.regionalInstancePrices.us-east-1.g6e.xlarge",
      "self-hosting-break-even.managedModels.m.inputUsdPerMillion",
      "self-hosting-break-even.pue",
      "gpu-pricing-known.stressUtilization",
      "catalog-fresh.maxAgeDays",
    ]) {
      assert.equal(invalid(key).length, 1, `no single pack-health finding for ${key}:\n${health.map((d) => d.message).join("\n---\n")}`);
    }
    // pue is set under two cost policies to different values: one conflict finding naming both (-0 reads as 0).
    const conflicts = health.filter((d) => d.message.includes("The cost assumption pue is set to different values"));
    assert.equal(conflicts.length, 1, health.map((d) => d.message).join("\n---\n"));
    assert.ok(conflicts[0].message.includes("self-hosting-break-even.pue = ") && conflicts[0].message.includes("gpu-pricing-known.pue = 0"), conflicts[0].message);
    // gpu-pricing-known's 10,000-character defaultManagedModel is a valid setting no workload uses: never echoed.
    assert.ok(!run.messages.some((m) => m.includes(LONG)), "a 10,000-character value is echoed whole");
    // The defaults stand where the values were bad: 730 h, the catalog's $1.861/h (not 1e308), $100/h of ops (the
    // opsUsdPerHour: 5 under a "__proto__" key is not read as a setting).
    const good = run.messages.find((m) => m.includes("Workload good: the fleet costs"));
    assert.ok(good, run.messages.join("\n---\n"));
    // F = 2 × $1.861 × 730 + 20 h × $100 = $2,717 + $2,000 = $4,717
    for (const fragment of ["2 × g6e.xlarge × $1.861/h × 730 h = $2,717", "ops: 20 h × $100.00/h = $2,000", "fixed monthly cost F = $4,717"]) {
      assert.ok(good.includes(fragment), `lacks ${fragment}:\n${good}`);
    }
    // The policies with a valid (or no) config still ran.
    assert.ok(run.diagnostics.some((d) => d.policyName === "gpu-workload-declared" && d.message.includes("proto-tags")));
  });

  it("a 10,000-character value in a conflicting setting is named, not echoed whole", async () => {
    const run = await stack({
      rawPolicyConfig: {
        "self-hosting-break-even": { enforcementLevel: "mandatory", properties: { defaultManagedModel: "openai/gpt-4o-mini" } },
        "gpu-pricing-known": { enforcementLevel: "advisory", properties: { defaultManagedModel: LONG } },
      },
    });
    assertHealthy(run.messages, run.stderr);
    const conflict = run.diagnostics.filter((d) => d.policyName === "pack-health" && d.message.includes("defaultManagedModel"));
    assert.equal(conflict.length, 1, run.messages.join("\n---\n"));
    assert.equal(conflict[0].level, "mandatory");
    assert.ok(conflict[0].message.includes("self-hosting-break-even.defaultManagedModel") && conflict[0].message.includes("gpu-pricing-known.defaultManagedModel"), conflict[0].message.slice(0, 600));
    assert.ok(!conflict[0].message.includes(LONG), `a 10,000-character value is echoed whole (${conflict[0].message.length} characters)`);
  });
});

describe("adversarial: the harness sends keys named __proto__ as the engine does", function () {
  this.timeout(60_000);

  it("a tag map whose key is __proto__ reaches the pack as that key, not flattened into the tags (src/engine/messages.ts toStructJs)", async () => {
    // The engine sends {"__proto__": {...}} as a Struct field named "__proto__"; the pack then ignores it (see above).
    // Assigning out[k] = … in the harness would set the prototype instead, and Struct.fromJavaScript's for…in
    // would then copy the inherited tag into the tag map itself; toStructJs defines the key.
    // Two workloads, so the untagged resource does not join "good" by the single-workload rule.
    const session = await openPolicyPack({
      packDir: PACK_DIR,
      stackConfig: { "aws:region": "us-east-1", "gpu-breakeven:workloads": JSON.stringify({ good: GOOD, spare: GOOD }) },
      project: "gpu-inference",
      stack: "test",
    });
    const diagnostics: EngineDiagnostic[] = [];
    try {
      await session.configure();
      const resources = [...goodFleet, res(T.instance, "proto-tags", { instanceType: "g6e.xlarge", tags: JSON.parse('{"__proto__": {"gpu-breakeven:workload": "good"}}') })];
      diagnostics.push(...(await session.analyzeStack(resources)));
    } finally {
      await session.close();
    }
    const good = diagnostics.map((d) => d.message).find((m) => m.includes("Workload good: the fleet costs")) ?? "";
    assert.ok(good.includes("Fleet: good-0, good-1\n"), `the harness turned {"__proto__": {tag}} into the tag itself:\n${good}`);
  });
});
