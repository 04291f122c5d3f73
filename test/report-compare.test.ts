// Base against head: what a pull request changes (src/report/compare.ts, pure), in the comment and the text, and the
// gate on what it introduces (`report --base … --fail-on new-mandatory`).
import * as assert from "node:assert/strict";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import {
  browsableRepository,
  exitCodeForReports,
  githubRunUrl,
  parseReportArgs,
  render,
  report as reportCommand,
  repositoryUrl,
} from "../src/cli/commands/report";
import { main } from "../src/cli/main";
import { compareFindings, compareReports, findingKey, introducedMandatory } from "../src/report/compare";
import { MAX_COMMENT_CHARS, markdownReport } from "../src/report/markdown";
import { parseStackReport, ReportFinding, StackReport, WorkloadReport } from "../src/report/schema";
import { textReport } from "../src/report/text";

const ROOT = path.resolve(__dirname, "..");
const urn = (stack: string, name: string) => `urn:pulumi:${stack}::gpu-inference::aws:ec2/instance:Instance::${name}`;

// The figures (stacks/EXPECTED.md): a g6e.xlarge at $1.861/h × 730 h = $1,358.53/month; 20 ops hours × $100 = $2,000.
// V = 3e9 input + 1e9 output = 4e9 tokens.
//   one instance:  F = 1,358.53 + 2,000 = $3,358.53
//   two instances: F = 2 × 1,358.53 + 2,000 = $4,717.06
//   openai/gpt-4.1:      M(V) = 3,000 × $2 + 1,000 × $8 = $14,000;  M(0.5·V) = $7,000
//   openai/gpt-4o-mini:  M(V) = 3,000 × $0.15 + 1,000 × $0.60 = $1,050;  M(0.5·V) = $525
const F1 = 1358.53 + 2000;
const F2 = 2 * 1358.53 + 2000;
const GPT41 = { id: "openai/gpt-4.1", inputUsdPerMillion: 2, outputUsdPerMillion: 8, source: "catalog 2026-07-24" };
const MINI = { id: "openai/gpt-4o-mini", inputUsdPerMillion: 0.15, outputUsdPerMillion: 0.6, source: "catalog 2026-07-24" };

function workload(stack: string, name: string, instances: number, model: typeof GPT41, o: Partial<WorkloadReport> = {}): WorkloadReport {
  const F = instances === 1 ? F1 : F2;
  const MV = model === GPT41 ? 14000 : 1050;
  const verdict = F <= MV / 2 ? "robust" : F <= MV ? "fragile" : "fails";
  return {
    name,
    environment: "production",
    resources: Array.from({ length: instances }, (_, i) => ({ name: `${name}-${i}`, urn: urn(stack, `${name}-${i}`), instanceType: "g6e.xlarge", region: "us-east-1" })),
    managedModel: model,
    monthlyInputTokens: 3e9,
    monthlyOutputTokens: 1e9,
    volumeTokens: 4e9,
    stressVolumeTokens: 2e9,
    selfHostedOnly: false,
    costLines: [],
    fixedMonthlyUsd: F,
    managedAtVolumeUsd: MV,
    managedAtStressUsd: MV / 2,
    stressUtilization: 0.5,
    verdict,
    breakEvenTokens: F / (MV / 4e9),
    notEvaluated: [],
    findings: [],
    ...o,
  };
}

function finding(stack: string, policy: string, kind: string, level: "mandatory" | "advisory", resource: string, message: string, workloadName?: string): ReportFinding {
  return { policy, level, levelFrom: "policy-config", kind, message, urn: urn(stack, resource), resource, workload: workloadName };
}

function stack(name: string, workloads: WorkloadReport[], findings: ReportFinding[] = [], project = "gpu-inference"): StackReport {
  return parseStackReport({
    schemaVersion: 2,
    stack: name,
    project,
    generatedAt: "2026-08-01T00:00:00.000Z",
    catalogAsOf: "2026-08-01",
    assumptions: { hoursPerMonth: 730, stressUtilization: 0.5, opsUsdPerHour: 100, defaultManagedModel: "anthropic/claude-haiku-4-5" },
    levelsFrom: "policy-config",
    policyLevels: {},
    policyDefaultLevels: {},
    workloads,
    findings,
  });
}

const breakEven = (s: string, w: string) =>
  finding(s, "self-hosting-break-even", "verdict", "mandatory", `${w}-0`, `Workload ${w}: the fleet costs $4,717/month but openai/gpt-4o-mini would serve the declared 4.00B tokens for $1,050/month (verdict: fails, F > M(V)).\nFleet: ${w}-0, ${w}-1`, w);
const redundancy = (s: string, w: string) =>
  finding(s, "production-redundancy", "single-instance", "advisory", `${w}-0`, `Workload ${w} is production but runs on 1 GPU instance (${w}-0).`, w);
const capacity = (s: string, w: string, pct: string) =>
  finding(s, "fleet-capacity", "over-capacity", "advisory", `${w}-0`, `Workload ${w}: the declared volume is ${pct} of the fleet's capacity.`, w);
const stray = (s: string, r: string, level: "mandatory" | "advisory" = "advisory") =>
  finding(s, "gpu-workload-declared", "untagged", level, r, `${r} belongs to no declared workload.`);

// The base branch: fails is robust on one instance against gpt-4.1 (with a redundancy warning); legacy already fails;
// robust is clean; multi has a capacity warning; old is a stack the pull request deletes.
const BASE = [
  stack("fails", [workload("fails", "chat", 1, GPT41, { findings: [redundancy("fails", "chat")] })]),
  stack("legacy", [workload("legacy", "chat", 2, MINI, { findings: [breakEven("legacy", "chat")] })]),
  stack("robust", [workload("robust", "chat", 2, GPT41)]),
  stack("multi", [workload("multi", "chat", 2, GPT41, { findings: [capacity("multi", "chat", "114.2%")] })]),
  stack("old", [], [stray("old", "scratch-0")]),
];
// The head: fails moves to two instances and gpt-4o-mini (robust → fails: a new mandatory finding, the redundancy one
// resolved); multi's capacity message changes; staging is new, with a stray GPU; old is gone.
const HEAD = [
  stack("robust", [workload("robust", "chat", 2, GPT41)]),
  stack("multi", [workload("multi", "chat", 2, GPT41, { findings: [capacity("multi", "chat", "120.0%")] })]),
  stack("fails", [workload("fails", "chat", 2, MINI, { findings: [breakEven("fails", "chat")] })]),
  stack("legacy", [workload("legacy", "chat", 2, MINI, { findings: [breakEven("legacy", "chat")] })]),
  stack("staging", [], [stray("staging", "scratch-0")]),
];

describe("base against head: the comparison (pure)", function () {
  it("matches stacks by project and stack, workloads by name, and works out the moves", function () {
    const c = compareReports(BASE, HEAD);
    // head order, then what only the base has
    assert.deepEqual(c.stacks.map((s) => `${s.stack}:${s.status}`), ["robust:unchanged", "multi:changed", "fails:changed", "legacy:unchanged", "staging:new", "old:removed"]);
    const fails = c.stacks.find((s) => s.stack === "fails")!;
    const chat = fails.workloads[0];
    assert.equal(chat.status, "changed");
    assert.deepEqual(chat.verdict, { from: "robust", to: "fails" });
    // F: $3,358.53 → $4,717.06, +$1,358.53 (one more g6e.xlarge: $1.861 × 730)
    assert.ok(Math.abs(chat.fixedMonthlyUsd!.delta! - 1358.53) < 1e-9);
    // M(V): $14,000 → $1,050, −$12,950
    assert.deepEqual(chat.managedAtVolumeUsd, { from: 14000, to: 1050, delta: -12950 });
    // V*: 3,358.53 ÷ (14,000 ÷ 4e9) = 959.58M → 4,717.06 ÷ (1,050 ÷ 4e9) = 17.97B
    assert.ok(Math.abs(chat.breakEvenTokens!.from! - 959.58e6) < 1e3);
    assert.ok(Math.abs(chat.breakEvenTokens!.to! - 17.9698e9) < 1e5);
    assert.deepEqual(chat.managedModel, { from: "openai/gpt-4.1", to: "openai/gpt-4o-mini" });
    assert.equal(chat.volumeTokens, undefined, "V did not move");
    assert.deepEqual(fails.counts, { newMandatory: 1, newAdvisory: 0, alreadyMandatory: 0, resolved: 1, changed: 0 });
    assert.deepEqual(c.stacks.find((s) => s.stack === "legacy")!.counts, { newMandatory: 0, newAdvisory: 0, alreadyMandatory: 1, resolved: 0, changed: 0 });
    // totals: new mandatory (fails); new advisory (staging's stray); resolved: fails' redundancy + old's stray; multi's message
    assert.deepEqual(c.counts, { newMandatory: 1, newAdvisory: 1, alreadyMandatory: 1, resolved: 2, changed: 1 });
    assert.deepEqual(introducedMandatory(c).map((x) => `${x.stack.stack}/${x.finding.resource}`), ["fails/chat-0"]);
  });

  it("a stack of the same name in another project is another stack; half a cent is no move", function () {
    const c = compareReports([stack("prod", [], [], "a")], [stack("prod", [], [], "b")]);
    assert.deepEqual(c.stacks.map((s) => `${s.project}/${s.stack}:${s.status}`), ["b/prod:new", "a/prod:removed"]);
    const same = compareReports(
      [stack("s", [workload("s", "chat", 2, MINI)])],
      [stack("s", [workload("s", "chat", 2, MINI, { fixedMonthlyUsd: F2 + 0.004 })])], // prints the same: $4,717
    );
    assert.equal(same.stacks[0].status, "unchanged");
    const added = compareReports([stack("s", [workload("s", "chat", 2, MINI)])], [stack("s", [workload("s", "chat", 2, MINI), workload("s", "embed", 1, GPT41)])]);
    assert.deepEqual(added.stacks[0].workloads.map((w) => `${w.name}:${w.status}`), ["chat:unchanged", "embed:added"]);
  });

  it("a finding is its policy, kind, resource and workload: a new message is a change, a raised level a new mandatory", function () {
    const a = stray("s", "gpu-a");
    const b = stray("s", "gpu-b");
    assert.notEqual(findingKey(a), findingKey(b));
    assert.equal(findingKey(a), findingKey({ ...a, message: "other words" }));
    assert.notEqual(findingKey(a), findingKey({ ...a, kind: "unpriced" }));

    const [message] = compareFindings([a], [{ ...a, message: "gpu-a is still untagged." }]);
    assert.deepEqual([message.status, message.differences, message.introducesMandatory], ["changed", ["message"], false]);
    const [raised] = compareFindings([a], [{ ...a, level: "mandatory" }]);
    assert.deepEqual([raised.status, raised.differences, raised.introducesMandatory], ["changed", ["level"], true]);
    const [lowered] = compareFindings([{ ...a, level: "mandatory" }], [a]);
    assert.equal(lowered.introducesMandatory, false);
    // two findings of one identity: the equal messages pair first, the rest pair in order as a change
    const x = { ...a, message: "x" };
    const y = { ...a, message: "y" };
    const z = { ...a, message: "z" };
    const pairs = compareFindings([x, y], [y, z]);
    assert.deepEqual(pairs.map((p) => `${p.status}:${p.base?.message}→${p.head?.message}`), ["unchanged:y→y", "changed:x→z"]);
    const moved = compareFindings([a], [b]);
    assert.deepEqual(moved.map((p) => p.status), ["added", "removed"]);
  });
});

describe("base against head: the comment and the text", function () {
  const md = markdownReport(HEAD, { base: BASE });
  const lines = md.split("\n");

  it("opens with what changed: the headline, the totals, then stack by stack, new mandatory findings first", function () {
    assert.equal(lines[1], "## ❌ gpu-breakeven: this pull request adds 1 mandatory finding (and 1 advisory)");
    assert.ok(
      lines[3].startsWith(
        "**Against the base branch:** 2 new findings (1 mandatory, 1 advisory), 2 resolved, 1 changed; 2 stacks changed, 1 new stack, " +
          "1 stack removed, 2 stacks unchanged. **Now:** 2 mandatory and 2 advisory findings in 4 of 5 stacks.",
      ),
      lines[3],
    );
    const block = md.slice(md.indexOf("### Changes against the base branch"), md.indexOf("| stack | project |"));
    assert.equal(
      block.trim(),
      [
        "### Changes against the base branch",
        "",
        "- ❌ Stack `fails` · project `gpu-inference`: 1 new mandatory finding, 1 resolved.",
        "  - 🆕 [`self-hosting-break-even`](docs/policies.md#self-hosting-break-even) on `chat-0`, workload `chat`: Workload chat: the fleet costs " +
          "\\$4,717/month but openai/gpt-4o-mini would serve the declared 4.00B tokens for \\$1,050/month (verdict: fails, F &gt; M(V)).",
        // F +$1,358.53 prints +$1,359; M(V) 1,050 − 14,000 = −$12,950; V* 959.58M → 17.97B
        "  - `chat`: ✅ robust → ❌ fails · fleet F +\\$1,359/month (\\$3,359 → \\$4,717) · managed at V −\\$12,950/month (\\$14,000 → \\$1,050) · " +
          "V\\* 959.58M → 17.97B · managed model openai/gpt-4.1 → openai/gpt-4o-mini",
        "  - ✅ resolved: ⚠️ [`production-redundancy`](docs/policies.md#production-redundancy) on `chat-0`, workload `chat`",
        "- ⚠️ Stack `staging` · project `gpu-inference`: new stack: 1 advisory finding; workloads none declared.",
        "  - 🆕 [`gpu-workload-declared`](docs/policies.md#gpu-workload-declared) on `scratch-0`: scratch-0 belongs to no declared workload.",
        "- 🔄 Stack `multi` · project `gpu-inference`: 1 changed.",
        "  - ✏️ ⚠️ [`fleet-capacity`](docs/policies.md#fleet-capacity) on `chat-0`, workload `chat`: message changed",
        "- 🗑️ Removed stack `old` · project `gpu-inference` (it had 1 advisory finding).",
        "- ❌ Already failing on the base branch, not introduced by this pull request: `legacy` (1 mandatory).",
        "- Unchanged (2): `legacy`, `robust`.",
      ].join("\n"),
    );
  });

  it("then the overview, worst first, with each stack against the base; pre-existing failures marked as such", function () {
    const table = lines.filter((l) => l.startsWith("| ") && l.includes("project") === false && /^\| [❌⚠️✅]/u.test(l));
    assert.deepEqual(
      table.map((l) => l.split(" | ")[0].slice(2) + " | " + l.split(" | ").at(-1)),
      // failing (by name), then advisory only, then clean
      ["❌ `fails` | 1 new mandatory finding, 1 resolved |", "❌ `legacy` | unchanged |", "⚠️ `multi` | 1 changed |", "⚠️ `staging` | 🆕 new stack |", "✅ `robust` | unchanged |"],
    );
    assert.ok(md.includes("- 🆕 [`self-hosting-break-even`](docs/policies.md#self-hosting-break-even) on `chat-0`, workload `chat`: Workload chat"));
    assert.ok(md.includes("(verdict: fails, F &gt; M(V)). — _already failing on the base branch_"));
    assert.ok(md.includes("### ⚠️ Stack `staging` · project `gpu-inference`: 1 advisory finding · new stack"));
    // an unchanged stack without findings is said in full by its overview row and the Unchanged line
    assert.ok(!md.includes("### ✅ Stack `robust`"));
    assert.ok(md.indexOf("### ❌ Stack `fails`") < md.indexOf("### ❌ Stack `legacy`"));
    assert.ok(md.indexOf("### ❌ Stack `legacy`") < md.indexOf("### ⚠️ Stack `multi`"));
  });

  it("says so when nothing changed, and calls pre-existing failures what they are", function () {
    const same = markdownReport(BASE.slice(0, 3), { base: BASE.slice(0, 3) });
    assert.equal(same.split("\n")[1], "## ⚠️ gpu-breakeven: no new mandatory finding; 1 already failing on the base branch");
    assert.ok(same.includes("- Nothing changed: every stack reports what it reports on the base branch."));
    assert.ok(same.includes("- Unchanged (3): `fails`, `legacy`, `robust`."));
    const clean = markdownReport([BASE[2]], { base: [BASE[2]] });
    assert.equal(clean.split("\n")[1], "## ✅ gpu-breakeven: no findings in 1 stack");
  });

  it("renders the same changes as text for the log", function () {
    const text = textReport(HEAD, { base: BASE });
    const out = text.split("\n");
    assert.equal(out[0], "gpu-breakeven: ❌ this pull request adds 1 mandatory finding (and 1 advisory)");
    const start = out.indexOf("Changes against the base branch:");
    assert.deepEqual(out.slice(start + 1, start + 12), [
      "  Stack fails (project gpu-inference): 1 new mandatory finding, 1 resolved.",
      "    chat: robust → fails · fleet F +$1,359/month ($3,359 → $4,717) · managed at V −$12,950/month ($14,000 → $1,050) · V* 959.58M → 17.97B · managed model openai/gpt-4.1 → openai/gpt-4o-mini",
      "    new [mandatory] self-hosting-break-even  (chat-0, workload chat): Workload chat: the fleet costs $4,717/month but openai/gpt-4o-mini would serve the declared 4.00B tokens for $1,050/month (verdict: fails, F > M(V)).",
      "    resolved [advisory] production-redundancy  (chat-0, workload chat)",
      "  New stack staging (project gpu-inference): 1 advisory finding; workloads none declared.",
      "    new [advisory] gpu-workload-declared  (scratch-0): scratch-0 belongs to no declared workload.",
      "  Stack multi (project gpu-inference): 1 changed.",
      "    changed [advisory] fleet-capacity  (chat-0, workload chat): message changed",
      "  Removed stack old (project gpu-inference): it had 1 advisory finding.",
      "  Already failing on the base branch, not introduced here: legacy (1 mandatory).",
      "  Unchanged (2): legacy, robust.",
    ]);
    assert.ok(text.includes("    [mandatory] self-hosting-break-even  (chat-0, workload chat)  [already failing on the base branch]"));
    assert.ok(text.includes("    [mandatory] self-hosting-break-even  (chat-0, workload chat)  [new]"));
    // worst stack first
    assert.ok(text.indexOf("Stack fails (project") < text.indexOf("Stack robust (project"));
  });

  it("gives the changes as JSON: head, base and what changed", function () {
    const json = JSON.parse(render(HEAD, "json", { base: BASE })) as {
      head: StackReport[];
      base: StackReport[];
      changes: { counts: Record<string, number>; unchangedStacks: { stack: string }[]; stacks: { stack: string; status: string; workloads: { name: string; verdict?: unknown }[] }[] };
    };
    assert.equal(json.head.length, 5);
    assert.equal(json.base.length, 5);
    assert.deepEqual(json.changes.counts, { newMandatory: 1, newAdvisory: 1, alreadyMandatory: 1, resolved: 2, changed: 1 });
    assert.deepEqual(json.changes.unchangedStacks.map((s) => s.stack), ["robust", "legacy"]);
    assert.deepEqual(json.changes.stacks.map((s) => `${s.stack}:${s.status}`), ["multi:changed", "fails:changed", "staging:new", "old:removed"]);
    assert.deepEqual(json.changes.stacks[1].workloads[0].verdict, { from: "robust", to: "fails" });
  });

  it("fits 60,000 characters with hundreds of changed stacks, every new mandatory finding listed", function () {
    // 300 stacks whose chat moves from robust to fails (300 new mandatory findings) with 20 stray GPUs each (6,000 new advisory)
    const names = Array.from({ length: 300 }, (_, i) => `stack-${String(i).padStart(3, "0")}`);
    const base = names.map((n) => stack(n, [workload(n, "chat", 1, GPT41)]));
    const head = names.map((n) => stack(n, [workload(n, "chat", 2, MINI, { findings: [breakEven(n, "chat")] })], Array.from({ length: 20 }, (_, i) => stray(n, `gpu-${i}`))));
    const big = markdownReport(head, { base });
    assert.ok(big.length <= MAX_COMMENT_CHARS, `${big.length}`);
    assert.equal(big.split("\n")[1], "## ❌ gpu-breakeven: this pull request adds 300 mandatory findings (and 6000 advisory)");
    // too many for a section each: the digest, one line per mandatory finding, each marked new
    assert.ok(big.includes("### ❌ The mandatory findings of 300 failing stacks"));
    for (const n of names) assert.ok(big.includes(`- \`${n}\`: 🆕 [\`self-hosting-break-even\`](docs/policies.md#self-hosting-break-even) on \`chat-0\`, workload \`chat\``), n);
    assert.ok(big.includes("- ❌ 300 new mandatory findings in 300 stacks, marked 🆕 below: `stack-000`, `stack-001`,"));
  });
});

describe("report --base and --fail-on", function () {
  let dir: string;
  const file = (name: string) => path.join(dir, name);
  before(function () {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "gbr-compare-"));
    fs.mkdirSync(file("base"));
    fs.mkdirSync(file("head"));
    BASE.forEach((r) => fs.writeFileSync(file(`base/${r.stack}.json`), JSON.stringify(r)));
    HEAD.forEach((r) => fs.writeFileSync(file(`head/${r.stack}.json`), JSON.stringify(r)));
  });
  after(() => fs.rmSync(dir, { recursive: true }));
  const heads = () => HEAD.map((r) => file(`head/${r.stack}.json`));
  const bases = () => BASE.map((r) => file(`base/${r.stack}.json`));

  it("takes every FILE after --base up to the next option as a base report", function () {
    const { head, base, values } = parseReportArgs(["h1.json", "h2.json", "--base", "b1.json", "b2.json", "--format", "text", "h3.json", "--base=b3.json"]);
    assert.deepEqual(head, ["h1.json", "h2.json", "h3.json"]);
    assert.deepEqual(base, ["b1.json", "b2.json", "b3.json"]);
    assert.equal(values.format, "text");
    assert.equal(parseReportArgs(["h.json"]).base, undefined);
  });

  it("exits 1 only for a mandatory finding the base does not have; mandatory, advisory and never keep their meaning", function () {
    assert.equal(exitCodeForReports(HEAD, BASE, "new-mandatory"), 1); // fails' break-even is new
    // the same head, with fails as on the base: legacy still fails, but it already failed on the base branch
    const noNew = HEAD.map((r) => (r.stack === "fails" ? BASE[0] : r));
    assert.equal(exitCodeForReports(noNew, BASE, "new-mandatory"), 0);
    assert.equal(exitCodeForReports(noNew, BASE, "mandatory"), 1);
    assert.equal(exitCodeForReports([BASE[3]], undefined, "mandatory"), 0); // multi: advisory only
    assert.equal(exitCodeForReports([BASE[3]], undefined, "advisory"), 1);
    assert.equal(exitCodeForReports(HEAD, undefined, "never"), 0);
  });

  it("runs in process: --out, the exit code, and a usage error in one line for new-mandatory without --base", async function () {
    const out = file("comment.md");
    assert.equal(await reportCommand.run([...heads(), "--base", ...bases(), "--fail-on", "new-mandatory", "--out", out]), 1);
    assert.match(fs.readFileSync(out, "utf8"), /this pull request adds 1 mandatory finding/);
    const noNew = [file("base/fails.json"), file("head/legacy.json")];
    assert.equal(await reportCommand.run([...noNew, "--base", ...bases(), "--fail-on", "new-mandatory", "--out", out]), 0);
    assert.equal(await reportCommand.run([...noNew, "--fail-on", "mandatory", "--out", out]), 1);

    const errors: string[] = [];
    const error = console.error;
    console.error = (...args: unknown[]) => void errors.push(args.join(" "));
    try {
      assert.equal(await main(["report", ...heads(), "--fail-on", "new-mandatory"]), 2);
      assert.equal(await main(["report", ...heads(), "--fail-on", "sometimes"]), 2);
      assert.equal(await main(["report", ...heads(), "--docs-url", "javascript:alert(1)"]), 2);
    } finally {
      console.error = error;
    }
    assert.equal(errors[0], "gpu-breakeven report: --fail-on new-mandatory needs --base FILE... (the base branch's reports to compare with)");
    assert.match(errors[1], /^gpu-breakeven report: --fail-on must be one of mandatory, advisory, never, new-mandatory, got "sometimes"/);
    assert.match(errors[2], /^gpu-breakeven report: --docs-url must be an http\(s\) URL or a relative path/);
  });

  it("links the run only when GitHub Actions says which, and turns package.json's repository into a browsable URL", function () {
    const env = { GITHUB_SERVER_URL: "https://github.com", GITHUB_REPOSITORY: "acme/infra", GITHUB_RUN_ID: "42" };
    assert.equal(githubRunUrl(env), "https://github.com/acme/infra/actions/runs/42");
    assert.equal(githubRunUrl({ ...env, GITHUB_RUN_ID: undefined }), undefined);
    assert.equal(githubRunUrl({ ...env, GITHUB_REPOSITORY: "acme/infra)[x](y" }), undefined);
    assert.equal(githubRunUrl({ ...env, GITHUB_SERVER_URL: "javascript:alert(1)" }), undefined);
    assert.equal(browsableRepository("git+https://github.com/acme/gpu-breakeven.git"), "https://github.com/acme/gpu-breakeven");
    assert.equal(browsableRepository("github:acme/gpu-breakeven"), "https://github.com/acme/gpu-breakeven");
    assert.equal(browsableRepository("acme/gpu-breakeven"), "https://github.com/acme/gpu-breakeven");
    assert.equal(browsableRepository("git@github.com:acme/gpu-breakeven.git"), "https://github.com/acme/gpu-breakeven");
    // the default --docs-url: package.json's repository, browsed at HEAD; none without one
    fs.writeFileSync(file("package.json"), JSON.stringify({ name: "gpu-breakeven", repository: { type: "git", url: "git+https://github.com/acme/gpu-breakeven.git" } }));
    assert.equal(repositoryUrl(dir), "https://github.com/acme/gpu-breakeven/blob/HEAD");
    fs.writeFileSync(file("package.json"), JSON.stringify({ name: "gpu-breakeven" }));
    assert.equal(repositoryUrl(dir), undefined);
  });

  it("the built CLI: base against head, the gate, the docs and the run linked", function () {
    const run = spawnSync(
      process.execPath,
      [path.join(ROOT, "dist", "cli.js"), "report", ...heads(), "--base", ...bases(), "--fail-on", "new-mandatory", "--docs-url", "https://example.com/gpu-breakeven/blob/v1/"],
      { cwd: ROOT, encoding: "utf8", env: { ...process.env, GITHUB_SERVER_URL: "https://github.com", GITHUB_REPOSITORY: "acme/infra", GITHUB_RUN_ID: "42" } },
    );
    assert.equal(run.status, 1, run.stderr);
    assert.equal(run.stdout.split("\n")[1], "## ❌ gpu-breakeven: this pull request adds 1 mandatory finding (and 1 advisory)");
    assert.ok(run.stdout.includes("[`self-hosting-break-even`](https://example.com/gpu-breakeven/blob/v1/docs/policies.md#self-hosting-break-even)"));
    assert.ok(run.stdout.includes("[The workflow run](https://github.com/acme/infra/actions/runs/42)."));
  });
});
