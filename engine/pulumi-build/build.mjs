#!/usr/bin/env node
// `npm run pulumi:build`: builds the Pulumi CLI (`pulumi`) and the Node.js language host
// (`pulumi-language-nodejs`) at the version of the installed @pulumi/pulumi, from Go modules pinned by this
// folder's go.mod and go.sum, into a cache outside the clone, and prints that directory as the last line of
// stdout. Binaries already built from the same inputs are reused; so is Go's own build cache.
//
//   PULUMI_BIN=<dir>          use an installed CLI instead: only check <dir> holds both executables.
//   GPU_BREAKEVEN_CACHE_DIR   where the binaries go (default ${XDG_CACHE_HOME:-$HOME/.cache}/gpu-breakeven).
//   GO                        the go command (default: `go` on PATH, else /usr/local/go/bin/go).
//
// Progress and timings go to stderr; stdout carries only the directory.
import { createHash } from "node:crypto";
import { execFileSync, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import { createRequire } from "node:module";
import * as os from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, "..", "..");
const EXECUTABLES = ["pulumi", "pulumi-language-nodejs"];
const CLI_PACKAGE = "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi";
const LANGUAGE_HOST_PACKAGE = "./pulumi-language-nodejs";

const log = (msg) => process.stderr.write(`pulumi:build: ${msg}\n`);
function fail(msg) {
  log(`error: ${msg}`);
  process.exit(1);
}

function isExecutableFile(file) {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

if (process.env.PULUMI_BIN) {
  const dir = path.resolve(process.env.PULUMI_BIN);
  const missing = EXECUTABLES.filter((name) => !isExecutableFile(path.join(dir, name)));
  if (missing.length) fail(`PULUMI_BIN=${process.env.PULUMI_BIN}: no executable ${missing.join(" or ")} in ${dir}`);
  log(`using PULUMI_BIN (not building)`);
  process.stdout.write(`${dir}\n`);
  process.exit(0);
}

// The version to build: the one of the @pulumi/pulumi this repository installed. go.mod must pin the same.
const requireFromRepo = createRequire(path.join(repo, "package.json"));
let version;
try {
  version = JSON.parse(fs.readFileSync(requireFromRepo.resolve("@pulumi/pulumi/package.json"), "utf8")).version;
} catch (e) {
  fail(`cannot read the installed @pulumi/pulumi version (run npm ci first): ${e.message}`);
}
const goMod = fs.readFileSync(path.join(here, "go.mod"), "utf8");
for (const mod of ["github.com/pulumi/pulumi/pkg/v3", "github.com/pulumi/pulumi/sdk/v3"]) {
  const pinned = new RegExp(`^\\s*(?:require\\s+)?${mod.replace(/[./]/g, "\\$&")}\\s+(v\\S+)`, "m").exec(goMod)?.[1];
  if (pinned !== `v${version}`) {
    fail(
      `${path.relative(repo, path.join(here, "go.mod"))} pins ${mod} ${pinned ?? "(nothing)"}, but @pulumi/pulumi ${version} is installed.\n` +
        `Re-pin (and update the language host copy, see ${path.relative(repo, path.join(here, "README.md"))}).`,
    );
  }
}

function findGo() {
  if (process.env.GO) return process.env.GO;
  const onPath = spawnSync("go", ["version"], { stdio: "ignore" });
  if (onPath.status === 0) return "go";
  if (isExecutableFile("/usr/local/go/bin/go")) return "/usr/local/go/bin/go";
  return fail("no Go toolchain: install Go (see go.mod for the version), or set GO=/path/to/go, or PULUMI_BIN to an installed Pulumi CLI");
}

const ldflags = `-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v${version}`;
// The flags Pulumi's own release build uses (.goreleaser.yml, scripts/go-wrapper.sh at v3.248.0).
const buildArgs = ["build", "-trimpath", "-tags", "osusergo,grpcnotrace", "-ldflags", ldflags];

// Everything the binaries are made of, so a change to any of it rebuilds them.
function inputsHash(go) {
  const h = createHash("sha256");
  h.update(JSON.stringify({ version, buildArgs, go: execFileSync(go, ["version"], { encoding: "utf8" }).trim() }));
  const files = ["go.mod", "go.sum", ...fs.readdirSync(path.join(here, "pulumi-language-nodejs")).sort().map((f) => `pulumi-language-nodejs/${f}`)];
  for (const f of files) {
    h.update(`\0${f}\0`);
    h.update(fs.readFileSync(path.join(here, f)));
  }
  return h.digest("hex");
}

const cacheRoot =
  process.env.GPU_BREAKEVEN_CACHE_DIR ||
  path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), ".cache"), "gpu-breakeven");
const versionDir = path.join(cacheRoot, `pulumi-v${version}`);
const binDir = path.join(versionDir, "bin");
const stampFile = path.join(binDir, ".inputs-sha256");

const go = findGo();
const hash = inputsHash(go);
const built = EXECUTABLES.every((name) => isExecutableFile(path.join(binDir, name)));
if (built && fs.existsSync(stampFile) && fs.readFileSync(stampFile, "utf8").trim() === hash) {
  log(`reusing ${binDir} (built from the same inputs; 0.0 s)`);
  process.stdout.write(`${binDir}\n`);
  process.exit(0);
}

fs.mkdirSync(versionDir, { recursive: true });
const tmpDir = fs.mkdtempSync(path.join(versionDir, "bin.tmp-"));
fs.chmodSync(tmpDir, 0o755);
const env = { ...process.env, CGO_ENABLED: "0", GOFLAGS: [process.env.GOFLAGS, "-mod=readonly"].filter(Boolean).join(" ") };
log(`building pulumi and pulumi-language-nodejs v${version} with ${execFileSync(go, ["version"], { encoding: "utf8" }).trim()} into ${binDir}`);
const t0 = process.hrtime.bigint();
const r = spawnSync(go, [...buildArgs, "-o", tmpDir + path.sep, CLI_PACKAGE, LANGUAGE_HOST_PACKAGE], {
  cwd: here,
  env,
  stdio: ["ignore", "inherit", "inherit"],
});
const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
if (r.status !== 0) {
  fs.rmSync(tmpDir, { recursive: true, force: true });
  fail(`go build failed (exit ${r.status ?? r.signal}) after ${seconds.toFixed(1)} s`);
}
const version_ = execFileSync(path.join(tmpDir, "pulumi"), ["version"], { encoding: "utf8" }).trim();
if (version_ !== `v${version}`) fail(`the built CLI reports ${version_}, expected v${version}`);
fs.writeFileSync(path.join(tmpDir, ".inputs-sha256"), `${hash}\n`);
// Swap the new directory in (a concurrent build of the same inputs may have won: either copy is fine).
const old = `${binDir}.old-${process.pid}`;
if (fs.existsSync(binDir)) fs.renameSync(binDir, old);
fs.renameSync(tmpDir, binDir);
fs.rmSync(old, { recursive: true, force: true });
log(`built in ${seconds.toFixed(1)} s`);
process.stdout.write(`${binDir}\n`);
