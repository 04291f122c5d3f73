// The example GitHub Actions workflow runs only what exists: every gpu-breakeven subcommand, flag and value it uses
// is one the CLI has (read from the option tables of src/cli/commands/*.ts), the pack it previews with ships in the
// package, and its comment script creates, updates or leaves alone the one comment it owns. And the example
// organisation policy config is one the engine accepts, with the cost assumptions set once and applied to every
// cost policy.
import { POLICY_NAMES } from "../src/analysis/registry";
import * as assert from "node:assert/strict";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parse } from "yaml";
import { checkOptions, FAIL_ON } from "../src/cli/commands/check";
import * as reportCommand from "../src/cli/commands/report";
import { commands } from "../src/cli/main";
import { COMMENT_MARKER } from "../src/report/markdown";

const ROOT = path.resolve(__dirname, "..");
const WORKFLOW = path.join(ROOT, "examples", "github-actions", "gpu-breakeven.yml");
const PKG = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as {
  name: string;
  version: string;
  bin: Record<string, string>;
  files: string[];
};

// `report --base` and `--fail-on … new-mandatory` are read from report.ts as they are, not imported by name, so
// that this file compiles whatever report.ts exports; the assertions that need them say so when they are missing.
const reportOptions = reportCommand.reportOptions as Record<string, unknown>;
const REPORT_FORMATS = reportCommand.REPORT_FORMATS as readonly string[];
const REPORT_FAIL_ON = (reportCommand as Record<string, unknown>).REPORT_FAIL_ON as readonly string[] | undefined;

/** The lowest major version of each action the workflow may use: the first to run on Node 24. */
const MINIMUM_MAJOR: Record<string, number> = {
  "actions/checkout": 5,
  "actions/setup-node": 5,
  "actions/upload-artifact": 6,
  "actions/github-script": 8,
  "pulumi/actions": 7,
  "aws-actions/configure-aws-credentials": 6,
};

interface Step {
  name?: string;
  id?: string;
  uses?: string;
  run?: string;
  with?: Record<string, string | number>;
  env?: Record<string, string>;
  "working-directory"?: string;
  if?: string;
}

interface Job {
  if?: string;
  permissions?: Record<string, string>;
  steps: Step[];
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

/** The value after `flag` in a command's arguments. */
function flagValue(args: string[], flag: string): string | undefined {
  const at = args.indexOf(flag);
  return at < 0 ? undefined : args[at + 1];
}

const workflow = parse(fs.readFileSync(WORKFLOW, "utf8")) as {
  on: Record<string, unknown>;
  permissions: Record<string, string>;
  env: Record<string, string>;
  jobs: Record<string, Job>;
};
const main = workflow.jobs["gpu-breakeven"];
const steps = main.steps;
const runs = steps.filter((s) => s.run).flatMap((s) => shellCommands(s.run!).map((words) => ({ step: s, ...split(words) })));
const stepNamed = (pattern: RegExp): Step => {
  const step = steps.find((s) => pattern.test(s.name ?? ""));
  assert.ok(step, `no step named like ${pattern}`);
  return step;
};

describe("GitHub Actions workflow (examples/github-actions/gpu-breakeven.yml)", function () {
  it("splits shell the way the checks below need", function () {
    assert.deepEqual(shellCommands('A="x y" pulumi preview --stack "$s" \\\n  --policy-pack p || failed="$f $s"\nnpm ci # note'), [
      ["A=x y", "pulumi", "preview", "--stack", "$s", "--policy-pack", "p"],
      ["failed=$f $s"],
      ["npm", "ci"],
    ]);
    assert.deepEqual(shellCommands('if [ ${#a[@]} -gt 0 ]; then\n  x "${a[@]}" --base "${b[@]}" || rc=$?\nfi'), [
      ["if", "[", "${#a[@]}", "-gt", "0", "]"],
      ["then"],
      ["x", "${a[@]}", "--base", "${b[@]}"],
      ["rc=$?"],
      ["fi"],
    ]);
  });

  it("runs on pull requests, may write the comment, and gets an OIDC token for the cloud credentials", function () {
    assert.ok("pull_request" in workflow.on);
    assert.ok(!("pull_request_target" in workflow.on), "pull_request_target would run a fork's code with secrets");
    assert.deepEqual(workflow.permissions, { contents: "read", "id-token": "write", "pull-requests": "write" });
  });

  it("skips pull requests from forks with a note, not a failed check", function () {
    const sameRepo = "github.event.pull_request.head.repo.full_name == github.repository";
    assert.equal(main.if, sameRepo);
    const fork = Object.values(workflow.jobs).find((j) => j.if === sameRepo.replace("==", "!="));
    assert.ok(fork, "a job for fork pull requests");
    assert.deepEqual(fork.permissions, {});
    const script = fork.steps.map((s) => s.run ?? "").join("\n");
    assert.match(script, /::notice::gpu-breakeven skipped/);
    assert.match(script, />> "\$GITHUB_STEP_SUMMARY"/);
    assert.doesNotMatch(script, /exit [1-9]/);
  });

  it("uses a Node.js 24 major of every action, and a Node.js LTS that package.json allows", function () {
    for (const job of Object.values(workflow.jobs)) {
      for (const step of job.steps.filter((s) => s.uses)) {
        const [action, ref] = step.uses!.split("@");
        assert.ok(action in MINIMUM_MAJOR, `${action}: not reviewed (add it to MINIMUM_MAJOR)`);
        const major = Number(/^v(\d+)$/.exec(ref)?.[1]);
        assert.ok(major >= MINIMUM_MAJOR[action], `${step.uses}: use v${MINIMUM_MAJOR[action]} or later`);
      }
    }
    const node = Number(steps.find((s) => s.uses?.startsWith("actions/setup-node"))?.with?.["node-version"]);
    assert.ok(node >= 22 && node % 2 === 0, `node-version ${node}: a maintained LTS (22 or later, even)`);
  });

  it("pins gpu-breakeven to this package's exact version, never a branch or a range", function () {
    assert.equal(workflow.env.GPU_BREAKEVEN_PACKAGE, `${PKG.name}@${PKG.version}`);
    assert.match(PKG.version, /^\d+\.\d+\.\d+$/);
    const install = runs.filter((r) => r.cmd === "npm" && r.args[0] === "install");
    assert.equal(install.length, 1);
    assert.ok(install[0].args.includes("$GPU_BREAKEVEN_PACKAGE"));
    assert.ok(install[0].args.includes("--no-save"));
    // The pack the previews run is the installed package's own, and the package ships it.
    const packLine = stepNamed(/Install gpu-breakeven/).run!.split("\n").find((l) => l.includes("GPU_BREAKEVEN_PACK="));
    assert.match(packLine ?? "", /GPU_BREAKEVEN_PACK=\$RUNNER_TEMP\/gpu-breakeven-tool\/node_modules\/gpu-breakeven\/policy-pack"/);
    for (const f of ["policy-pack/PulumiPolicy.yaml", "policy-pack/dist/index.js", "policy-pack/package.json"]) {
      assert.ok(PKG.files.includes(f), `package.json files must ship ${f}`);
    }
    assert.ok(fs.existsSync(path.join(ROOT, "policy-pack", "PulumiPolicy.yaml")));
    assert.equal(PKG.bin["gpu-breakeven"], "dist/cli.js");
  });

  it("checks out the pull request and its base commit side by side", function () {
    const checkouts = steps.filter((s) => s.uses?.startsWith("actions/checkout"));
    assert.equal(checkouts.length, 2);
    const [head, base] = checkouts;
    assert.equal(head.with?.path, "head");
    assert.equal(head.with?.ref, undefined, "the pull request's merge commit, what GitHub would merge");
    assert.equal(base.with?.path, "base");
    assert.equal(base.with?.ref, "${{ github.event.pull_request.base.sha }}");
  });

  it("installs the project's dependencies in PROJECT_DIR of both checkouts", function () {
    assert.equal(typeof workflow.env.PROJECT_DIR, "string");
    const ci = runs.filter((r) => r.cmd === "npm" && r.args[0] === "ci");
    assert.deepEqual(ci.map((r) => flagValue(r.args, "--prefix")).sort(), ["base/$PROJECT_DIR", "head/$PROJECT_DIR"]);
  });

  it("previews each stack twice, pull request and base, with the installed pack, the repository's policy config and GPU_BREAKEVEN_REPORT", function () {
    const preview = stepNamed(/^Preview/);
    assert.match(preview.run!, /config="\$GITHUB_WORKSPACE\/head\/\$POLICY_CONFIG"/);
    assert.equal(typeof workflow.env.POLICY_CONFIG, "string");
    const previews = runs.filter((r) => r.cmd === "pulumi" && r.args[0] === "preview");
    assert.equal(previews.length, 2);
    const known = new Set(["--stack", "--non-interactive", "--policy-pack", "--policy-pack-config", "--cwd", "--diff", "--refresh", "--suppress-outputs"]);
    for (const [r, side] of previews.map((r, i) => [r, ["head", "base"][i]] as const)) {
      for (const a of r.args.filter((x) => x.startsWith("--"))) assert.ok(known.has(a.split("=")[0]), `pulumi preview ${a}?`);
      assert.equal(r.env.GPU_BREAKEVEN_REPORT, `$reports/${side}/$file`);
      assert.equal(flagValue(r.args, "--cwd"), `$GITHUB_WORKSPACE/${side}/$PROJECT_DIR`);
      assert.equal(flagValue(r.args, "--policy-pack"), "$GPU_BREAKEVEN_PACK");
      assert.equal(flagValue(r.args, "--policy-pack-config"), "$config");
    }
  });

  it("uses only gpu-breakeven subcommands, flags and values the CLI has", function () {
    const optionsOf: Record<string, Record<string, unknown>> = { check: checkOptions, report: reportOptions };
    const failOnOf: Record<string, readonly string[] | undefined> = { check: FAIL_ON, report: REPORT_FAIL_ON };
    const cli = runs.filter((r) => r.cmd === "gpu-breakeven");
    assert.ok(cli.length >= 2);
    for (const r of cli) {
      const [sub, ...args] = r.args;
      assert.ok(commands.some((c) => c.name === sub), `gpu-breakeven ${sub}: no such subcommand`);
      for (let i = 0; i < args.length; i++) {
        if (!args[i].startsWith("--")) continue;
        const flag = args[i].slice(2).split("=")[0];
        assert.ok(flag in optionsOf[sub], `gpu-breakeven ${sub} --${flag}: no such flag in src/cli/commands/${sub}.ts`);
        const value = args[i].includes("=") ? args[i].split("=")[1] : args[i + 1];
        if (flag === "format") assert.ok(REPORT_FORMATS.includes(value), `--format ${value}`);
        if (flag === "fail-on") {
          assert.ok(failOnOf[sub], `gpu-breakeven ${sub}: report.ts exports no REPORT_FAIL_ON (the values of --fail-on)`);
          assert.ok(failOnOf[sub]!.includes(value), `gpu-breakeven ${sub} --fail-on ${value}: not one of ${failOnOf[sub]!.join(", ")}`);
        }
      }
    }
  });

  it("gates on new mandatory findings against the base, in the comment it renders", function () {
    const render = stepNamed(/^Render/);
    const markdown = runs.filter((r) => r.step === render && r.cmd === "gpu-breakeven" && flagValue(r.args, "--format") === "markdown");
    const withBase = markdown.find((r) => r.args.includes("--base"));
    assert.ok(withBase, "the comment is rendered against the base reports (report --base)");
    assert.ok("base" in reportOptions, "report.ts has no --base option");
    assert.equal(flagValue(withBase.args, "--fail-on"), "new-mandatory");
    assert.equal(flagValue(withBase.args, "--out"), "$comment");
    // head reports before --base, base reports after it: `--base` takes every file up to the next option
    assert.deepEqual(withBase.args.slice(1, 4), ["${head[@]}", "--base", "${base[@]}"]);
    // without any base report every mandatory finding is new
    const withoutBase = markdown.find((r) => !r.args.includes("--base"));
    assert.equal(withoutBase && flagValue(withoutBase.args, "--fail-on"), "mandatory");
    // the exit code is kept for the last step, so the comment is posted first
    assert.match(render.run!, /--out "\$comment" \|\| rc=\$\?/);
    const fail = stepNamed(/^Fail/);
    assert.equal(steps.at(-1), fail);
    assert.match(fail.if!, /steps\.render\.outputs\.exit-code != '0'/);
    assert.match(fail.if!, /steps\.preview\.outputs\.missing != ''/);
  });

  it("writes the run summary and uploads the reports, also after a failed step", function () {
    const render = stepNamed(/^Render/);
    assert.match(render.run!, /cat "\$comment" >> "\$GITHUB_STEP_SUMMARY"/);
    const upload = steps.find((s) => s.uses?.startsWith("actions/upload-artifact"));
    assert.ok(upload);
    assert.equal(upload.with?.path, "${{ runner.temp }}/gpu-breakeven");
    assert.equal(upload.if, "${{ !cancelled() }}");
    assert.match(stepNamed(/^Preview/).run!, /reports="\$RUNNER_TEMP\/gpu-breakeven"/);
  });

  it("renders a comment with the marker even when no stack wrote a report", function () {
    const render = stepNamed(/^Render/).run!;
    const fallback = render.slice(render.indexOf("if [ ${#head[@]} -eq 0 ]"), render.indexOf("elif"));
    assert.ok(fallback.includes(`echo "${COMMENT_MARKER}"`), "the fallback comment starts with the marker");
    assert.match(fallback, /has-report=false/);
  });

  describe("the comment step (actions/github-script, run here against a fake GitHub)", function () {
    const step = steps.find((s) => s.uses?.startsWith("actions/github-script"))!;
    const script = String(step?.with?.script ?? "");
    let tmp: string;
    before(() => {
      tmp = fs.mkdtempSync(path.join(os.tmpdir(), "gbr-workflow-"));
    });
    after(() => fs.rmSync(tmp, { recursive: true, force: true }));

    interface Call {
      op: "create" | "update";
      body: string;
      id?: number;
    }
    /** Runs the step's script with `existing` comments on the pull request; returns what it wrote. */
    async function runScript(opts: { body?: string; hasReport: boolean; existing: { id: number; body: string; bot?: boolean }[] }): Promise<Call[]> {
      const file = path.join(tmp, `comment-${Math.random()}.md`);
      if (opts.body !== undefined) fs.writeFileSync(file, opts.body);
      const calls: Call[] = [];
      const github = {
        paginate: async (fn: () => unknown) => fn(),
        rest: {
          issues: {
            listComments: () => opts.existing.map((c) => ({ id: c.id, body: c.body, user: { type: c.bot === false ? "User" : "Bot" } })),
            createComment: async (a: { body: string }) => calls.push({ op: "create", body: a.body }),
            updateComment: async (a: { body: string; comment_id: number }) => calls.push({ op: "update", body: a.body, id: a.comment_id }),
          },
        },
      };
      const env = { COMMENT_FILE: file, HAS_REPORT: String(opts.hasReport) };
      const AsyncFunction = Object.getPrototypeOf(async () => undefined).constructor as new (...a: string[]) => (...v: unknown[]) => Promise<void>;
      const core = { info: () => undefined };
      const context = { repo: { owner: "o", repo: "r" }, issue: { number: 7 } };
      await new AsyncFunction("require", "context", "github", "core", "process", script)(require, context, github, core, { env });
      return calls;
    }
    const report = `${COMMENT_MARKER}\n## ❌ gpu-breakeven: 1 mandatory finding\n`;

    it("finds its comment by the marker the renderer writes", function () {
      assert.ok(script.includes(`const marker = "${COMMENT_MARKER}";`));
    });

    it("creates the comment when there is a report and none yet", async function () {
      assert.deepEqual(await runScript({ body: report, hasReport: true, existing: [{ id: 1, body: `${COMMENT_MARKER} by a person`, bot: false }] }), [
        { op: "create", body: report },
      ]);
    });

    it("updates its own comment, and leaves an unchanged one alone", async function () {
      const existing = [{ id: 1, body: "lgtm", bot: false }, { id: 2, body: `${COMMENT_MARKER}\nold verdicts` }];
      assert.deepEqual(await runScript({ body: report, hasReport: true, existing }), [{ op: "update", body: report, id: 2 }]);
      assert.deepEqual(await runScript({ body: report, hasReport: true, existing: [{ id: 2, body: report }] }), []);
    });

    it("replaces earlier verdicts when there is nothing to report, and posts nothing new", async function () {
      const nothing = `${COMMENT_MARKER}\n## ⚠️ gpu-breakeven: no report for this commit\n`;
      assert.deepEqual(await runScript({ body: nothing, hasReport: false, existing: [{ id: 2, body: report }] }), [{ op: "update", body: nothing, id: 2 }]);
      assert.deepEqual(await runScript({ body: nothing, hasReport: false, existing: [] }), []);
      // a job that failed before rendering: the comment says so instead of keeping the last verdicts
      const [call] = await runScript({ hasReport: false, existing: [{ id: 2, body: report }] });
      assert.equal(call.op, "update");
      assert.ok(call.body.startsWith(`${COMMENT_MARKER}\n`) && call.body.includes("no report for this commit"), call.body);
    });

    it("runs after a failed step, but not after a cancelled run", function () {
      assert.match(step.if ?? "", /^\$\{\{ !cancelled\(\) \}\}/);
    });
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
