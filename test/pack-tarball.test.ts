// `pulumi policy publish` runs `npm pack` in the pack's folder and uploads the tarball; Pulumi Cloud installs it for
// every stack of a policy group. The tarball must hold everything the pack needs to start, and nothing else.
import * as assert from "node:assert/strict";
import { execFileSync } from "child_process";
import * as fs from "fs";
import { builtinModules } from "module";
import * as os from "os";
import * as path from "path";
import { runPolicyPack } from "../src/engine/session";
import { gpu, PACK_DIR } from "./helpers/pack";

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
