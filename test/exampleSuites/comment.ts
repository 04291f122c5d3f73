// The example pull-request comment in examples/ and docs/reports-and-ci.md never goes stale: it is regenerated here from the example
// stacks, previewed under mocks through the real pack, and compared with what is checked in (`npm run examples`).
import * as assert from "node:assert/strict";
import * as fs from "fs";
import * as path from "path";
import { COMMENT_MARKER } from "../../src/report/markdown";
import { StackReport } from "../../src/report/schema";
import { exampleCheck, prefetchAllExampleChecks } from "../helpers/exampleStacks";
import { COMMENT_DOC, COMMENT_DOC_END, COMMENT_DOC_START, COMMENT_FILE, EXAMPLE_STACKS, freshReports, generatedFiles, reportFile, ROOT } from "../../scripts/examples";
import { mermaidBlocks, parseMermaid } from "../helpers/mermaid";

const read = (file: string) => fs.readFileSync(path.join(ROOT, file), "utf8");

describe("example pull-request comment (examples/pr-comment.md, docs/reports-and-ci.md)", function () {
  let reports: StackReport[];
  before(async function () {
    this.timeout(180_000);
    await prefetchAllExampleChecks();
    reports = await freshReports(exampleCheck);
  });

  it("is what the example stacks give today: reports, comment, its copy in the docs and JSON Schema", function () {
    const files = generatedFiles(reports, read(COMMENT_DOC));
    for (const [file, content] of files) {
      assert.equal(read(file), content, `${file} is stale: run \`npm run examples\``);
    }
    assert.deepEqual([...files.keys()].filter((f) => f.startsWith("examples/reports/")), EXAMPLE_STACKS.map(reportFile));
  });

  it("shows the worked figures of stacks/EXPECTED.md", function () {
    const md = read(COMMENT_FILE);
    assert.equal(md.split("\n")[0], COMMENT_MARKER);
    // fails: 1 mandatory; multi-workload: 1 mandatory + 5 advisory; fragile: 1 advisory; bursty: 1 advisory; and on each of
    // the 5 stacks catalog-fresh's advisory (LiteLLM's prices, read 2026-07-24, are 144 days old on 2026-12-15: limit 45)
    assert.equal(md.split("\n")[1], "## ❌ gpu-breakeven: 2 mandatory and 12 advisory findings in 5 of 5 stacks");
    // F = 2 × $1.861 × 730 + 20 × $100 = $4,717.06; gpt-4.1 M(V) = 3,000 × $2 + 1,000 × $8 = $14,000
    assert.ok(md.includes("| `chat` | ✅ robust | \\$4,717 | \\$14,000 | \\$7,000 | 1.35B (0.34× V) | 30.4% |"));
    // haiku-4.5 M(V) = 3,000 × $1 + 1,000 × $5 = $8,000
    assert.ok(md.includes("| `chat` | ⚠️ fragile | \\$4,717 | \\$8,000 | \\$4,000 | 2.36B (0.59× V) | 30.4% |"));
    assert.ok(md.includes("| `chat` | ❌ fails | \\$4,717 | \\$1,050 | \\$525 | 17.97B (4.49× V) | 30.4% |"));
    // summarize: 2 × $1.123/h (eu-west-1) × 730 h + 5 h × $100 = $2,139.58; EU only, so haiku-4.5 through Bedrock's EU
    // profile: M(V) = (1,000 × $1 + 100 × $5) × 1.1 = $1,650; V* = $2,139.58 ÷ ($1,650 ÷ 1.1B) = 1.43B = 1.30 × V
    assert.ok(md.includes("| `summarize` | ❌ fails | \\$2,140 | \\$1,650 | \\$825 | 1.43B (1.3× V) | — |"));
    // bursty: F = $4,717.06 (2 × g6e.xlarge, 20 ops hours); haiku-4.5 at V = 12,000 × $1 + 4,000 × $5 = $32,000
    assert.ok(md.includes("| `chat` | ✅ robust | \\$4,717 | \\$32,000 | \\$16,000 |"));
    // the fleets: 4 × $4,717.06 + $2,358.53 + $2,139.58 = $23,366.35; managed: 14,000 + 8,000 + 1,050 + 4,800 + 1,650 + 32,000
    assert.ok(md.includes("Fleets evaluated: \\$23,366/month in fixed cost; the managed APIs would charge \\$61,500/month"));
    // bursty's busiest hour and its cheapest plan reach the comment (the fleet-capacity finding and the chart).
    assert.ok(md.includes("Cheapest plan at V: 4 × g6e.xlarge, no overflow"), "the hybrid plan is in the comment");
    const doc = read(COMMENT_DOC);
    const block = doc.slice(doc.indexOf(COMMENT_DOC_START), doc.indexOf(COMMENT_DOC_END));
    assert.ok(block.includes(md.trimEnd()), `${COMMENT_DOC} embeds the comment`);
  });

  it("draws one chart per evaluated workload, each accepted by Mermaid's parser", function () {
    const blocks = mermaidBlocks(read(COMMENT_FILE));
    assert.equal(blocks.length, 6); // robust, fragile, fails, bursty: chat; multi-workload: chat and summarize
    const results = parseMermaid(blocks);
    results.forEach((r, i) => assert.ok(r.ok && r.type === "xychart", `chart ${i}: ${r.error}`));
  });
});
