// The CLI fails closed and says why in one line: stack names, unreadable inputs, report paths, `| head`.
// Argument and input validation runs in process (main() with the console captured); only what needs a
// real process (the working directory, a closed pipe, the bundle) spawns node dist/cli.js.
import * as assert from "node:assert/strict";
import { spawn, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { format } from "util";
import { writeFailureReason, writeFileWhole as writeReportFile } from "../src/io/writeWhole";
import { Command } from "../src/cli/command";
import { commands, errorText, main } from "../src/cli/main";

const ROOT = path.resolve(__dirname, "..");
const CLI = path.join(ROOT, "dist", "cli.js");
const STEADY = path.join(ROOT, "test", "fixtures", "without-catalog-fresh.json");
const FAILS = fs.readFileSync(path.join(ROOT, "stacks", "Pulumi.fails.yaml"), "utf8");

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** main() in this process, with console.log and console.error captured. */
async function inProcess(args: string[], env: Record<string, string> = {}): Promise<Run> {
  const out: string[] = [];
  const err: string[] = [];
  const saved = { log: console.log, error: console.error, env: { ...process.env } };
  console.log = (...a: unknown[]) => out.push(format(...a));
  console.error = (...a: unknown[]) => err.push(format(...a));
  Object.assign(process.env, env);
  try {
    const code = await main(args);
    return { code, stdout: out.join("\n"), stderr: err.join("\n") };
  } finally {
    console.log = saved.log;
    console.error = saved.error;
    for (const k of Object.keys(env)) if (saved.env[k] === undefined) delete process.env[k]; else process.env[k] = saved.env[k];
  }
}

/** The bundled CLI as a separate process. */
function spawned(args: string[], cwd = ROOT): Run {
  const run = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: "utf8" });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** stderr is exactly one line, with no stack frame in it. */
function assertOneLine(stderr: string, pattern: RegExp): void {
  const lines = stderr.trimEnd().split("\n");
  assert.equal(lines.length, 1, `expected one line on stderr, got:\n${stderr}`);
  assert.doesNotMatch(stderr, /^\s+at\s/m);
  assert.match(lines[0], pattern);
}

describe("gpu-breakeven CLI: failing closed, in one line", function () {
  let tmp: string;
  let project: string;

  before(function () {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "gpu-breakeven-cli-"));
    // A project of this package's example program, with broken stacks beside a good one.
    project = path.join(tmp, "project");
    const pulumiYaml = `name: gpu-inference\nruntime: nodejs\nmain: ${path.join(ROOT, "dist", "program.js")}\nstackConfigDir: stacks\n`;
    fs.mkdirSync(path.join(project, "stacks"), { recursive: true });
    fs.writeFileSync(path.join(project, "Pulumi.yaml"), pulumiYaml);
    fs.writeFileSync(path.join(project, "stacks", "Pulumi.fails.yaml"), FAILS);
    fs.writeFileSync(path.join(project, "stacks", "Pulumi.noconfig.yaml"), "config:\n  aws:region: us-east-1\n");
    fs.writeFileSync(path.join(project, "stacks", "Pulumi.badyaml.yaml"), "config:\n  aws:region: [us-east-1\n");
    // A program whose dependencies were never installed.
    const nodeps = path.join(tmp, "nodeps");
    fs.mkdirSync(path.join(nodeps, "stacks"), { recursive: true });
    fs.writeFileSync(path.join(nodeps, "Pulumi.yaml"), "name: nodeps\nruntime: nodejs\nmain: index.js\nstackConfigDir: stacks\n");
    fs.writeFileSync(path.join(nodeps, "index.js"), 'require("@acme/not-installed");\n');
    fs.writeFileSync(path.join(nodeps, "stacks", "Pulumi.dev.yaml"), "config: {}\n");
    fs.mkdirSync(path.join(tmp, "bad-project"));
    fs.writeFileSync(path.join(tmp, "bad-project", "Pulumi.yaml"), "name: [gpu\n");
    fs.mkdirSync(path.join(tmp, "empty"));
  });

  after(function () {
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  describe("--stack names a stack of the project, never a path", function () {
    for (const name of ["../stacks/Pulumi.fails", "a/b", "a\\b", "..", "fa..ils", "fails\0", "nope"]) {
      it(`rejects ${JSON.stringify(name)} listing the stacks, exit 2`, async function () {
        const run = await inProcess(["check", "--project-dir", project, "--stack", name]);
        assert.equal(run.code, 2);
        assertOneLine(run.stderr, /^gpu-breakeven check: .*; the stacks are badyaml, fails, noconfig$/);
        assert.equal(run.stdout, "");
      });
    }
  });

  describe("bad input is one line on stderr and exit 2", function () {
    const cases: [string, () => string[], RegExp][] = [
      ["a missing Pulumi.yaml", () => ["demo", "--project-dir", path.join(tmp, "empty")], /no Pulumi\.yaml in .*empty: run from the project folder or pass --project-dir$/],
      ["a malformed Pulumi.yaml", () => ["demo", "--project-dir", path.join(tmp, "bad-project")], /cannot read .*Pulumi\.yaml: .* at line 2, column 1$/],
      ["a malformed stack file", () => ["check", "--project-dir", project, "--stack", "badyaml"], /cannot read stack config .*Pulumi\.badyaml\.yaml: .* at line 3, column 1$/],
      ["a missing policy-config file", () => ["check", "--project-dir", project, "--stack", "fails", "--policy-pack-config", path.join(tmp, "none.json")], /cannot read --policy-pack-config .*none\.json: ENOENT/],
      ["a policy-config folder", () => ["check", "--project-dir", project, "--stack", "fails", "--policy-pack-config", tmp], /cannot read --policy-pack-config .*: EISDIR/],
      ["a policy config that is not JSON", () => ["check", "--project-dir", project, "--stack", "fails", "--policy-pack-config", path.join(project, "Pulumi.yaml")], /cannot read --policy-pack-config .*Pulumi\.yaml: .*JSON/],
      ["a policy config that is no object", () => ["demo", "--project-dir", project, "--policy-pack-config", writeTmp("array.json", "[]")], /--policy-pack-config .*array\.json must hold a JSON object .*, not an array$/],
    ];
    for (const [what, args, pattern] of cases) {
      it(what, async function () {
        const run = await inProcess(args());
        assert.equal(run.code, 2, run.stderr);
        assertOneLine(run.stderr, pattern);
      });
    }

    it("a stack file missing the program's config: what the program says, not its stack trace", async function () {
      const run = await inProcess(["check", "--project-dir", project, "--stack", "noconfig"]);
      assert.equal(run.code, 2, run.stderr);
      assertOneLine(run.stderr, /^gpu-breakeven check: Pulumi program program\.js \(stack noconfig\) failed: Missing required configuration gpu-inference:fleets: /);
    });

    it("a program whose dependencies are missing: which one, and what to run", async function () {
      const run = await inProcess(["check", "--project-dir", path.join(tmp, "nodeps"), "--stack", "dev"]);
      assert.equal(run.code, 2, run.stderr);
      assertOneLine(run.stderr, /failed: its dependency @acme\/not-installed is not installed \(run npm install in .*nodeps\)$/);
    });

    it("keeps the usage text after a mistake in the command line", async function () {
      for (const args of [["check"], ["check", "--stack", "fails", "--bogus"], ["check", "--stack", "fails", "--fail-on", "sometimes"]]) {
        const run = await inProcess(args);
        assert.equal(run.code, 2);
        assert.match(run.stderr, /^gpu-breakeven check: .*\n\ngpu-breakeven check --stack NAME/);
      }
    });

    it("drops the stack frames a message carries (a child process's stderr)", function () {
      const e = new Error("the pack failed:\nError: boom\n    at f (x.js:1:1)\n    at g (y.js:2:2)");
      assert.equal(errorText("gpu-breakeven check", e), "gpu-breakeven check: the pack failed:\nError: boom");
    });
  });

  describe("a bug", function () {
    const broken: Command = { name: "broken", usage: "gpu-breakeven broken", run: async () => (null as unknown as { x: () => number }).x() };
    before(() => commands.push(broken));
    after(() => commands.splice(commands.indexOf(broken), 1));

    it("is one line that asks to be reported, exit 2", async function () {
      const run = await inProcess(["broken"], { GPU_BREAKEVEN_DEBUG: "" });
      assert.equal(run.code, 2);
      assertOneLine(run.stderr, /^gpu-breakeven broken: internal error \(TypeError: .*\); please report this, .*GPU_BREAKEVEN_DEBUG=1/);
    });

    it("shows its stack trace with GPU_BREAKEVEN_DEBUG=1", async function () {
      const run = await inProcess(["broken"], { GPU_BREAKEVEN_DEBUG: "1" });
      assert.equal(run.code, 2);
      assert.match(run.stderr, /internal error \(TypeError: .*please report this.*\nTypeError: .*\n\s+at /);
    });
  });

  describe("writing the report", function () {
    const report = '{"stack":"fails"}\n';

    it("replaces a file whole, keeping its mode, and leaves no temporary file", function () {
      const dir = fs.mkdtempSync(path.join(tmp, "report-"));
      const file = path.join(dir, "r.json");
      fs.writeFileSync(file, "old", { mode: 0o640 });
      fs.chmodSync(file, 0o640);
      writeReportFile(file, report);
      assert.equal(fs.readFileSync(file, "utf8"), report);
      assert.equal(fs.statSync(file).mode & 0o777, 0o640);
      assert.deepEqual(fs.readdirSync(dir), ["r.json"]);
    });

    it("writes through a symlink to the file it names", function () {
      const dir = fs.mkdtempSync(path.join(tmp, "report-"));
      fs.writeFileSync(path.join(dir, "real.json"), "old");
      fs.symlinkSync("real.json", path.join(dir, "link.json"));
      writeReportFile(path.join(dir, "link.json"), report);
      assert.equal(fs.readFileSync(path.join(dir, "real.json"), "utf8"), report);
      assert.ok(fs.lstatSync(path.join(dir, "link.json")).isSymbolicLink());
    });

    it("names the path and the reason when it cannot", function () {
      const dir = fs.mkdtempSync(path.join(tmp, "report-"));
      fs.writeFileSync(path.join(dir, "file"), "");
      fs.mkdirSync(path.join(dir, "folder"));
      const cases: [string, string][] = [
        [path.join(dir, "missing", "deeper", "r.json"), `no such directory ${path.join(dir, "missing")}`],
        [path.join(dir, "file", "r.json"), `${path.join(dir, "file")} is not a directory`],
        [path.join(dir, "file", "a", "r.json"), `${path.join(dir, "file")} is not a directory`],
        [path.join(dir, "folder"), "it is a directory"],
      ];
      if (spawnSync("mkfifo", [path.join(dir, "fifo")]).status === 0) cases.push([path.join(dir, "fifo"), "it is a FIFO, not a regular file"]);
      for (const [target, why] of cases) {
        assert.throws(() => writeReportFile(target, report), { message: `cannot write the report to ${target}: ${why}` });
      }
      // nothing left behind: no temporary file beside a target, nothing inside the folder
      assert.deepEqual(fs.readdirSync(dir).filter((f) => f.endsWith(".tmp")), []);
      assert.deepEqual(fs.readdirSync(path.join(dir, "folder")), []);
    });

    it("says permission denied, read-only or full in words", function () {
      // Root may write into any folder, so the errors a user would meet are given to the wording directly.
      const error = (code: string) => Object.assign(new Error(`${code}: raw`), { code }) as NodeJS.ErrnoException;
      assert.equal(writeFailureReason(error("EACCES"), "/srv/reports"), "permission denied in /srv/reports");
      assert.equal(writeFailureReason(error("EPERM"), "/srv/reports"), "permission denied in /srv/reports");
      assert.equal(writeFailureReason(error("EROFS"), "/srv/reports"), "/srv/reports is on a read-only file system");
      assert.equal(writeFailureReason(error("ENOSPC"), "/srv/reports"), "no space left on the device");
    });
  });

  describe("node dist/cli.js", function () {
    it("check --report-out FILE writes FILE relative to where it ran, not to the pack's folder", function () {
      fs.mkdirSync(path.join(tmp, "cwd", "out"), { recursive: true });
      const run = spawned(["check", "--project-dir", ROOT, "--stack", "fails", "--policy-pack-config", STEADY, "--report-out", "out/fails.json"], path.join(tmp, "cwd"));
      assert.equal(run.code, 1, run.stderr);
      assert.equal(run.stderr, "");
      assert.doesNotMatch(run.stdout, /the pack wrote no report/);
      const written = JSON.parse(fs.readFileSync(path.join(tmp, "cwd", "out", "fails.json"), "utf8"));
      assert.equal(written.stack, "fails");
      assert.equal(fs.existsSync(path.join(ROOT, "policy-pack", "out")), false);
      assert.deepEqual(fs.readdirSync(path.join(tmp, "cwd", "out")), ["fails.json"]);
    });

    it("check prints the findings, then one line on why the report cannot be written, and exits 2", function () {
      const target = path.join(tmp, "no-such-dir", "fails.json");
      const run = spawned(["check", "--stack", "fails", "--policy-pack-config", STEADY, "--report-out", target]);
      assert.equal(run.code, 2, run.stderr);
      assert.match(run.stdout, /Stack fails: 3 resources previewed, 1 mandatory/);
      assertOneLine(run.stderr, new RegExp(`^gpu-breakeven check: cannot write the report to ${escape(target)}: no such directory ${escape(path.dirname(target))}$`));
    });

    it("check --stack outside the stacks folder: one line listing the stacks, exit 2", function () {
      const run = spawned(["check", "--stack", "../stacks/Pulumi.fails"]);
      assert.equal(run.code, 2);
      assertOneLine(run.stderr, /"\.\.\/stacks\/Pulumi\.fails" is not a stack name .*; the stacks are asg-spot, .*, fails, /);
    });

    it("ends quietly when the reader goes away (demo | head)", async function () {
      const two = path.join(tmp, "two");
      fs.mkdirSync(path.join(two, "stacks"), { recursive: true });
      fs.copyFileSync(path.join(project, "Pulumi.yaml"), path.join(two, "Pulumi.yaml"));
      // One stack is enough: the reader goes away after the first chunk of output.
      fs.writeFileSync(path.join(two, "stacks", "Pulumi.a.yaml"), FAILS);
      const child = spawn(process.execPath, [CLI, "demo", "--project-dir", two, "--policy-pack-config", STEADY], { stdio: ["ignore", "pipe", "pipe"] });
      let stderr = "";
      child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
      child.stdout.once("data", () => child.stdout.destroy()); // what head does after its lines
      const code = await new Promise<number | null>((resolve) => child.on("close", (c) => resolve(c)));
      assert.equal(stderr, "");
      assert.equal(code, 0);
    });
  });

  function writeTmp(name: string, text: string): string {
    const file = path.join(tmp, name);
    fs.writeFileSync(file, text);
    return file;
  }
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
