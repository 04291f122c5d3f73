// Two tarballs. `pulumi policy publish` runs `npm pack` in the pack's folder and uploads the tarball; Pulumi Cloud
// installs it for every stack of a policy group: it must hold everything the pack needs to start, and nothing else.
// And the package's own tarball (what `npm install gpu-breakeven` gets): installed into an empty project, its CLI
// checks the example project it ships and projects of the user's, JavaScript and TypeScript.
import * as assert from "node:assert/strict";
import { execFileSync, spawn, spawnSync } from "child_process";
import * as fs from "fs";
import { builtinModules } from "module";
import * as os from "os";
import * as path from "path";
import { runPolicyPack } from "../src/engine/session";
import { gpu, PACK_DIR } from "../test/helpers/pack";

const ROOT = path.resolve(__dirname, "..");

describe("policy pack tarball (npm pack, as pulumi policy publish does)", function () {
  let dir: string;
  let files: string[];
  before(function () {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "gbr-pack-"));
    const out = execFileSync("npm", ["pack", "--json", "--pack-destination", dir], { cwd: PACK_DIR, encoding: "utf8" });
    const [packed] = JSON.parse(out) as { filename: string }[];
    execFileSync("tar", ["-xzf", path.join(dir, packed.filename), "-C", dir]);
    files = execFileSync("tar", ["-tzf", path.join(dir, packed.filename)], { encoding: "utf8" }).trim().split("\n").sort();
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("holds the compiled pack, PulumiPolicy.yaml and package.json, and nothing else", function () {
    assert.deepEqual(files, ["package/PulumiPolicy.yaml", "package/dist/index.js", "package/package.json"]);
    assert.ok(!files.some((f) => f.endsWith(".ts") || f.includes("test") || f.endsWith(".map")));
    const pkg = JSON.parse(fs.readFileSync(path.join(dir, "package", "package.json"), "utf8"));
    assert.equal(pkg.main, "dist/index.js");
    // everything the bundle requires at run time is Node's own or a declared dependency
    const bundle = fs.readFileSync(path.join(dir, "package", "dist", "index.js"), "utf8");
    const required = new Set([...bundle.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]));
    for (const r of required) {
      const isBuiltin = builtinModules.includes(r.replace(/^node:/, ""));
      const root = r.startsWith("@") ? r.split("/").slice(0, 2).join("/") : r.split("/")[0];
      assert.ok(isBuiltin || root in pkg.dependencies, `dist/index.js requires ${r}, which package.json does not declare`);
    }
    assert.ok(required.has("@pulumi/policy") && required.has("@pulumi/pulumi"));
  });

  it("starts from the unpacked tarball and judges a stack over the engine protocol", async function () {
    // Pulumi installs the tarball's dependencies; here they come from this repository's node_modules.
    const unpacked = path.join(dir, "package");
    fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(unpacked, "node_modules"), "dir");
    const run = await runPolicyPack({
      packDir: unpacked,
      project: "gpu-inference",
      stack: "published",
      stackConfig: {
        "aws:region": "us-east-1",
        "gpu-breakeven:workloads": JSON.stringify({ chat: { monthlyInputTokens: 3e9, monthlyOutputTokens: 1e9, managedModel: "openai/gpt-4o-mini", opsHoursPerMonth: 20 } }),
      },
      resources: [gpu("chat-0", "g6e.xlarge", "chat", "us-east-1a"), gpu("chat-1", "g6e.xlarge", "chat", "us-east-1b")],
    });
    assert.equal(run.info.name, "gpu-breakeven");
    assert.equal(run.info.version, "0.1.0");
    assert.deepEqual(run.stdout, []);
    // F = $4,717.06 > M(V) = $1,050: the mandatory break-even violation, as from the working tree
    const fails = run.diagnostics.filter((d) => d.policyName === "self-hosting-break-even");
    assert.equal(fails.length, 1);
    assert.equal(fails[0].enforcementLevel, "mandatory");
    assert.ok(fails[0].message.includes("the fleet costs $4,717/month"), fails[0].message);
  });
});

/**
 * A temporary folder, on tmpfs when the machine has one with room: installing the package writes some 20,000
 * files, which takes a third of the time in memory that it takes on disk.
 */
function scratchDir(prefix: string): string {
  const shm = "/dev/shm";
  try {
    const { bavail, bsize } = fs.statfsSync(shm);
    if (bavail * bsize > 2 ** 30) return fs.mkdtempSync(path.join(shm, prefix));
  } catch {
    // no tmpfs here
  }
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** This environment without what `npm test` sets for its own scripts (npm_config_*, npm_package_*…). */
function cleanEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(npm_|INIT_CWD$)/i.test(k)));
}

/**
 * The lockfile of a project that depends only on the tarball: the tarball itself, and this repository's locked
 * production dependencies (the versions the package is tested with). With it `npm ci --offline` installs from
 * npm's cache alone, by integrity, where a plain `npm install <tarball>` would ask the registry for metadata.
 */
function lockfileFor(tarball: { file: string; integrity: string }): Record<string, unknown> {
  const lock = JSON.parse(fs.readFileSync(path.join(ROOT, "package-lock.json"), "utf8")) as { packages: Record<string, Record<string, unknown>> };
  const root = lock.packages[""];
  const packages: Record<string, unknown> = { "": { name: "app", dependencies: { "gpu-breakeven": `file:${tarball.file}` } } };
  for (const [at, entry] of Object.entries(lock.packages)) {
    if (!at.startsWith("node_modules/") || entry.dev) continue;
    const { devOptional, ...rest } = entry;
    packages[at] = devOptional ? { ...rest, optional: true } : rest;
  }
  packages["node_modules/gpu-breakeven"] = {
    version: root.version,
    resolved: `file:${tarball.file}`,
    integrity: tarball.integrity,
    license: root.license,
    dependencies: root.dependencies,
    bin: root.bin,
    engines: root.engines,
  };
  return { name: "app", lockfileVersion: 3, requires: true, packages };
}

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** A child process, without blocking the event loop (so several run at once). */
function spawnAsync(cmd: string, args: string[], cwd: string): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, env: cleanEnv(), stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill("SIGKILL"), 90_000);
    child.on("error", reject);
    child.on("close", (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
  });
}

/** Writes a project's files (name → content; a trailing "/" makes a folder). */
function writeProject(dir: string, files: Record<string, string>): void {
  fs.mkdirSync(dir, { recursive: true });
  for (const [name, content] of Object.entries(files)) {
    if (name.endsWith("/")) fs.mkdirSync(path.join(dir, name), { recursive: true });
    else fs.writeFileSync(path.join(dir, name), content);
  }
}

const WORKLOAD = ["config:", "  aws:region: us-east-1", "  gpu-breakeven:workloads:", "    chat:", "      monthlyInputTokens: 3000000000", "      monthlyOutputTokens: 1000000000"];

/** A user's JavaScript project: Pulumi.yaml without `main` (index.js), two GPU instances. */
const JS_PROJECT: Record<string, string> = {
  "Pulumi.yaml": "name: my-infra\nruntime: nodejs\n",
  "index.js": [
    '"use strict";',
    'const aws = require("@pulumi/aws");',
    'for (const zone of ["us-east-1a", "us-east-1b"]) {',
    '  new aws.ec2.Instance(`chat-${zone}`, { ami: "ami-0123456789abcdef0", instanceType: "g6e.xlarge", availabilityZone: zone,',
    '    tags: { "gpu-breakeven:workload": "chat" } });',
    "}",
    "",
  ].join("\n"),
  "Pulumi.dev.yaml": [...WORKLOAD, "      managedModel: anthropic/claude-haiku-4-5", "      tokensPerSecondPerInstance: 2500", ""].join("\n"),
};

/** A user's TypeScript project, as `pulumi new typescript` lays it out: package.json `main: index.ts`, tsconfig.json. */
const TS_PROJECT: Record<string, string> = {
  "Pulumi.yaml": "name: ts-infra\nruntime:\n  name: nodejs\n  options:\n    typescript: true\n",
  "package.json": JSON.stringify({ name: "ts-infra", main: "index.ts", devDependencies: { typescript: "*" } }),
  "tsconfig.json": JSON.stringify({ compilerOptions: { strict: true, target: "es2020", module: "commonjs" }, files: ["index.ts"] }),
  "node_modules/": "",
  "index.ts": [
    'import * as aws from "@pulumi/aws";',
    'import * as pulumi from "@pulumi/pulumi";',
    "",
    "interface Fleet { workload: string; instanceType: aws.ec2.InstanceType | string }",
    'const fleet: Fleet = { workload: "chat", instanceType: "g6e.xlarge" };',
    "export const server = new aws.ec2.Instance(`${fleet.workload}-0`, {",
    '  ami: "ami-0123456789abcdef0",',
    "  instanceType: fleet.instanceType,",
    '  availabilityZone: "us-east-1a",',
    '  tags: { "gpu-breakeven:workload": fleet.workload },',
    "});",
    "export const id: pulumi.Output<string> = server.id;",
    "",
  ].join("\n"),
  "Pulumi.dev.yaml": [...WORKLOAD, "      managedModel: openai/gpt-4o-mini", "      opsHoursPerMonth: 20", "      environment: staging", ""].join("\n"),
};

/** A TypeScript project whose `npm install` never ran. */
const TS_BARE_PROJECT: Record<string, string> = {
  "Pulumi.yaml": "name: ts-bare\nruntime: nodejs\n",
  "package.json": JSON.stringify({ name: "ts-bare", main: "index.ts" }),
  "index.ts": 'import * as aws from "@pulumi/aws";\nconst size: string = "g6e.xlarge";\nnew aws.ec2.Instance("x", { ami: "ami-1", instanceType: size });\n',
  "Pulumi.dev.yaml": "config:\n  aws:region: us-east-1\n",
};

describe("gpu-breakeven tarball (npm pack of the package, installed into an empty project)", function () {
  this.timeout(120_000);
  let dir: string;
  let packed: { filename: string; integrity: string; size: number; entryCount: number; files: { path: string }[] };
  let files: string[];
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as {
    version: string;
    files: string[];
    dependencies: Record<string, string>;
    scripts: Record<string, string>;
  };

  before(function () {
    dir = scratchDir("gbr-tarball-");
    // --ignore-scripts: `npm test` has just built dist/ (pretest); a real `npm pack` rebuilds from scratch (prepack).
    const out = execFileSync("npm", ["pack", "--json", "--ignore-scripts", "--pack-destination", dir], { cwd: ROOT, encoding: "utf8", env: cleanEnv() });
    [packed] = JSON.parse(out);
    files = packed.files.map((f) => f.path).sort();
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("ships the CLI, the pack, the example project, docs and schema; no sources, tests, benchmarks or source maps", function () {
    for (const f of [
      "LICENSE", "README.md", "package.json", "Pulumi.yaml",
      "dist/cli.js", "dist/index.js", "dist/mock-runner.js", "dist/program.js", "dist/types/index.d.ts",
      // the catalog YAML `npx gpu-breakeven catalog refresh` starts from (catalog-fresh's fix), read only
      "dist/catalog-data/instances.yaml", "dist/catalog-data/models.yaml", "dist/catalog-data/accelerators.yaml",
      "policy-pack/PulumiPolicy.yaml", "policy-pack/dist/index.js", "policy-pack/package.json",
      "schema/stack-report.schema.json", "docs/reports-and-ci.md", "examples/org-policy-config.json",
      "stacks/Pulumi.fails.yaml", "stacks/EXPECTED.md",
    ]) {
      assert.ok(files.includes(f), `the tarball lacks ${f}`);
    }
    const topLevel = ["LICENSE", "README.md", "package.json", "Pulumi.yaml"];
    const stray = files.filter((f) =>
      /^(src|test|test-engine|bench|scripts|engine|node_modules|\.ci)\//.test(f) || f.endsWith(".map") || /(^|\/)\./.test(f) ||
      (f.endsWith(".ts") && !f.endsWith(".d.ts")) || (!f.includes("/") && !topLevel.includes(f)));
    assert.deepEqual(stray, []);
    // every stack file is one of the example project's
    for (const f of files.filter((f) => /Pulumi\..+\.yaml$/.test(f))) assert.match(f, /^stacks\/Pulumi\.[\w-]+\.yaml$/);
    assert.ok(fs.readFileSync(path.join(ROOT, "LICENSE"), "utf8").includes("Apache License\n                           Version 2.0, January 2004"));
    // `npm pack` by hand builds from scratch first, so no stale output of an earlier build ships.
    assert.match(pkg.scripts.prepack, /rmSync\(d.*'dist', 'policy-pack\/dist'|'dist', 'policy-pack\/dist'.*rmSync/);
    assert.match(pkg.scripts.prepack, /&& npm run build$/);
  });

  it("needs at run time only Node's own modules and the package's declared dependencies", function () {
    for (const bundle of ["dist/cli.js", "dist/index.js", "dist/mock-runner.js", "dist/program.js"]) {
      const text = fs.readFileSync(path.join(ROOT, bundle), "utf8");
      for (const [, r] of text.matchAll(/require\("([^"./][^"]*)"\)/g)) {
        const isBuiltin = builtinModules.includes(r.replace(/^node:/, ""));
        const root = r.startsWith("@") ? r.split("/").slice(0, 2).join("/") : r.split("/")[0];
        assert.ok(isBuiltin || root in pkg.dependencies, `${bundle} requires ${r}, which package.json does not declare`);
      }
    }
  });

  describe("installed with npm from its cache, then run with npx", function () {
    let app: string;
    /** The runs below, started together once the package is installed (each is a few processes; they overlap). */
    const runs: Record<string, Promise<Run>> = {};

    before(function () {
      app = path.join(dir, "app");
      fs.mkdirSync(app);
      const tarball = { file: `../${packed.filename}`, integrity: packed.integrity };
      fs.writeFileSync(path.join(app, "package.json"), JSON.stringify({ name: "app", private: true, dependencies: { "gpu-breakeven": tarball.file } }));
      fs.writeFileSync(path.join(app, "package-lock.json"), JSON.stringify(lockfileFor(tarball), null, 2));
      const install = (mode: string) =>
        spawnSync("npm", ["ci", mode, "--no-audit", "--no-fund", "--ignore-scripts"], { cwd: app, encoding: "utf8", env: cleanEnv(), timeout: 110_000 });
      let run = install("--offline");
      // A package missing from npm's cache (a cache cleaned since `npm ci`): fetch just that one.
      if (run.status !== 0 && /ENOTCACHED/.test(run.stderr)) run = install("--prefer-offline");
      assert.equal(run.status, 0, run.stderr);

      writeProject(path.join(app, "infra"), JS_PROJECT);
      writeProject(path.join(app, "ts-infra"), TS_PROJECT);
      // `pulumi new typescript` puts TypeScript in the project's devDependencies; here it is this repository's.
      fs.symlinkSync(path.join(ROOT, "node_modules", "typescript"), path.join(app, "ts-infra", "node_modules", "typescript"), "dir");
      writeProject(path.join(dir, "ts-bare"), TS_BARE_PROJECT);

      const npx = (args: string[]) => {
        const run = spawnAsync("npx", ["--no-install", "gpu-breakeven", ...args], app);
        run.catch(() => undefined); // awaited (and so reported) by its test
        return run;
      };
      runs.example = npx(["check", "--project-dir", "node_modules/gpu-breakeven", "--stack", "fails"]);
      runs.js = npx(["check", "--project-dir", "infra", "--stack", "dev"]);
      runs.ts = npx(["check", "--project-dir", "ts-infra", "--stack", "dev"]);
      runs.bare = npx(["check", "--project-dir", path.join(dir, "ts-bare"), "--stack", "dev"]);
    });

    it("check --project-dir node_modules/gpu-breakeven --stack fails: the example project, exit 1 on the mandatory break-even finding", async function () {
      const run = await runs.example;
      assert.equal(run.status, 1, run.stdout + run.stderr);
      assert.match(run.stdout, /chat\s+fails\s+\$4,717\s+\$1,050/);
      assert.match(run.stdout, /\[mandatory\]\s+self-hosting-break-even/);
    });

    it("checks a JavaScript project of the user's, with its own Pulumi.yaml and stack file", async function () {
      const run = await runs.js;
      // F = 2 × $1.861/h × 730 h = $2,717 ≤ M(0.5·V) = $4,000 (M(V) = 3,000M × $1 + 1,000M × $5 = $8,000): robust
      assert.equal(run.status, 0, run.stdout + run.stderr);
      assert.match(run.stdout, /Stack dev: 2 resources previewed/);
      assert.match(run.stdout, /chat\s+robust\s+\$2,717\s+\$8,000\s+\$4,000/);
    });

    it("checks a TypeScript project (index.ts, its own TypeScript) through ts-node, as pulumi runs it", async function () {
      const run = await runs.ts;
      // F = 1 × $1.861/h × 730 h + 20 h × $100 = $3,359 > M(V) = $1,050: fails
      assert.equal(run.status, 1, run.stdout + run.stderr);
      assert.match(run.stdout, /Stack dev: 1 resources previewed/);
      assert.match(run.stdout, /chat\s+fails\s+\$3,359\s+\$1,050/);
    });

    it("a TypeScript project whose dependencies are not installed: one line that says to run npm install there", async function () {
      // No project SDK: the TypeScript and ts-node the SDK vendors compile index.ts, then @pulumi/aws is missing.
      const run = await runs.bare;
      assert.equal(run.status, 2, run.stdout + run.stderr);
      assert.equal(run.stderr.trimEnd().split("\n").length, 1, run.stderr);
      assert.match(run.stderr, /^gpu-breakeven check: Pulumi program index\.ts \(stack dev\) failed: its dependency @pulumi\/aws is not installed \(run npm install in .*ts-bare\)\n$/);
    });
  });
});
