// The example GitHub Actions workflow runs only commands this package has: every npm script, gpu-breakeven subcommand
// and flag it uses, every file of this repository it points at. And the example organisation policy config is one the
// engine accepts, with the cost assumptions set once (under self-hosting-break-even) and applied to every cost policy.
import { POLICY_NAMES } from "../src/analysis/registry";
import * as assert from "node:assert/strict";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { checkOptions, FAIL_ON } from "../src/cli/commands/check";
import { projectOptions } from "../src/cli/commands/projectOptions";
import { REPORT_FORMATS, reportOptions } from "../src/cli/commands/report";
import { commands } from "../src/cli/main";
import { COMMENT_MARKER } from "../src/report/markdown";

const ROOT = path.resolve(__dirname, "..");
const WORKFLOW = path.join(ROOT, "examples", "github-actions", "gpu-breakeven.yml");
/** Where the workflow checks this repository out, relative to the workspace. */
const CHECKOUT = ".gpu-breakeven";

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  with?: Record<string, string>;
  env?: Record<string, string>;
  "working-directory"?: string;
  if?: string;
}

/** Splits a shell script into simple commands (on newlines, ;, &&, ||, |), outside quotes and $(...). */
export function shellCommands(script: string): string[][] {
  const joined = script.replace(/\\\n\s*/g, " ");
  const commandsOut: string[][] = [];
  let words: string[] = [];
  let word = "";
  let quote: '"' | "'" | undefined;
  let depth = 0;
  const endWord = () => {
    if (word) words.push(word);
    word = "";
  };
  const endCommand = () => {
    endWord();
    if (words.length) commandsOut.push(words);
    words = [];
  };
  for (let i = 0; i < joined.length; i++) {
    const c = joined[i];
    if (quote) {
      if (c === quote && depth === 0) quote = undefined;
      else if (quote === '"' && c === "$" && joined[i + 1] === "(") {
        depth++;
        word += c;
      } else if (depth > 0 && c === ")") {
        depth--;
        word += c;
      } else word += c;
      continue;
    }
    if (c === '"' || c === "'") quote = c;
    else if (c === "#" && word === "") {
      while (i < joined.length && joined[i] !== "\n") i++;
      endCommand();
    } else if (c === "\n" || c === ";") endCommand();
    else if (c === "&" && joined[i + 1] === "&") {
      endCommand();
      i++;
    } else if (c === "|") {
      endCommand();
      if (joined[i + 1] === "|") i++;
    } else if (c === " " || c === "\t") endWord();
    else word += c;
  }
  endCommand();
  return commandsOut;
}

/** The command word and its arguments, after any VAR=value assignments; the assignments apart. */
function split(words: string[]): { env: Record<string, string>; cmd: string; args: string[] } {
  const env: Record<string, string> = {};
  let i = 0;
  for (; i < words.length && /^[A-Z_][A-Z0-9_]*=/.test(words[i]); i++) {
    const [k, ...v] = words[i].split("=");
    env[k] = v.join("=");
  }
  return { env, cmd: words[i] ?? "", args: words.slice(i + 1) };
}

/** A path the workflow gives under the gpu-breakeven checkout, as a path of this repository. */
function inRepo(p: string): string {
  const at = p.indexOf(`${CHECKOUT}/`);
  assert.ok(at >= 0, `${p} is not under the ${CHECKOUT} checkout`);
  return path.join(ROOT, p.slice(at + CHECKOUT.length + 1));
}

const optionsOf: Record<string, Record<string, unknown>> = { check: checkOptions, report: reportOptions, demo: projectOptions };

describe("GitHub Actions workflow (examples/github-actions/gpu-breakeven.yml)", function () {
  const workflow = parse(fs.readFileSync(WORKFLOW, "utf8")) as {
    on: Record<string, unknown>;
    permissions: Record<string, string>;
    jobs: Record<string, { steps: Step[] }>;
  };
  const steps = Object.values(workflow.jobs).flatMap((j) => j.steps);
  const runs = steps.filter((s) => s.run).flatMap((s) => shellCommands(s.run!).map((words) => ({ step: s, ...split(words) })));

  it("runs on pull requests and may write the comment", function () {
    assert.ok("pull_request" in workflow.on);
    assert.equal(workflow.permissions["pull-requests"], "write");
  });

  it("splits shell the way the checks below need", function () {
    assert.deepEqual(shellCommands('A="x y" pulumi preview --stack "$s" \\\n  --policy-pack p || failed="$f $s"\nnpm ci # note'), [
      ["A=x y", "pulumi", "preview", "--stack", "$s", "--policy-pack", "p"],
      ["failed=$f $s"],
      ["npm", "ci"],
    ]);
  });

  it("uses only npm commands and scripts this package has", function () {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
    const npm = runs.filter((r) => r.cmd === "npm");
    assert.ok(npm.length >= 1);
    for (const r of npm) {
      const [sub, script] = r.args;
      if (sub === "ci") assert.ok(fs.existsSync(path.join(ROOT, "package-lock.json")), "npm ci needs the lockfile");
      else if (sub === "run" || sub === "run-script") assert.ok(script in pkg.scripts, `npm run ${script}: no such script`);
      else if (sub === "test" || sub === "start") assert.ok(sub in pkg.scripts, `npm ${sub}: no such script`);
      else assert.fail(`unexpected npm command: npm ${r.args.join(" ")}`);
    }
    // gpu-breakeven's own npm ci runs in its checkout (it builds the pack through `prepare`)
    assert.ok(npm.some((r) => r.step["working-directory"] === CHECKOUT && r.args[0] === "ci"));
    assert.ok("prepare" in pkg.scripts);
  });

  it("uses only gpu-breakeven subcommands, flags and values the CLI has, from the package's own folder", function () {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
    assert.equal(pkg.bin["gpu-breakeven"], "dist/cli.js");
    const cli = runs.filter((r) => r.cmd === "npx" && r.args[0] === "gpu-breakeven");
    assert.ok(cli.length >= 1, "the workflow renders with npx gpu-breakeven");
    for (const r of cli) {
      assert.equal(r.step["working-directory"], CHECKOUT, "npx finds the gpu-breakeven bin in its own folder");
      const [, sub, ...args] = r.args;
      assert.ok(commands.some((c) => c.name === sub), `gpu-breakeven ${sub}: no such subcommand`);
      const options = optionsOf[sub];
      for (let i = 0; i < args.length; i++) {
        if (!args[i].startsWith("--")) continue;
        const flag = args[i].slice(2).split("=")[0];
        assert.ok(flag in options, `gpu-breakeven ${sub} --${flag}: no such flag`);
        const value = args[i].includes("=") ? args[i].split("=")[1] : args[i + 1];
        if (flag === "format") assert.ok((REPORT_FORMATS as readonly string[]).includes(value), `--format ${value}`);
        if (flag === "fail-on") assert.ok((FAIL_ON as readonly string[]).includes(value), `--fail-on ${value}`);
        if (flag === "policy-pack-config") assert.ok(fs.existsSync(inRepo(value)), `${value} does not exist`);
      }
    }
    const markdown = cli.find((r) => r.args.includes("markdown"));
    assert.ok(markdown, "one call renders markdown");
  });

  it("previews with the pack, the org policy config and GPU_BREAKEVEN_REPORT", function () {
    const previews = runs.filter((r) => r.cmd === "pulumi" && r.args[0] === "preview");
    assert.ok(previews.length >= 1);
    const known = new Set(["--stack", "--non-interactive", "--policy-pack", "--policy-pack-config", "--diff", "--refresh", "--cwd", "--suppress-outputs"]);
    for (const r of previews) {
      assert.ok(r.env.GPU_BREAKEVEN_REPORT, "GPU_BREAKEVEN_REPORT names the report file");
      for (const a of r.args.filter((x) => x.startsWith("--"))) assert.ok(known.has(a.split("=")[0]), `pulumi preview ${a}?`);
      const pack = r.args[r.args.indexOf("--policy-pack") + 1];
      assert.ok(fs.existsSync(path.join(inRepo(pack), "PulumiPolicy.yaml")), `${pack} is the policy pack`);
      const config = r.args[r.args.indexOf("--policy-pack-config") + 1];
      assert.equal(path.relative(ROOT, inRepo(config)), path.join("examples", "org-policy-config.json"));
    }
  });

  it("creates or updates one comment found by the marker the renderer writes", function () {
    const script = steps.find((s) => s.uses?.startsWith("actions/github-script"));
    assert.ok(script?.with?.script, "an actions/github-script step posts the comment");
    assert.ok(script.with.script.includes(`const marker = "${COMMENT_MARKER}";`));
    for (const call of ["issues.listComments", "issues.createComment", "issues.updateComment", ".startsWith(marker)"]) {
      assert.ok(script.with.script.includes(call), call);
    }
  });
});

describe("organisation policy config (examples/org-policy-config.json)", function () {
  const file = path.join(ROOT, "examples", "org-policy-config.json");
  const config = JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, unknown>;

  it("sets the cost assumptions once, under self-hosting-break-even, and names every policy of the registry", function () {
    const { enforcementLevel: _level, ...assumptions } = config["self-hosting-break-even"] as Record<string, unknown>;
    assert.equal(assumptions.opsUsdPerHour, 120);
    for (const other of ["self-hosting-fragile", "fleet-capacity", "gpu-pricing-known"]) assert.equal(typeof config[other], "string", other);
    assert.deepEqual(Object.keys(config).sort(), [...POLICY_NAMES].sort());
  });

  it("is accepted by the engine, and its assumptions apply to every cost policy", function () {
    const run = spawnSync(process.execPath, [path.join(ROOT, "dist", "cli.js"), "check", "--stack", "fragile", "--policy-pack-config", file], {
      cwd: ROOT,
      encoding: "utf8",
    });
    assert.equal(run.status, 0, run.stdout + run.stderr);
    // F = 2 × $1.50/h (regionalInstancePrices us-east-1) × 730 h + 20 h × $120/h = $2,190 + $2,400 = $4,590;
    // M(V) = $8,000, M(0.5·V) = $4,000 < F: still fragile
    assert.match(run.stdout, /chat\s+fragile\s+\$4,590\s+\$8,000\s+\$4,000/);
    // The fragile finding (another cost policy than the one the assumptions are set under) uses the same F.
    assert.match(run.stdout, /fixed monthly cost F = \$4,590/);
    assert.ok(!run.stdout.includes("pack-health"), run.stdout);
  });
});
