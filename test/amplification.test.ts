// No amplification (issue 11, items 6 and 10), through the engine protocol: a hostile AnalyzeStack request of about
// 1.9 MB, sent to the pack spawned as the CLI spawns it, yields messages, a JSON report and a pull-request comment
// whose sizes are bounded by the input's. A 1.9 MB request once gave 420 MiB of diagnostics: a message per resource
// that listed the others (O(n²)). Here such a message would break every assertion below at once.
//
// The bounds, with I = the request's bytes + the stack config's bytes:
// - each message ≤ MAX_MESSAGE_CHARS (16,000) and names at most 25 resources: echoed values are cut at 200
//   characters, lists at 10 items (25 blockers), so a message does not grow with the stack;
// - all messages together ≤ 2 × I: a message is about one resource, workload or key and echoes what the request or
//   the config sends for it (cut), plus fixed prose and at most 10 other names of 40 characters; the resources here
//   send ~1 KB each (names past the cut), so 2 × I leaves room for the prose and none for a quadratic term (a stack
//   of resources with short names gets more prose per byte, a few times its size, still linear);
// - the JSON report ≤ 4 × I: every message once more (≤ 2 × I), and per finding the resource's URN and name, and per
//   workload its resources' names and URNs, each of which the request sends once;
// - the Markdown comment (`gpu-breakeven report --format markdown`) ≤ 60,000 characters, whatever the report holds.
// The request's 350 mistyped 199-character tags against 300 declared 200-character names also kept the did-you-mean
// search busy for 52 s before its work was bounded (src/text/closest.ts); no test here asserts a time.
import assert from "node:assert/strict";
import { spawnSync } from "child_process";
import * as fc from "fast-check";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import type { EngineResource } from "../src/engine/resource";
import { MAX_COMMENT_CHARS } from "../src/report/markdown";
import { MAX_MESSAGE_CHARS } from "../src/report/describe";
import { closest, GuessBudget, Guesses } from "../src/text/closest";
import { BenchDiagnostic, openBenchPack, serializeStackRequest } from "../bench/driver";
import { PACK_DIR, TEST_NOW } from "./helpers/pack";

const CLI = path.resolve(__dirname, "..", "dist", "cli.js");
const INSTANCE = "aws:ec2/instance:Instance";
const TAG = "gpu-breakeven:workload";
const provider = { type: "pulumi:providers:aws", name: "default", urn: "urn:pulumi:test::gpu-inference::pulumi:providers:aws::default", properties: {} };
/** `prefix-i-xxx…`, `length` characters: distinct, and alike enough to give a did-you-mean search work. */
const long = (prefix: string, i: number, length: number) => `${prefix}-${i}-`.padEnd(length, "x");
/** A resource name as the messages show it: "resident-12-x…" (the messages cut it at 200 characters). */
const RESOURCE_NAME = /\b(?:resident|fleet|untagged|undeclared|unpriced)-\d+-x/g;
function instance(name: string, properties: Record<string, unknown>): EngineResource {
  return { type: INSTANCE, name, urn: `urn:pulumi:test::gpu-inference::${INSTANCE}::${name}`, properties, provider };
}

/** The hostile stack: its resources, and its stack config (PULUMI_CONFIG, one environment variable: < 128 KiB). */
function hostileStack(): { resources: EngineResource[]; stackConfig: Record<string, string> } {
  // 300 workloads with 200-character names; a tenth of them allow only twelve 64-character globs (the longest the
  // schema takes) that no region matches. Five more are invalid, with 300-character names and a 1,000-character value.
  const names = Array.from({ length: 300 }, (_, i) => long("w", i, 200));
  const globs = Array.from({ length: 12 }, (_, i) => `${"*?".repeat(30)}-${i}-*`.slice(-64));
  const workloads: Record<string, unknown> = {};
  names.forEach((name, i) => {
    workloads[name] = { monthlyInputTokens: 1e9, monthlyOutputTokens: 1e9, ...(i % 10 === 0 ? { dataResidency: { allowedRegions: globs } } : {}) };
  });
  for (let i = 0; i < 5; i++) workloads[`${long("bad", i, 300)}!`] = { monthlyInputTokens: "x".repeat(1000) };
  const resident = names.filter((_, i) => i % 10 === 0);
  const plain = names.filter((_, i) => i % 10 !== 0);
  const name = (what: string, i: number) => long(what, i, 250);
  const resources: EngineResource[] = [
    // Tagged to one of three workloads with residency rules, in a region none allows: a breach each.
    ...Array.from({ length: 330 }, (_, i) => instance(name("resident", i), { instanceType: "g6e.xlarge", availabilityZone: "eu-west-1a", tags: { [TAG]: resident[i % 3] } })),
    // A fleet of 150 that fails its break-even: the verdict names 10 of them.
    ...Array.from({ length: 150 }, (_, i) => instance(name("fleet", i), { instanceType: "g6e.xlarge", availabilityZone: "us-east-1a", tags: { [TAG]: plain[10] } })),
    // No workload tag: each message names the declared workloads.
    ...Array.from({ length: 450 }, (_, i) => instance(name("untagged", i), { instanceType: "g6e.xlarge", availabilityZone: "us-east-1a", tags: { Name: "x".repeat(250) } })),
    // A 199-character tag that names no declared workload but is close to each (the longest a did-you-mean compares).
    ...Array.from({ length: 350 }, (_, i) => instance(name("undeclared", i), { instanceType: "g6e.xlarge", availabilityZone: "us-east-1a", tags: { [TAG]: `${long("w", i, 198)}y` } })),
    // 190-character instance types nobody prices, on 10 ordinary workloads: a pricing finding each, and each of
    // those workloads cannot be judged, for 45 reasons (a message shows 25).
    ...Array.from({ length: 450 }, (_, i) => instance(name("unpriced", i), { instanceType: long("g6e", i, 190), availabilityZone: "us-east-1a", tags: { [TAG]: plain[i % 10] } })),
  ];
  return { resources, stackConfig: { "aws:region": "us-east-1", "gpu-breakeven:workloads": JSON.stringify(workloads), [`gpu-breakeven:${"k".repeat(300)}`]: "1" } };
}

describe("no amplification: a hostile 1.9 MB AnalyzeStack request through the spawned pack", function () {
  this.timeout(60_000);
  let requestBytes: number;
  let inputBytes: number;
  let diagnostics: BenchDiagnostic[];
  let report: string;
  let markdown: string;
  const sizes = () =>
    `request ${requestBytes} B, input ${inputBytes} B; ${diagnostics.length} messages of ${diagnostics.reduce((n, d) => n + d.message.length, 0)} characters, ` +
    `the longest ${Math.max(...diagnostics.map((d) => d.message.length))}; report ${report.length} B; comment ${markdown.length} characters`;

  before(async () => {
    const stack = hostileStack();
    const request = serializeStackRequest(PACK_DIR, stack.resources);
    requestBytes = request.length;
    inputBytes = requestBytes + Buffer.byteLength(JSON.stringify(stack.stackConfig));
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gpu-breakeven-amplification-"));
    const reportFile = path.join(dir, "report.json");
    try {
      const pack = await openBenchPack({ packDir: PACK_DIR, stackConfig: stack.stackConfig, env: { GPU_BREAKEVEN_REPORT: reportFile, GPU_BREAKEVEN_NOW: TEST_NOW.toISOString() } });
      try {
        diagnostics = (await pack.analyzeStack(request)).diagnostics;
      } finally {
        await pack.close();
      }
      report = fs.readFileSync(reportFile, "utf8");
      const run = spawnSync(process.execPath, [CLI, "report", reportFile, "--format", "markdown"], { encoding: "utf8", maxBuffer: 1 << 26 });
      assert.equal(run.status, 0, run.stderr);
      markdown = run.stdout;
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("is the hostile request it means to be: about 1.9 MB, and every kind of finding it aims at", () => {
    assert.ok(requestBytes > 1_800_000 && requestBytes < 2_000_000, `request of ${requestBytes} bytes`);
    const count = (policy: string) => diagnostics.filter((d) => d.policyName === policy).length;
    assert.equal(count("data-residency"), 330);
    assert.ok(diagnostics.some((d) => d.policyName === "self-hosting-break-even" && /Fleet: fleet-0-x+…, [^\n]* and 140 more\n/.test(d.message)), "the verdict summarises its fleet");
    assert.equal(count("gpu-workload-declared"), 450 + 350);
    assert.equal(count("gpu-pricing-known"), 450);
    assert.ok(diagnostics.some((d) => /Workload w-\d+-x+ could not be evaluated[^]*\n {2}- and 20 more\n/.test(d.message)), "a not-evaluated finding summarises its blockers");
    assert.ok(diagnostics.some((d) => d.message.includes("Declared workloads: w-0-") && d.message.includes(" and 295 more.")), "the declared workloads are summarised");
  });

  it(`each message ≤ ${MAX_MESSAGE_CHARS.toLocaleString("en-US")} characters, names at most 25 resources and echoes no value past 200 characters`, () => {
    for (const d of diagnostics) {
      // The SDK puts the policy's description first, on a line of its own.
      const message = d.message.slice(d.message.indexOf("\n") + 1);
      assert.ok(message.length <= MAX_MESSAGE_CHARS, `a ${d.policyName} message of ${message.length} characters`);
      const named = new Set(d.message.match(RESOURCE_NAME) ?? []);
      assert.ok(named.size <= 25, `a ${d.policyName} message names ${named.size} resources: ${d.message.slice(0, 500)}…`);
      assert.doesNotMatch(d.message, /x{200}|k{200}/, `a ${d.policyName} message echoes a value whole`);
    }
  });

  it("all messages together ≤ 2 × the input; the JSON report ≤ 4 × the input", () => {
    const total = diagnostics.reduce((n, d) => n + d.message.length, 0);
    assert.ok(total <= 2 * inputBytes, `messages: ${sizes()}`);
    assert.ok(report.length <= 4 * inputBytes, `report: ${sizes()}`);
  });

  it(`the Markdown comment ≤ ${MAX_COMMENT_CHARS.toLocaleString("en-US")} characters`, () => {
    assert.ok(markdown.length <= MAX_COMMENT_CHARS, sizes());
    assert.ok(markdown.includes("data-residency"), "the comment still reports the mandatory findings");
  });
});

describe("no amplification: did-you-mean guesses do bounded work", () => {
  /** closest()'s edit-distance rule with the whole table, as it was: the reference the banded one must agree with. */
  function reference(word: string, candidates: string[]): string | undefined {
    const distance = (a: string, b: string) => {
      let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
      for (let i = 1; i <= a.length; i++) {
        const current = [i];
        for (let j = 1; j <= b.length; j++) current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
        previous = current;
      }
      return previous[b.length];
    };
    let best: string | undefined;
    let bestDistance = Infinity;
    for (const c of candidates) {
      const d = distance(word, c);
      if (d < bestDistance) [best, bestDistance] = [c, d];
    }
    return bestDistance <= Math.max(2, Math.floor(word.length / 3)) ? best : undefined;
  }

  it("the banded edit distance guesses what the whole table does", () => {
    // No separators or capitals: closest()'s other rules (a longer id, another provider's prefix) stay out of it.
    const word = fc.string({ unit: fc.constantFrom("a", "b", "c"), maxLength: 16 });
    fc.assert(fc.property(word, fc.array(word, { maxLength: 8 }), (w, cs) => closest(w, cs) === reference(w, cs)), { numRuns: 3000 });
  });

  it("400 mistyped 199-character tags against 300 declared 200-character names: bounded by the budget, each tag guessed once", () => {
    const names = Array.from({ length: 300 }, (_, i) => long("w", i, 200));
    const budget: GuessBudget = { cells: 1_000_000 };
    assert.equal(closest(`${long("w", 7, 198)}y`, names, budget), long("w", 7, 200));
    assert.ok(budget.cells < 1_000_000 && budget.cells > 0, `${budget.cells} cells left`);
    const guesses = new Guesses(2_000_000);
    const tags = Array.from({ length: 400 }, (_, i) => `${long("w", i, 198)}y`);
    const guessed = tags.map((tag) => guesses.closest(tag, names));
    assert.equal(guessed[0], long("w", 0, 200), "the first tags get their guess");
    assert.ok(guessed.slice(-50).every((g) => g === undefined), "once the budget is spent, no more guesses");
    assert.equal(guesses.closest(tags[0], names), guessed[0], "a tag seen again is answered from memory");
  });
});
