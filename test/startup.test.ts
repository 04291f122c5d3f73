// Start-up discipline: the catalog is parsed and validated once, at build time, and a bad catalog fails the
// build; loading the pack does no work that a preview does not need (no YAML, no zod validation of the
// catalog, no JSON Schema compilation, no stack analysis).
import assert from "node:assert/strict";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { z } from "zod";
import { assumptionsConfigSchema, precomputedConfigSchema } from "../src/assumptions/configSchema";
import { assumptionsSchema } from "../src/assumptions/schema";
import { CatalogError, catalogDataDir, compileCatalog } from "../src/catalog/compile";
import { catalogFreshConfigZod } from "../src/assumptions/catalogFreshConfig";
import { configSchemaOf } from "../src/assumptions/publishedSchema";
import { openBenchPack, serializeStackRequest } from "../bench/driver";
import { syntheticStack } from "../bench/syntheticStack";

const ROOT = path.resolve(__dirname, "..");
const PACK_DIR = path.join(ROOT, "policy-pack");
const BUILD_CATALOG = path.join(ROOT, "scripts", "build-catalog.ts");

function buildCatalog(args: string[]) {
  return spawnSync(process.execPath, ["-r", "tsx/cjs", BUILD_CATALOG, ...args], { cwd: ROOT, encoding: "utf8", timeout: 60_000 });
}

/** A copy of the shipped catalog YAML in a temporary folder, with `edit` applied to one file. */
function catalogCopy(file?: string, edit?: (text: string) => string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gpu-breakeven-catalog-"));
  for (const name of fs.readdirSync(catalogDataDir)) fs.copyFileSync(path.join(catalogDataDir, name), path.join(dir, name));
  if (file && edit) {
    const target = path.join(dir, file);
    const before = fs.readFileSync(target, "utf8");
    const after = edit(before);
    assert.notEqual(after, before, `the edit of ${file} changed nothing`);
    fs.writeFileSync(target, after);
  }
  return dir;
}

describe("start-up: a bad catalog fails the build", function () {
  this.timeout(120_000);
  const dirs: string[] = [];
  after(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

  it("npm run build runs the catalog check first, so its exit code stops the build", () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
    assert.match(pkg.scripts.build, /^tsx scripts\/build-catalog\.ts( |$).*&&/);
  });

  it("a valid copy compiles (exit 0) to the file --out names, and nothing else is written", () => {
    const dir = catalogCopy();
    dirs.push(dir);
    const out = path.join(dir, "compiled.json");
    const run = buildCatalog(["--data", dir, "--out", out]);
    assert.equal(run.status, 0, run.stderr);
    const compiled = JSON.parse(fs.readFileSync(out, "utf8"));
    assert.ok(compiled.instances.length > 10 && compiled.models.length > 10);
    assert.deepEqual(fs.readdirSync(dir).sort(), ["accelerators.yaml", "compiled.json", "instances.yaml", "models.yaml"]);
  });

  const broken: [string, string, (t: string) => string, RegExp[]][] = [
    ["YAML that does not parse", "instances.yaml", (t) => t.replace(/^instances:/m, "instances: [\n  {oops"), [/instances\.yaml/]],
    ["a negative price", "models.yaml", (t) => t.replace(/(inputUsdPerMillion:\s*)([0-9.]+)/, "$1-$2"), [/models\.yaml/, /inputUsdPerMillion/]],
    ["an accelerator nobody lists", "instances.yaml", (t) => t.replace(/(accelerator:\s*)(\S+)/, "$1warp-drive-9000"), [/instances\.yaml/, /warp-drive-9000/]],
    ["a missing file", "accelerators.yaml", () => "", [/accelerators\.yaml/]],
  ];
  // The checks themselves run in process (compileCatalog); the spawned runs above and below prove the exit codes.
  for (const [what, file, edit, expected] of broken) {
    it(`${what} in ${file}: a CatalogError that names the file and the key`, () => {
      const dir = catalogCopy(file, edit);
      dirs.push(dir);
      if (what === "a missing file") fs.rmSync(path.join(dir, file));
      assert.throws(() => compileCatalog(dir), (e: unknown) => {
        assert.ok(e instanceof CatalogError, String(e));
        for (const re of expected) assert.match(e.message, re);
        return true;
      });
    });
  }

  it("GPU_BREAKEVEN_CATALOG_DIR works like --data", () => {
    const dir = catalogCopy("models.yaml", (t) => t.replace(/(outputUsdPerMillion:\s*)([0-9.]+)/, "$1lots"));
    dirs.push(dir);
    const run = spawnSync(process.execPath, ["-r", "tsx/cjs", BUILD_CATALOG, "--out", path.join(dir, "c.json")], {
      cwd: ROOT,
      encoding: "utf8",
      env: { ...process.env, GPU_BREAKEVEN_CATALOG_DIR: dir },
    });
    assert.equal(run.status, 1, run.stderr);
    assert.match(run.stderr, /^The catalog is invalid/m);
    assert.match(run.stderr, /models\.yaml.*outputUsdPerMillion/);
    assert.doesNotMatch(run.stderr, /^\s+at /m, "a clear message, not a stack trace");
    assert.equal(fs.existsSync(path.join(dir, "c.json")), false, "a bad catalog must not produce a compiled catalog");
  });
});

describe("start-up: the policy configSchemas are computed at build time", () => {
  const live = (schema: z.ZodType) => configSchemaOf(schema);

  it("states defaults in descriptions, never as JSON-schema defaults the engine would copy into every policy", () => {
    const props = assumptionsConfigSchema().properties as Record<string, Record<string, unknown>>;
    for (const [key, p] of Object.entries(props)) assert.equal(p.default, undefined, `${key} has a default`);
    assert.match(String(props.hoursPerMonth.description), /Default: 730\.$/);
  });

  it("the precomputed assumptions schema equals zod's conversion of src/assumptions/schema.ts (else: npm run build)", () => {
    assert.deepEqual(assumptionsConfigSchema(), live(assumptionsSchema));
  });

  it("the precomputed catalog-fresh schema equals zod's conversion of its config", () => {
    assert.deepEqual(precomputedConfigSchema("catalog-fresh"), live(catalogFreshConfigZod));
  });

  it("each policy gets its own copy, and an unknown key is a clear error", () => {
    const a = assumptionsConfigSchema();
    (a.properties as Record<string, unknown>).hoursPerMonth = "changed";
    assert.notEqual((assumptionsConfigSchema().properties as Record<string, unknown>).hoursPerMonth, "changed");
    assert.throws(() => precomputedConfigSchema("nope"), /no precomputed config schema "nope".*npm run build/);
  });
});

describe("start-up: loading the pack does no avoidable work", function () {
  this.timeout(60_000);

  it("the pack bundle holds no YAML parser, no catalog compiler, no catalog YAML", () => {
    const map = JSON.parse(fs.readFileSync(path.join(PACK_DIR, "dist", "index.js.map"), "utf8")) as { sources: string[] };
    const bundled = map.sources.map((s) => s.replace(/\\/g, "/"));
    assert.ok(bundled.some((s) => s.endsWith("src/catalog/catalog.generated.json")), "the compiled catalog is inlined");
    // The catalog's zod schema is bundled for the overlay (GPU_BREAKEVEN_CATALOG_OVERLAY), which is required only when
    // that is set; the next test proves none of it runs while the pack loads.
    for (const forbidden of [/node_modules\/yaml\//, /src\/catalog\/compile\.ts$/, /\.ya?ml$/, /scripts\//, /node_modules\/ajv\//]) {
      const hits = bundled.filter((s) => forbidden.test(s));
      assert.deepEqual(hits, [], `the pack bundles ${hits.join(", ")}`);
    }
  });

  it("loading it (to the port line) validates no catalog, compiles no JSON Schema and analyzes nothing", () => {
    // A child loads the built pack the way run-policy-pack does (cwd = the pack), under V8's precise coverage,
    // and lists the pack's own functions that ran by the time the port was printed.
    const child = `
      const inspector = require("inspector");
      const session = new inspector.Session();
      session.connect();
      const post = (m, p) => new Promise((ok, ko) => session.post(m, p || {}, (e, r) => (e ? ko(e) : ok(r))));
      (async () => {
        await post("Profiler.enable");
        await post("Profiler.startPreciseCoverage", { callCount: true, detailed: false });
        const write = process.stdout.write.bind(process.stdout);
        let done = false;
        process.stdout.write = (chunk, ...rest) => {
          if (!done && /^\\d+\\n/.test(String(chunk))) {
            done = true;
            post("Profiler.takePreciseCoverage").then(({ result }) => {
              const script = result.find((s) => s.url.endsWith("/policy-pack/dist/index.js"));
              const ran = script ? script.functions.filter((f) => f.ranges[0].count > 0 && f.functionName).map((f) => f.functionName) : null;
              process.stderr.write("COVERAGE " + JSON.stringify({ ran, loaded: Object.keys(require.cache) }) + "\\n");
              process.exit(0);
            });
          }
          return write(chunk, ...rest);
        };
        require(${JSON.stringify(path.join(PACK_DIR, "dist", "index.js"))});
      })();
    `;
    const run = spawnSync(process.execPath, ["-e", child], { cwd: PACK_DIR, encoding: "utf8", timeout: 30_000 });
    const line = run.stderr.split("\n").find((l) => l.startsWith("COVERAGE "));
    assert.ok(line, `no coverage report (exit ${run.status}):\n${run.stderr}`);
    const { ran, loaded } = JSON.parse(line.slice("COVERAGE ".length)) as { ran: string[] | null; loaded: string[] };
    assert.ok(ran, "the pack's script is not in the coverage");
    assert.ok(ran.includes("gpuBreakevenPolicies"), "the coverage should show the policies being built");
    assert.ok(ran.includes("assumptionsConfigSchema"), "the policies take the precomputed schema");
    // Work that belongs to the build (catalog, JSON Schema) or to a request (stack config, analysis), never to loading.
    const forbidden = ["toJSONSchema", "compileCatalog", "parseWorkloads", "parseAssumptions", "analyzeStack", "readStack", "packStackConfig", "PriceBook", "stackReport"];
    const wrong = forbidden.filter((f) => ran.includes(f));
    const hints: Record<string, string> = {
      toJSONSchema: 'a policy converts its zod config schema at import (e.g. a z.toJSONSchema call in a policy module); ' +
        'publish precomputedConfigSchema("<key>") from src/assumptions/configSchema.ts instead, which scripts/build-catalog.ts computes at build time',
    };
    assert.deepEqual(wrong, [], `loading the pack ran ${wrong.map((w) => (hints[w] ? `${w}: ${hints[w]}` : w)).join("; ")}`);
    const yamlModules = loaded.filter((m) => /node_modules[\\/]yaml[\\/]/.test(m) || /[\\/]zod[\\/]/.test(m) || /\.ya?ml$/.test(m));
    assert.deepEqual(yamlModules, [], "no YAML parser, separate zod copy or YAML file is loaded");
  });
});

describe("performance: the pack's start-up and speed changes keep its findings identical", function () {
  this.timeout(120_000);

  it("the pack installs its SDK workarounds when it loads, and GPU_BREAKEVEN_SDK_WORKAROUNDS=0 leaves the SDK alone", () => {
    const probe = (env: Record<string, string>) => {
      const child = `
        const { createRequire } = require("module");
        const write = process.stdout.write.bind(process.stdout);
        process.stdout.write = (chunk, ...rest) => {
          if (/^\\d+\\n/.test(String(chunk))) {
            const fromPolicy = createRequire(require.resolve("@pulumi/policy"));
            const names = {
              getResourcesList: fromPolicy("@pulumi/pulumi/proto/analyzer_pb").AnalyzeStackRequest.prototype.getResourcesList.name,
              deserializeProperties: require("@pulumi/policy/deserialize").deserializeProperties.name,
              unknownCheckingProxy: require("@pulumi/policy/proxy").unknownCheckingProxy.name,
            };
            process.stderr.write("NAMES " + JSON.stringify(names) + "\\n");
            process.exit(0);
          }
          return write(chunk, ...rest);
        };
        require(${JSON.stringify(path.join(PACK_DIR, "dist", "index.js"))});
      `;
      const run = spawnSync(process.execPath, ["-e", child], { cwd: PACK_DIR, encoding: "utf8", timeout: 30_000, env: { ...process.env, ...env } });
      const line = run.stderr.split("\n").find((l) => l.startsWith("NAMES "));
      assert.ok(line, run.stderr);
      return JSON.parse(line.slice("NAMES ".length));
    };
    assert.deepEqual(probe({}), { getResourcesList: "getReadResourcesList", deserializeProperties: "shared", unknownCheckingProxy: "shared" });
    assert.deepEqual(probe({ GPU_BREAKEVEN_SDK_WORKAROUNDS: "0" }), { getResourcesList: "", deserializeProperties: "deserializeProperties", unknownCheckingProxy: "unknownCheckingProxy" });
  });

  it("a synthetic stack of every GPU kind gets the same diagnostics with and without them (GPU_BREAKEVEN_SDK_WORKAROUNDS=0)", async () => {
    // policy-pack/index.ts hands the stack policies only the resource types they read and shares the SDK's
    // deserialized copies between them; neither may change a finding.
    const stack = syntheticStack({ size: 1_000 });
    const request = serializeStackRequest(PACK_DIR, stack.resources);
    const run = async (env: Record<string, string>) => {
      const pack = await openBenchPack({ packDir: PACK_DIR, stackConfig: stack.stackConfig, env });
      try {
        return (await pack.analyzeStack(request)).diagnostics.map((d) => `${d.policyName} [${d.level}] ${d.urn}\n${d.message}`).sort();
      } finally {
        await pack.close();
      }
    };
    const fast = await run({});
    const plain = await run({ GPU_BREAKEVEN_SDK_WORKAROUNDS: "0" });
    assert.ok(plain.length > 50, `too few findings to compare: ${plain.length}`);
    for (const policy of ["self-hosting-break-even", "self-hosting-fragile", "data-residency", "fleet-capacity", "production-redundancy", "gpu-workload-declared", "gpu-pricing-known"]) {
      assert.ok(plain.some((d) => d.startsWith(policy)), `the synthetic stack should exercise ${policy}`);
    }
    assert.deepEqual(fast, plain);
  });
});
