// Nothing a report holds reaches the comment raw: every field a user controls, crafted to break out (a line break, a
// code fence, HTML, an @mention, a heading, control characters), stays inert in the Markdown and the text.
import * as assert from "node:assert/strict";
import { markdownReport } from "../src/report/markdown";
import { escapeControls, fencedBlock, htmlText, linkTarget, mdCode, mdText, ZWJ } from "../src/report/neutralize";
import { parseStackReport, StackReport } from "../src/report/schema";
import { textReport } from "../src/report/text";

/** A value built to escape every context: ends the line, opens a fence, injects HTML, mentions a team, starts a heading. */
const EVIL = "x\n```\n<img src=x onerror=alert(1)> @org/team\n# heading\u0007\u001b[31m";
const evil = (field: string) => `${field}:${EVIL}`;

function craftedReport(variant: string): StackReport {
  const name = evil("workload");
  const resource = evil("resource");
  return parseStackReport({
    schemaVersion: 2,
    stack: evil("stack"),
    project: evil("project"),
    generatedAt: "2026-08-01T00:00:00.000Z",
    catalogAsOf: evil("catalogAsOf"),
    assumptions: { hoursPerMonth: 730, stressUtilization: 0.5, opsUsdPerHour: 100, defaultManagedModel: evil("defaultManagedModel"), [evil("assumption-key")]: evil("assumption-value") },
    levelsFrom: "policy-config",
    policyLevels: {},
    policyDefaultLevels: {},
    workloads: [
      {
        name,
        environment: evil("environment"),
        resources: [
          { name: resource, urn: evil("urn"), kind: evil("kind"), instanceType: evil("instanceType"), market: evil("market"), region: evil("region"), availabilityZones: [evil("zone")] },
          { name: evil("resource-2"), urn: evil("urn-2"), instanceType: "g6e.xlarge", region: evil("region") },
        ],
        managedModel: { id: evil("model"), inputUsdPerMillion: 0.15, outputUsdPerMillion: 0.6, source: evil("source") },
        monthlyInputTokens: 3e9,
        monthlyOutputTokens: 1e9,
        volumeTokens: 4e9,
        stressVolumeTokens: 2e9,
        selfHostedOnly: false,
        costLines: [{ kind: evil("cost-kind"), monthlyUsd: 4717.06, text: evil("cost-line") }],
        fixedMonthlyUsd: 4717.06,
        managedAtVolumeUsd: variant === "base" ? 14000 : 1050,
        managedAtStressUsd: variant === "base" ? 7000 : 525,
        stressUtilization: 0.5,
        verdict: variant === "base" ? "robust" : "fails",
        breakEvenTokens: 17.97e9,
        notEvaluated: [evil("not-evaluated")],
        findings: [
          { policy: evil("policy"), level: "mandatory", levelFrom: "policy-config", kind: evil(`kind-${variant}`), message: evil(`message-${variant}`), urn: evil("urn"), resource, workload: name },
          { policy: "self-hosting-break-even", level: "mandatory", levelFrom: "policy-config", kind: "verdict", message: evil("message"), urn: evil("urn"), resource, workload: name },
        ],
      },
    ],
    findings: [{ policy: "gpu-workload-declared", level: "advisory", levelFrom: "policy-config", kind: "untagged", message: evil(`stray-${variant}`), resource: evil(`stray-${variant}`) }],
  });
}

/** Our own HTML: what the renderer writes itself. Anything else in prose would be the input's. */
const OWN_TAGS = /<!-- gpu-breakeven:pull-request-comment -->|<\/?(details|summary|sub)>/g;

/** Our own headings. A line starting with # that is not one of these came from the input. */
const OWN_HEADING = /^(## (❌|⚠️|✅) gpu-breakeven: |### Changes against the base branch$|### (❌|⚠️|✅) Stack `|### ❌ The mandatory findings of |#### `)/u;

/** The links the renderer makes: policy documentation and the run. */
const OWN_LINK = /^\]\((docs\/policies\.md#[a-z-]+|https:\/\/github\.com\/acme\/infra\/actions\/runs\/42)\)/;

/**
 * Reads the comment the way CommonMark does, enough to check it: fenced blocks (a fence closes only on a bare run of as
 * many backticks or more), then code spans (a run of n backticks closes on the next run of exactly n; a backslash escapes a
 * backtick outside code). Returns the prose (outside code) line by line, the fences' info strings, and stray backticks.
 */
function readMarkdown(md: string): { prose: { line: string; text: string }[]; fences: string[]; stray: number } {
  const prose: { line: string; text: string }[] = [];
  const fences: string[] = [];
  let stray = 0;
  let fence: string | undefined;
  for (const line of md.split("\n")) {
    const run = /^(`{3,})(.*)$/.exec(line);
    if (fence !== undefined) {
      if (run && run[1].length >= fence.length && run[2].trim() === "") fence = undefined;
      continue;
    }
    if (run) {
      fence = run[1];
      fences.push(run[2]);
      continue;
    }
    let text = "";
    for (let i = 0; i < line.length; ) {
      if (line[i] === "\\" && i + 1 < line.length) {
        text += line.slice(i, i + 2);
        i += 2;
        continue;
      }
      if (line[i] === "`") {
        let n = 0;
        while (line[i + n] === "`") n++;
        const closer = new RegExp(`(?<!\`)\`{${n}}(?!\`)`, "g");
        closer.lastIndex = i + n;
        const end = closer.exec(line);
        if (!end) {
          stray++;
          i += n;
          continue;
        }
        text += "CODE";
        i = end.index + n;
        continue;
      }
      text += line[i++];
    }
    prose.push({ line, text });
  }
  assert.equal(fence, undefined, "a fence is left open");
  return { prose, fences, stray };
}

function assertInert(md: string) {
  // eslint-disable-next-line no-control-regex
  assert.ok(!/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e]/.test(md), "no control character");
  const { prose, fences, stray } = readMarkdown(md);
  assert.equal(stray, 0, "no unmatched backtick: every code span closes where it should");
  for (const info of fences) assert.match(info, /^(mermaid|text)$/, `a fence the renderer did not open: "${info}"`);
  for (const { line, text } of prose) {
    const withoutOwn = text.replace(OWN_TAGS, "");
    assert.ok(!/<[a-zA-Z/!?]/.test(withoutOwn), `raw HTML: ${line}`);
    assert.ok(!/@[\p{L}\p{N}]/u.test(withoutOwn), `a live mention: ${line}`);
    assert.ok(!/#[\p{L}\p{N}]/u.test(withoutOwn.replace(/\]\([^)]*\)/g, "").replace(/&#\d+;/g, "")), `a live issue reference: ${line}`);
    if (line.startsWith("#")) assert.match(line, OWN_HEADING, `a heading from the input: ${line}`);
    for (const [i] of [...withoutOwn.matchAll(/\]\(/g)].map((m) => [m.index!])) assert.match(withoutOwn.slice(i), OWN_LINK, `a link from the input: ${line}`);
    assert.ok(!/:\/\//.test(withoutOwn.replace(/\]\([^)]*\)/g, "")), `a bare URL GitHub would link: ${line}`);
  }
  // every table row has as many cells as its header: no pipe from the input split a cell
  let columns = 0;
  for (const line of md.split("\n")) {
    if (!line.startsWith("|")) {
      columns = 0;
      continue;
    }
    const cells = line.split(/(?<!\\)\|/).length - 2;
    if (columns === 0) columns = cells;
    else assert.equal(cells, columns, `a table row with ${cells} cells, not ${columns}: ${line}`);
  }
}

describe("neutralising what a report holds", function () {
  it("each context gets its own escaping", function () {
    // prose: entities for HTML, backslashes for Markdown, a joiner after @ and #, line breaks and controls as escapes
    assert.equal(mdText("<b>&</b>"), "&lt;b&gt;&amp;&lt;/b&gt;");
    assert.equal(mdText("*x* _y_ [z](u) $m$ ~s~ |"), "\\*x\\* \\_y\\_ \\[z\\](u) \\$m\\$ \\~s\\~ \\|");
    assert.equal(mdText("@org/team #12"), `@${ZWJ}org/team \\#${ZWJ}12`);
    assert.equal(mdText("# heading\nnext"), "\\# heading\\\\nnext");
    assert.equal(mdText("see https://evil.test or www.evil.test"), `see https:${ZWJ}//evil.test or www${ZWJ}.evil.test`);
    assert.equal(mdText("abcdef", 4), "abc…");
    // code spans: more backticks than any run inside; padded when the text starts or ends with one; pipes in tables
    assert.equal(mdCode("plain"), "`plain`");
    assert.equal(mdCode("a`b"), "``a`b``");
    assert.equal(mdCode("``x"), "``` ``x ```");
    assert.equal(mdCode("a|b", 80, true), "`a\\|b`");
    assert.equal(mdCode("a\nb\u001b"), "`a\\nb\\u001b`");
    assert.equal(mdCode(""), '`""`');
    // HTML element text: entities for HTML and Markdown characters
    assert.equal(htmlText("<i>@a</i> $1 *b*"), `&lt;i&gt;@${ZWJ}a&lt;/i&gt; &#36;1 &#42;b&#42;`);
    // fenced blocks: a fence longer than any run inside
    assert.deepEqual(fencedBlock(["```", "x"]), ["````text", "```", "x", "````"]);
    assert.deepEqual(fencedBlock(["plain"]), ["```text", "plain", "```"]);
    // links: http(s) or relative, with what would end the link encoded; nothing else
    assert.equal(linkTarget("https://a.test/x y(z)"), "https://a.test/x%20y%28z%29");
    assert.equal(linkTarget("../docs/policies.md#x"), "../docs/policies.md#x");
    assert.equal(linkTarget("javascript:alert(1)"), undefined);
    assert.equal(linkTarget("//evil.test/x"), undefined);
    assert.equal(linkTarget("https://a.test/\u0007"), undefined);
    // control characters, bidirectional overrides included, as visible escapes
    assert.equal(escapeControls("a\u0007b\u202ec\r\n"), "a\\u0007b\\u202ec\\r\\n");
  });

  it("in the comment: stack, project, workload, resource, model, region, zone, assumption key and value, message, policy", function () {
    const head = craftedReport("head");
    const md = markdownReport([head], { base: [craftedReport("base")] });
    assertInert(md);
    // every crafted field is shown (escaped), not dropped
    for (const field of ["stack", "project", "workload", "resource", "resource-2", "model", "region", "zone", "instanceType", "market", "assumption-key", "assumption-value", "policy", "cost-line", "source", "not-evaluated", "catalogAsOf", "stray-head"]) {
      assert.ok(md.includes(`${field}:x\\n`) || md.includes(`${field}:x\\\\n`), `${field} is not shown`);
    }
    // a message: its first line in the list, the whole of it in a fence longer than the ``` inside it, each line as it is
    assert.ok(md.includes(": message-head:x\n"));
    assert.ok(md.includes("````text\n"));
    assert.ok(md.includes("\n  message-head:x\n  ```\n  <img src=x onerror=alert(1)> @org/team\n  # heading\\u0007\\u001b[31m\n"));
    // the workload's move and the findings added and removed, in the change block, are inert too
    assert.ok(md.includes("### Changes against the base branch"));
    assert.ok(md.includes("✅ resolved:"));
    // and without a base, in every tier down to the digest
    assertInert(markdownReport([head]));
    for (const maxChars of [20_000, 8_000, 4_000, 2_500, 1_500]) {
      const small = markdownReport([head, craftedReport("second")], { maxChars, base: [craftedReport("base")] });
      assert.ok(small.length <= maxChars, `${small.length} > ${maxChars}`);
      assertInert(small);
    }
  });

  it("the checks have teeth: a raw value fails them", function () {
    assert.throws(() => assertInert(`## ✅ gpu-breakeven: x\n\n- ${EVIL.split("\u0007")[0]}`));
    assert.throws(() => assertInert("text <img src=x onerror=alert(1)>"), /raw HTML/);
    assert.throws(() => assertInert("hi @org/team"), /live mention/);
    assert.throws(() => assertInert("# heading"), /heading from the input/);
    assert.throws(() => assertInert("```text\n```\n```\nout\n```"), /a fence the renderer did not open/);
    assert.throws(() => assertInert("| a | b |\n|:--|:--|\n| x | y | z |"), /a table row/);
    assert.throws(() => assertInert("`a``"), /unmatched backtick/);
  });

  it("in the text for logs: control characters escaped, a message keeps its own lines", function () {
    const text = textReport([craftedReport("head")], { base: [craftedReport("base")] });
    // eslint-disable-next-line no-control-regex
    assert.ok(!/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/.test(text), "no control character but the line breaks");
    assert.ok(text.includes("Stack stack:x\\n```\\n<img src=x onerror=alert(1)> @org/team\\n# heading\\u0007\\u001b[31m (project project:x\\n"));
    // a message's line breaks are its own lines, indented under the finding
    assert.ok(text.includes("      message-head:x\n      ```\n      <img src=x onerror=alert(1)> @org/team\n      # heading\\u0007\\u001b[31m\n"));
  });
});
