// The command a new user runs first, as a separate process: exit codes and what it prints.
import * as assert from "node:assert/strict";
import { spawnSync } from "child_process";
import * as os from "os";
import * as fs from "fs";
import * as path from "path";
import "./helpers/pack"; // fixes the analysis date (GPU_BREAKEVEN_NOW) of every pack this file spawns

const ROOT = path.resolve(__dirname, "..");
const cli = (...args: string[]) => spawnSync(process.execPath, [path.join(ROOT, "dist", "cli.js"), ...args], { cwd: ROOT, encoding: "utf8" });

describe("gpu-breakeven CLI", function () {
  // The exit code for each --fail-on and level set is unit-tested (test/report-json.test.ts, exitCodeFor); a policy
  // config file reaching the pack is tested with examples/org-policy-config.json (test/workflow.test.ts).
  it("check exits 1 on a mandatory violation, as pulumi preview does", function () {
    const run = cli("check", "--stack", "fails");
    assert.equal(run.status, 1, run.stderr);
    // Advisories: catalog-fresh's, which follow the catalog's source dates (test/catalog-fresh.test.ts).
    assert.match(run.stdout, /Stack fails: 3 resources previewed, 1 mandatory and \d+ advisory violations/);
    assert.match(run.stdout, /chat\s+fails\s+\$4,717\s+\$1,050\s+\$525\s+17\.97B tok\s+30\.4%/);
    assert.match(run.stdout, /- \[mandatory\]  self-hosting-break-even  \(aws:ec2\/instance:Instance: chat-0\)/);
  });

  it("check names an unknown stack and exits 2", function () {
    const run = cli("check", "--stack", "nope");
    assert.equal(run.status, 2);
    assert.match(run.stderr, /Pulumi\.nope\.yaml/);
  });

  it("demo previews every stack of a project and exits 0", function () {
    // Every example stack is previewed once per run by test/example-stacks.test.ts; here demo runs on a copy of the
    // project holding two of them, which exercises the same loop at a sixth of the cost.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gpu-breakeven-demo-"));
    fs.mkdirSync(path.join(dir, "stacks"));
    fs.writeFileSync(path.join(dir, "Pulumi.yaml"), `name: gpu-inference\nruntime: nodejs\nmain: ${path.join(ROOT, "dist", "program.js")}\nstackConfigDir: stacks\n`);
    for (const stack of ["fails", "robust"]) fs.copyFileSync(path.join(ROOT, "stacks", `Pulumi.${stack}.yaml`), path.join(dir, "stacks", `Pulumi.${stack}.yaml`));
    const run = cli("demo", "--project-dir", dir);
    fs.rmSync(dir, { recursive: true });
    assert.equal(run.status, 0, run.stderr);
    // Advisories: catalog-fresh's, which follow the catalog's source dates (test/catalog-fresh.test.ts).
    assert.match(run.stdout, /Stack fails: 3 resources previewed, 1 mandatory and \d+ advisory violations/);
    assert.match(run.stdout, /Stack robust: 3 resources previewed, 0 mandatory and \d+ advisory violations/);
    assert.match(run.stdout, /Previewed 2 stacks/);
  });
});
