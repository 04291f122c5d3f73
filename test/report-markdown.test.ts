// The pull-request comment (and the text rendering): marker, headline, tables, Mermaid charts checked by Mermaid's
// own parser, findings grouped by level, and the 60,000-character ceiling whatever the input.
import * as assert from "node:assert/strict";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { CHART_PALETTE, chartGrid, costChart, niceCeiling } from "../src/report/chart";
import { COMMENT_MARKER, MAX_COMMENT_CHARS, markdownReport } from "../src/report/markdown";
import { parseStackReport, ReportFinding, StackReport, WorkloadReport } from "../src/report/schema";
import { textReport } from "../src/report/text";
import { contrastRatio } from "./helpers/contrast";
import { mermaidBlocks, parseMermaid } from "./helpers/mermaid";

const ROOT = path.resolve(__dirname, "..");
const urn = (name: string) => `urn:pulumi:test::gpu-inference::aws:ec2/instance:Instance::${name}`;

// The fails stack's figures: F = 2 × $1.861 × 730 + 20 × $100 = $4,717.06; V = 3e9 + 1e9;
// openai/gpt-4o-mini: M(V) = 3,000 × $0.15 + 1,000 × $0.60 = $1,050, M(0.5·V) = $525; V* = 4,717.06 ÷ (1,050 ÷ 4e9).
const F = 4717.06;
function workload(name: string, o: Partial<WorkloadReport> = {}): WorkloadReport {
  return {
    name,
    environment: "production",
    resources: [
      { name: `${name}-0`, urn: urn(`${name}-0`), instanceType: "g6e.xlarge", region: "us-east-1", availabilityZone: "us-east-1a" },
      { name: `${name}-1`, urn: urn(`${name}-1`), instanceType: "g6e.xlarge", region: "us-east-1", availabilityZone: "us-east-1b" },
    ],
    managedModel: { id: "openai/gpt-4o-mini", inputUsdPerMillion: 0.15, outputUsdPerMillion: 0.6, source: "catalog 2026-07-24" },
    monthlyInputTokens: 3e9,
    monthlyOutputTokens: 1e9,
    volumeTokens: 4e9,
    stressVolumeTokens: 2e9,
    selfHostedOnly: false,
    costLines: [
      { kind: "compute", monthlyUsd: 2717.06, text: "compute: 2 × g6e.xlarge × $1.861/h × 730 h = $2,717 (catalog 2026-07-20, us-east-1)" },
      { kind: "power", monthlyUsd: 0, text: "power: included in the rental price = $0" },
      { kind: "spot-compute", monthlyUsd: 0, text: "a kind this renderer has never heard of = $0" },
      { kind: "ops", monthlyUsd: 2000, text: "ops: 20 h × $100.00/h = $2,000" },
    ],
    fixedMonthlyUsd: F,
    managedAtVolumeUsd: 1050,
    managedAtStressUsd: 525,
    stressUtilization: 0.5,
    verdict: "fails",
    breakEvenTokens: F / (1050 / 4e9),
    selfHostedUsdPerMillion: (F / 4e9) * 1e6,
    capacityTokensPerMonth: 13.14e9,
    utilization: 4e9 / 13.14e9,
    notEvaluated: [],
    findings: [],
    ...o,
  };
}

/** The fact kind each policy's findings below state. */
const KIND: Record<string, string> = { "self-hosting-break-even": "verdict", "self-hosting-fragile": "verdict", "gpu-workload-declared": "untagged" };

function finding(policy: string, level: "mandatory" | "advisory", resource: string, message: string, workloadName?: string): ReportFinding {
  return { policy, level, levelFrom: "policy-config", kind: KIND[policy], message, urn: urn(resource), resource, workload: workloadName };
}

function stack(name: string, workloads: WorkloadReport[], findings: ReportFinding[] = []): StackReport {
  return parseStackReport({
    schemaVersion: 2,
    stack: name,
    project: "gpu-inference",
    generatedAt: "2026-08-01T00:00:00.000Z",
    catalogAsOf: "2026-08-01",
    assumptions: { hoursPerMonth: 730, stressUtilization: 0.5, opsUsdPerHour: 100, defaultManagedModel: "anthropic/claude-haiku-4-5", instancePrices: {} },
    levelsFrom: "policy-config",
    policyLevels: { "self-hosting-break-even": "mandatory", "self-hosting-fragile": "advisory", "gpu-workload-declared": "advisory" },
    policyDefaultLevels: { "self-hosting-break-even": "mandatory", "self-hosting-fragile": "advisory", "gpu-workload-declared": "advisory" },
    workloads,
    findings,
  });
}

const failsFinding = (w: string) =>
  finding("self-hosting-break-even", "mandatory", `${w}-0`, `Workload ${w}: the fleet costs $4,717/month but openai/gpt-4o-mini would serve the declared 4.00B tokens for $1,050/month (verdict: fails, F > M(V)).\nFleet: ${w}-0, ${w}-1`, w);

/** <details> and code fences all closed: nothing swallows the rest of the comment (<details> inside a fence is text). */
function assertBalanced(md: string) {
  let fence: string | undefined;
  let open = 0;
  for (const line of md.split("\n")) {
    const run = /^(`{3,})/.exec(line)?.[1];
    if (fence !== undefined) {
      if (run !== undefined && run.length >= fence.length && line.trim() === run) fence = undefined;
    } else if (run !== undefined) fence = run;
    else open += (line.match(/<details>/g) ?? []).length - (line.match(/<\/details>/g) ?? []).length;
    assert.ok(open >= 0, "a </details> closes nothing");
  }
  assert.equal(fence, undefined, "every code fence is closed");
  assert.equal(open, 0, "every <details> is closed");
}

/** The cells of a table row, split on unescaped pipes. */
const cells = (row: string) => row.split(/(?<!\\)\|/).slice(1, -1).map((c) => c.trim());

describe("Markdown pull-request comment", function () {
  // Every chart the tests below draw, for Mermaid's own parser in the last test (one child process: ~1 s).
  const charts: { what: string; source: string }[] = [];

  it("starts with the marker, says the outcome, and has a row per workload with the worked figures", function () {
    const md = markdownReport([stack("fails", [workload("chat", { findings: [failsFinding("chat")] })])]);
    const lines = md.split("\n");
    assert.equal(lines[0], COMMENT_MARKER);
    assert.equal(lines[1], "## ❌ gpu-breakeven: 1 mandatory finding in 1 stack");
    assert.ok(md.includes("### ❌ Stack `fails` · project `gpu-inference`: 1 mandatory finding"));
    const row = lines.find((l) => l.startsWith("| `chat` |"))!;
    // V* = 4,717.06 ÷ (1,050 ÷ 4e9) = 17.97B = 4.49 × V; utilization 4e9 ÷ 13.14e9 = 30.4%
    assert.deepEqual(cells(row), ["`chat`", "❌ fails", "\\$4,717", "\\$1,050", "\\$525", "17.97B (4.49× V)", "30.4%"]);
    assert.ok(md.includes("❌ **Mandatory** (1)"));
    // the overview opens the comment: one row per stack; then the stack's section
    assert.equal(lines[5], "| stack | project | findings | workloads | fleet F / month | managed at V |");
    assert.equal(lines[7], "| ❌ `fails` | `gpu-inference` | 1 mandatory | 1 fails | \\$4,717 | \\$1,050 |");
    // each finding links to its policy's section of docs/policies.md (relative without --docs-url)
    assert.ok(md.includes("- [`self-hosting-break-even`](docs/policies.md#self-hosting-break-even) on `chat-0`, workload `chat`: Workload chat: the fleet costs \\$4,717/month"));
    // cost lines of every kind, generically, with F, in <details>
    assert.ok(md.includes("| a kind this renderer has never heard of = \\$0 | \\$0 |"));
    assert.ok(md.includes("| **fixed monthly cost F** | **\\$4,717** |"));
    assert.ok(md.includes("<details><summary>Assumptions and catalog</summary>\n\nCatalog as of 2026-08-01. hoursPerMonth 730 · stressUtilization 0.5"));
    assertBalanced(md);
    const blocks = mermaidBlocks(md);
    assert.equal(blocks.length, 1);
    charts.push({ what: "fails stack", source: blocks[0] });
  });

  it("draws the managed API's line against the fleet's, on 8 points with s·V and V, the fleet paying for its excess", function () {
    const chart = costChart(workload("chat"))!;
    const labels = JSON.parse(chart.mermaid.match(/x-axis "tokens per month" (\[.*\])/)![1]) as string[];
    const [managed, fleet] = [...chart.mermaid.matchAll(/line \[(.*)\]/g)].map((m) => m[1].split(", ").map(Number));
    // s = 0.5 is exact on grids of 2, 4 and 6 points per V; none reaches V* = 4.49 × V (4.49 × 1.1 × 2 = 9.9 steps > 7)
    // or the capacity 13.14B = 3.29 × V (7.2 steps), so the coarsest: 2 points per V, 8 points of 2.00B up to 14.00B.
    assert.deepEqual(labels, ["0", "s·V=2.00B", "V=4.00B", "6.00B", "8.00B", "10.00B", "12.00B", "14.00B"]);
    // $0.2625 per 1M (1,050 ÷ 4,000M): 2B → $525, 4B → $1,050, 14B → $3,675
    assert.deepEqual(managed, [0, 525, 1050, 1575, 2100, 2625, 3150, 3675]);
    // F up to the capacity; at 14B the API serves 14 − 13.14 = 0.86B: $4,717.06 + 860 × $0.2625 = $4,942.81
    assert.deepEqual(fleet, [4717, 4717, 4717, 4717, 4717, 4717, 4717, 4943]);
    assert.match(chart.mermaid, /y-axis "USD per month" 0 --> 6000/); // 4,943 × 1.1 = 5,437 → 6,000
    assert.equal(
      chart.caption,
      "Blue line: openai/gpt-4o-mini at $0.2625 per 1M tokens (this workload's input/output mix). Orange line: the fleet, " +
        "F = $4,717/month, plus the API for what exceeds its capacity of 13.14B tokens/month. V* = 17.97B tokens/month " +
        "(4.49× V) lies beyond the fleet's capacity: past it the fleet pays the API for the excess too, so the lines never meet.",
    );
    const lines = chart.mermaid.split("\n");
    assert.equal(lines[0], '%%{init: {"xyChart":{"width":900,"height":500},"themeVariables":{"xyChart":{"backgroundColor":"transparent","plotColorPalette":"#0072B2, #D55E00, #009E73"}}}}%%');
    assert.equal(lines[2], "  accTitle: chat: monthly cost vs monthly tokens");
    assert.equal(lines[3], `  accDescr: ${chart.caption}`);
    assert.equal(niceCeiling(5437), 6000);
    assert.equal(niceCeiling(15400), 20000);
    charts.push({ what: "s = 0.5", source: chart.mermaid });
  });

  it("keeps every line of the palette at 3:1 or more on GitHub's light and dark backgrounds", function () {
    // WCAG: (L1 + 0.05) ÷ (L2 + 0.05). #ffffff has L = 1; #0d1117 has L = 0.2126 × 0.0040 + 0.7152 × 0.0056 +
    // 0.0722 × 0.0086 = 0.0055. #0072B2: L = 0.7152 × 0.1683 + 0.0722 × 0.4452 = 0.1525 → 1.05 ÷ 0.2025 = 5.19 on
    // white, 0.2025 ÷ 0.0555 = 3.65 on dark. #D55E00: L = 0.2126 × 0.6654 + 0.7152 × 0.1119 = 0.2215 → 3.87 and 4.89.
    // #009E73: L = 0.7152 × 0.3372 + 0.0722 × 0.1683 = 0.2569 → 3.42 and 5.53. Mermaid's old #ECECFF was 1.17 on white.
    const expected: Record<string, [number, number]> = { "#0072B2": [5.19, 3.65], "#D55E00": [3.87, 4.89], "#009E73": [3.42, 5.53] };
    for (const { color } of CHART_PALETTE) {
      assert.ok(Math.abs(contrastRatio(color, "#ffffff") - expected[color][0]) < 0.01, color);
      assert.ok(Math.abs(contrastRatio(color, "#0d1117") - expected[color][1]) < 0.01, color);
    }
    assert.ok(Math.abs(contrastRatio("#ECECFF", "#ffffff") - 1.17) < 0.01);
  });

  it("chooses the grid: s·V exact, then near; V* reached and near; the capacity; then the widest view", function () {
    // s = 0.5, V* = 0.34 × V: exact on 2, 4 and 6 points per V; V* near a free point only with 6 (2.04 → point 2)
    assert.deepEqual(chartGrid(0.5, 0.34, 3.29), { perV: 6, stressExact: true, stressIndex: 3, breakEvenIndex: 2 });
    // s = 0.5, V* = 1.43 × V: 2 points per V reach 1.43 × 1.1 × 2 = 3.1 steps, V* 0.14 step from point 3
    assert.deepEqual(chartGrid(0.5, 1.43), { perV: 2, stressExact: true, stressIndex: 1, breakEvenIndex: 3 });
    // s = 0.3: exact on no grid of ≤ 7 points per V; within a quarter step with 3 (0.9), 4 (1.2), 6 (1.8), 7 (2.1):
    // the coarsest, 3
    assert.deepEqual(chartGrid(0.3, 100, 3.29), { perV: 3, stressExact: false, stressIndex: 1 });
    // s = 0.75, V* = 1.9 × V, capacity 1.2 × V: only 4 points per V put s·V on a point (3); V* needs 1.9 × 1.1 × 4 =
    // 8.4 steps and lies at 7.6 (off the 7-step axis); the capacity needs 1.2 × 1.1 × 4 = 5.3 steps: reached
    assert.deepEqual(chartGrid(0.75, 1.9, 1.2), { perV: 4, stressExact: true, stressIndex: 3 });
  });

  it("puts s·V on the axis for any s, and copes with V* off the chart, unknown capacity, M(V) = 0 and hostile names", function () {
    // s = 0.3, M(V) = F ÷ 100: V* = 100 × V; 3 points per V (0.9 of a step from s·V), 8 points of 1.33B
    const s03 = costChart(workload("chat", { stressUtilization: 0.3, stressVolumeTokens: 1.2e9, managedAtVolumeUsd: F / 100, breakEvenTokens: 4e11 }))!;
    const labels03 = JSON.parse(s03.mermaid.match(/x-axis "tokens per month" (\[.*\])/)![1]) as string[];
    assert.deepEqual(labels03, ["0", "~s·V=1.33B", "2.67B", "V=4.00B", "5.33B", "6.67B", "8.00B", "9.33B"]);
    assert.match(s03.caption, / s·V = 0\.3 × V = 1\.20B\. V\* = 400\.00B tokens\/month \(100× V\) lies beyond the fleet's capacity/);
    // Without the capacity the fleet's line stays F, and the caption says why; V* = 100 × V is beyond the chart
    const unknown = costChart(workload("chat", { managedAtVolumeUsd: F / 100, breakEvenTokens: 4e11, capacityTokensPerMonth: undefined }))!;
    assert.deepEqual([...unknown.mermaid.matchAll(/line \[(.*)\]/g)][1][1], "4717, 4717, 4717, 4717, 4717, 4717, 4717, 4717");
    assert.match(unknown.caption, /\(flat: its capacity is unknown; declare tokensPerSecondPerInstance to draw it\)\. They cross at V\* = 400\.00B tokens\/month \(100× V\), beyond the chart\.$/);
    const free = costChart(workload("chat", { managedAtVolumeUsd: 0, managedAtStressUsd: 0, breakEvenTokens: null }))!;
    assert.match(free.caption, /They never cross/);
    const hostile = costChart(workload('chat "quoted" ; %% comment\n[x] `y` <b>'))!;
    const body = hostile.mermaid.split("\n").slice(1).join("\n"); // after the %%{init}%% line
    assert.ok(!body.includes('"quoted"') && !body.includes("%%") && !body.includes("<b>") && !body.includes("`"), body);
    assert.equal(costChart(workload("idle", { volumeTokens: 0, monthlyInputTokens: 0, monthlyOutputTokens: 0 })), undefined);
    assert.equal(costChart(workload("unjudged", { fixedMonthlyUsd: undefined, verdict: undefined })), undefined);
    charts.push({ what: "s = 0.3", source: s03.mermaid }, { what: "capacity unknown", source: unknown.mermaid }, { what: "M(V) = 0", source: free.mermaid });
    charts.push({ what: "hostile name", source: hostile.mermaid });
  });

  it("says ✅ when nothing fires and ⚠️ when only advisory findings do", function () {
    const robust = workload("chat", { managedAtVolumeUsd: 14000, managedAtStressUsd: 7000, verdict: "robust", breakEvenTokens: F / (14000 / 4e9) });
    const ok = markdownReport([stack("robust", [robust]), stack("robust-2", [robust])]);
    assert.equal(ok.split("\n")[1], "## ✅ gpu-breakeven: no findings in 2 stacks");
    assert.ok(ok.includes("| `chat` | ✅ robust | \\$4,717 | \\$14,000 | \\$7,000 | 1.35B (0.34× V) | 30.4% |"));
    assert.ok(ok.includes("✅ No findings."));
    const fragile = workload("chat", { managedAtVolumeUsd: 8000, managedAtStressUsd: 4000, verdict: "fragile" });
    const warn = markdownReport([
      stack("fragile", [{ ...fragile, findings: [finding("self-hosting-fragile", "advisory", "chat-0", "Workload chat: fragile.", "chat")] }]),
      stack("robust", [robust]),
    ]);
    assert.equal(warn.split("\n")[1], "## ⚠️ gpu-breakeven: 1 advisory finding in 1 of 2 stacks");
    assert.ok(warn.includes("Advisory findings are warnings: the preview passes."));
    // every stack ran with the same assumptions: one assumptions block, at the end
    assert.equal(warn.match(/Assumptions and catalog/g)?.length, 1);
  });

  it("groups findings by level with their resources, and says \"… and N more\" past 20", function () {
    const strays = Array.from({ length: 25 }, (_, i) => finding("gpu-workload-declared", "advisory", `stray-${String(i).padStart(2, "0")}`, `stray-${i} belongs to no declared workload.`));
    const md = markdownReport([stack("multi", [workload("chat", { findings: [failsFinding("chat")] })], strays)]);
    assert.equal(md.split("\n")[1], "## ❌ gpu-breakeven: 1 mandatory and 25 advisory findings in 1 stack");
    assert.ok(md.indexOf("❌ **Mandatory** (1)") < md.indexOf("⚠️ **Advisory** (25)"));
    assert.ok(md.includes("- [`gpu-workload-declared`](docs/policies.md#gpu-workload-declared) on `stray-19`: stray-19 belongs to no declared workload."));
    assert.ok(!md.includes("on `stray-20`"));
    assert.ok(md.includes("- … and 5 more advisory findings (`gpu-workload-declared` × 5)"));
  });

  it("escapes what a stack declares: tables, HTML, math and mentions stay inert", function () {
    const name = "a|b`c<script>@org/team $x$";
    const md = markdownReport([stack("s", [workload(name, { findings: [finding("self-hosting-break-even", "mandatory", "r", `Workload ${name}: <img src=x> costs $1 and $2`, name)] })])]);
    // a backtick inside: the code span is delimited by two
    const row = md.split("\n").find((l) => l.startsWith("| ``a"))!;
    assert.equal(cells(row).length, 7, row);
    assert.equal(cells(row)[0], "``a\\|b`c<script>@org/team $x$``");
    // outside code (spans and fenced blocks, which GitHub shows verbatim) nothing from the input is HTML or a mention
    const prose = md.replace(/^```[\s\S]*?^```$/gm, "").replace(/(`+)(?!`)[^\n]*?(?<!`)\1(?!`)/g, "");
    assert.ok(!/<(script|img)/.test(prose), "no raw HTML from the input");
    assert.ok(!/@org/.test(prose), "no @mention outside code (a zero-width joiner follows the @)");
    assert.ok(md.includes("&lt;img src=x&gt;"), "HTML in a message is escaped in prose");
    assert.ok(md.includes("costs \\$1 and \\$2"));
    assertBalanced(md);
  });

  it("stays under 60,000 characters with 500 workloads, most severe first, and says where the rest is", function () {
    // 500 workloads in one stack: every 4th fails (mandatory finding), every 4th fragile (advisory), the rest robust
    const many = Array.from({ length: 500 }, (_, i) => {
      const name = `workload-${String(i).padStart(3, "0")}`;
      if (i % 4 === 0) return workload(name, { findings: [failsFinding(name)] });
      if (i % 4 === 1) return workload(name, { verdict: "fragile", managedAtVolumeUsd: 8000, managedAtStressUsd: 4000, findings: [finding("self-hosting-fragile", "advisory", `${name}-0`, `Workload ${name}: fragile.`, name)] });
      return workload(name, { verdict: "robust", managedAtVolumeUsd: 14000, managedAtStressUsd: 7000 });
    });
    const md = markdownReport([stack("big", many)]);
    assert.ok(md.length <= MAX_COMMENT_CHARS, `${md.length} characters`);
    assert.equal(md.split("\n")[0], COMMENT_MARKER);
    assert.equal(md.split("\n")[1], "## ❌ gpu-breakeven: 125 mandatory and 125 advisory findings in 1 stack");
    assert.ok(md.includes("**Workloads:** 250 robust · 125 fragile · 125 fails."));
    // F 500 × $4,717.06 = $2,358,530; M(V) 125 × $1,050 + 125 × $8,000 + 250 × $14,000 = $4,631,250
    assert.ok(md.includes("Fleets evaluated: \\$2,358,530/month in fixed cost; the managed APIs would charge \\$4,631,250/month"));
    const rows = md.split("\n").filter((l) => l.startsWith("| `workload-"));
    assert.ok(rows.length >= 5 && rows.length < 500, `${rows.length} rows`);
    assert.ok(rows.slice(0, 5).every((r) => r.includes("❌ fails")), "the failing workloads come first");
    assert.match(md, /… and [\d,]+ more workloads \(/);
    // a failing stack's mandatory findings are never cut: all 125 listed; the advisory ones are counted past the limit
    assert.equal(md.split("\n").filter((l) => l.startsWith("- [`self-hosting-break-even`]")).length, 125);
    assert.match(md, /- … and \d+ more advisory findings \(`self-hosting-fragile` × \d+\)/);
    assertBalanced(md);
    mermaidBlocks(md).forEach((source, i) => charts.push({ what: `500 workloads, chart ${i}`, source }));

    // the same 500 workloads over 100 stacks of 5
    const spread = Array.from({ length: 100 }, (_, s) => stack(`stack-${s}`, many.slice(s * 5, s * 5 + 5)));
    const md2 = markdownReport(spread);
    assert.ok(md2.length <= MAX_COMMENT_CHARS, `${md2.length} characters`);
    assert.equal(md2.split("\n")[1], "## ❌ gpu-breakeven: 125 mandatory and 125 advisory findings in 100 of 100 stacks");
    // every stack has a row in the overview; stack-99 holds workloads 495–499: 496 fails, 497 fragile, 495, 498 and 499
    // robust: F 5 × $4,717.06 = $23,585; M(V) $1,050 + $8,000 + 3 × $14,000 = $51,050
    assert.ok(md2.includes("| ❌ `stack-99` | `gpu-inference` | 1 mandatory, 1 advisory | 3 robust, 1 fragile, 1 fails | \\$23,585 | \\$51,050 |"), md2.slice(0, 3000));
    assert.equal(md2.split("\n").filter((l) => /^\| ❌ `stack-\d+` \|/.test(l)).length, 100);
    // and each of the 125 mandatory findings is listed (every 5 workloads hold one multiple of 4, some two)
    assert.equal(md2.split("\n").filter((l) => /^- (`stack-\d+`: )?\[`self-hosting-break-even`\]/.test(l)).length, 125);
    assertBalanced(md2);
  });

  it("stays under 60,000 characters whatever the input: huge names and messages, thousands of findings", function () {
    const huge = "x".repeat(20_000);
    const reports = Array.from({ length: 40 }, (_, s) =>
      stack(`${huge}-${s}`, Array.from({ length: 15 }, (_, i) => workload(`${huge}-${i}`, { findings: [failsFinding(`${huge}-${i}`)] })),
        Array.from({ length: 100 }, (_, i) => finding("gpu-workload-declared", "advisory", `${huge}-${i}`, `${huge}\n\`\`\`\n<details>`))),
    );
    const md = markdownReport(reports);
    assert.ok(md.length <= MAX_COMMENT_CHARS, `${md.length} characters`);
    assert.equal(md.split("\n")[0], COMMENT_MARKER);
    assert.equal(md.split("\n")[1], "## ❌ gpu-breakeven: 600 mandatory and 4000 advisory findings in 40 of 40 stacks");
    assertBalanced(md);
    // and with a tiny ceiling the text is cut, closed and marked as cut
    const small = markdownReport([stack("fails", [workload("chat", { findings: [failsFinding("chat")] })])], { maxChars: 800 });
    assert.ok(small.length <= 800, String(small.length));
    assert.match(small, /cut to stay under GitHub's comment limit/);
    assertBalanced(small);
  });

  it("opens with every stack, worst first, and keeps every mandatory finding when 48 stacks overflow (failing ones last by name)", function () {
    const robust = (n: string) => workload(n, { verdict: "robust", managedAtVolumeUsd: 14000, managedAtStressUsd: 7000, breakEvenTokens: F / (14000 / 4e9) });
    const twelve = () => Array.from({ length: 12 }, (_, i) => robust(`w${String(i).padStart(2, "0")}`));
    const clean = Array.from({ length: 20 }, (_, i) => stack(`a-clean-${String(i).padStart(2, "0")}`, twelve()));
    const warn = Array.from({ length: 20 }, (_, i) => {
      const name = `b-warn-${String(i).padStart(2, "0")}`;
      return stack(name, twelve(), [1, 2].map((g) => finding("gpu-workload-declared", "advisory", `${name}-stray-${g}`, `${name}-stray-${g} belongs to no declared workload.`)));
    });
    const failing = Array.from({ length: 8 }, (_, k) =>
      stack(`z-fail-${k}`, [...[0, 1, 2].map((i) => workload(`z${k}-chat${i}`, { findings: [failsFinding(`z${k}-chat${i}`)] })), ...twelve()]),
    );
    const reports = [...clean, ...warn, ...failing]; // input order: alphabetical, the failing stacks last
    assert.ok(markdownReport(reports, { maxChars: 1e9 }).length > MAX_COMMENT_CHARS, "in full it does not fit: detail must go");
    const md = markdownReport(reports);
    assert.ok(md.length <= MAX_COMMENT_CHARS, `${md.length} characters`);
    // 8 × 3 mandatory; 20 × 2 advisory; 8 + 20 stacks with findings
    assert.equal(md.split("\n")[1], "## ❌ gpu-breakeven: 24 mandatory and 40 advisory findings in 28 of 48 stacks");
    // the overview comes first and names all 48: failing, then advisory only, then clean; by name within each
    const rows = md.split("\n").filter((l) => /^\| (❌|⚠️|✅) `/u.test(l)).map((l) => l.match(/`([^`]+)`/)![1]);
    assert.deepEqual(rows, [...failing, ...warn, ...clean].map((r) => r.stack));
    assert.ok(md.indexOf("| ❌ `z-fail-0`") < md.indexOf("### "), "the overview opens the comment");
    // every failing stack keeps its section, its table and each mandatory finding; passing stacks shrank first
    for (let k = 0; k < 8; k++) {
      assert.ok(md.includes(`### ❌ Stack \`z-fail-${k}\` · project \`gpu-inference\`: 3 mandatory findings`), `z-fail-${k}`);
      for (let i = 0; i < 3; i++) {
        assert.ok(md.includes(`- [\`self-hosting-break-even\`](docs/policies.md#self-hosting-break-even) on \`z${k}-chat${i}-0\`, workload \`z${k}-chat${i}\`: Workload z${k}-chat${i}`));
        assert.ok(md.includes(`| \`z${k}-chat${i}\` | ❌ fails | \\$4,717 | \\$1,050 |`));
      }
    }
    assert.ok(!md.includes("### ✅ Stack"), "clean stacks: their overview row says it all");
    const lastFailing = md.indexOf("### ❌ Stack `z-fail-7`");
    const firstPassing = md.search(/### (⚠️|✅) Stack/u);
    assert.ok(firstPassing < 0 || lastFailing < firstPassing, "sections in severity order");
    assertBalanced(md);
  });

  it("links each finding to its policy's documentation and the comment to its CI run; nothing else becomes a link", function () {
    const reports = [stack("fails", [workload("chat", { findings: [failsFinding("chat")] })], [
      { policy: "evil](https://evil.test)", level: "advisory", levelFrom: "policy-config", kind: "x", message: "visit https://evil.test and www.evil.test" },
    ])];
    const md = markdownReport(reports, { docsUrl: "https://github.com/acme/gpu-breakeven/blob/main/", runUrl: "https://github.com/acme/infra/actions/runs/42" });
    assert.ok(md.includes("- [`self-hosting-break-even`](https://github.com/acme/gpu-breakeven/blob/main/docs/policies.md#self-hosting-break-even) on `chat-0`"));
    assert.ok(md.includes("[The workflow run](https://github.com/acme/infra/actions/runs/42).</sub>"));
    // a policy the pack does not have gets no link (no anchor exists); its name stays in code, bare URLs stay text
    assert.ok(md.includes("- `evil](https://evil.test)`: visit https:\u200d//evil.test and www\u200d.evil.test"), md);
    // parentheses and spaces in a base URL cannot end the link early; a javascript: run link is dropped
    const odd = markdownReport(reports, { docsUrl: "https://docs.test/a (b)", runUrl: "javascript:alert(1)" });
    assert.ok(odd.includes("](https://docs.test/a%20%28b%29/docs/policies.md#self-hosting-break-even)"));
    assert.ok(odd.includes("The workflow run.</sub>") && !odd.includes("javascript:"));
  });

  it("draws only charts Mermaid's own parser accepts (every chart above)", function () {
    assert.ok(charts.length >= 8, `${charts.length} charts`);
    const results = parseMermaid(charts.map((c) => c.source));
    results.forEach((r, i) => assert.ok(r.ok && r.type === "xychart", `${charts[i].what}: ${r.error}\n${charts[i].source}`));
    // and the check has teeth: a broken chart is rejected
    const [broken] = parseMermaid([charts[0].source.replace(/line \[0, /, "line [0,, ")]);
    assert.equal(broken.ok, false);
    assert.match(broken.error!, /Parse error/);
  });

  it("renders text for logs with every finding's whole message", function () {
    const text = textReport([stack("fails", [workload("chat", { findings: [failsFinding("chat")] })])]);
    assert.match(text, /^gpu-breakeven: ❌ 1 mandatory finding in 1 stack\n/);
    assert.match(text, /chat\s+fails\s+\$4,717\s+\$1,050\s+\$525\s+17\.97B tok\s+30\.4%/);
    assert.ok(text.includes("    [mandatory] self-hosting-break-even  (chat-0, workload chat)\n      Workload chat: the fleet costs $4,717/month"));
    assert.ok(text.includes("      Fleet: chat-0, chat-1"));
  });
});

describe("gpu-breakeven report", function () {
  const cli = (...args: string[]) => spawnSync(process.execPath, [path.join(ROOT, "dist", "cli.js"), ...args], { cwd: ROOT, encoding: "utf8" });
  let dir: string;
  before(function () {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "gbr-report-"));
    fs.writeFileSync(path.join(dir, "fails.json"), JSON.stringify({ ...stack("fails", [workload("chat", { findings: [failsFinding("chat")] })]), levelsFrom: "policy-defaults" }));
    fs.writeFileSync(path.join(dir, "robust.json"), JSON.stringify(stack("robust", [workload("chat", { verdict: "robust", managedAtVolumeUsd: 14000, managedAtStressUsd: 7000 })])));
    fs.writeFileSync(path.join(dir, "bad.json"), JSON.stringify({ schemaVersion: 2, stack: "x" }));
    // A whole report of the previous version (findings without kind): refused, naming the version.
    const old = stack("old", [workload("chat", { findings: [failsFinding("chat")] })]);
    fs.writeFileSync(path.join(dir, "old.json"), JSON.stringify({ ...old, schemaVersion: 1, workloads: old.workloads.map((w) => ({ ...w, findings: w.findings.map(({ kind: _kind, ...f }) => f) })) }));
    fs.writeFileSync(path.join(dir, "relax.json"), JSON.stringify({ "self-hosting-break-even": "advisory" }));
  });
  after(() => fs.rmSync(dir, { recursive: true }));

  it("renders several stacks into one comment (markdown by default) and exits 0", function () {
    const run = cli("report", path.join(dir, "fails.json"), path.join(dir, "robust.json"));
    assert.equal(run.status, 0, run.stderr);
    assert.ok(run.stdout.startsWith(`${COMMENT_MARKER}\n## ❌ gpu-breakeven: 1 mandatory finding in 1 of 2 stacks\n`), run.stdout.slice(0, 200));
    assert.ok(run.stdout.includes("### ✅ Stack `robust`"));
    assert.ok(run.stdout.includes("Levels are the policies' defaults"));
  });

  it("applies --policy-pack-config levels, writes --out, and renders text and json", function () {
    const out = path.join(dir, "comment.md");
    const run = cli("report", path.join(dir, "fails.json"), "--policy-pack-config", path.join(dir, "relax.json"), "--out", out);
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.stdout, "");
    assert.equal(fs.readFileSync(out, "utf8").split("\n")[1], "## ⚠️ gpu-breakeven: 1 advisory finding in 1 stack");
    const text = cli("report", path.join(dir, "fails.json"), "--format", "text");
    assert.match(text.stdout, /\[mandatory\] self-hosting-break-even/);
    const json = cli("report", path.join(dir, "fails.json"), path.join(dir, "robust.json"), "--format", "json");
    const parsed = JSON.parse(json.stdout) as StackReport[];
    assert.deepEqual(parsed.map((r) => r.stack), ["fails", "robust"]);
  });

  it("exits 2 on a missing, non-JSON or invalid report, or a bad --format", function () {
    const invalid = cli("report", path.join(dir, "bad.json"));
    assert.equal(invalid.status, 2);
    assert.match(invalid.stderr, /bad\.json is not a gpu-breakeven stack report[\s\S]*workloads/);
    const old = cli("report", path.join(dir, "old.json"));
    assert.equal(old.status, 2);
    assert.match(old.stderr, /old\.json is not a gpu-breakeven stack report \(schemaVersion 2\)[\s\S]*schemaVersion[\s\S]*kind/);
    assert.equal(cli("report", path.join(dir, "nope.json")).status, 2);
    assert.equal(cli("report", path.join(dir, "relax.json")).status, 2);
    const format = cli("report", path.join(dir, "fails.json"), "--format", "html");
    assert.equal(format.status, 2);
    assert.match(format.stderr, /--format must be one of markdown, text, json/);
    assert.equal(cli("report").status, 2);
  });
});
