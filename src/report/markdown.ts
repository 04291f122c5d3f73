import { costChart } from "./chart";
import { num, percent, tokens, unitUsd, usd } from "./format";
import { allFindings, countLevels } from "./levels";
import type { ReportFinding, ReportLevel, StackReport, WorkloadReport } from "./schema";
import { bySeverity, findingsPhrase, orderFindings, summarize, verdictKey, verdictsPhrase } from "./summary";

/** The hidden first line CI looks for to find, and update, its own pull-request comment. */
export const COMMENT_MARKER = "<!-- gpu-breakeven:pull-request-comment -->";

/** GitHub takes 65,536 characters in a comment; pulumi/actions trims at 64,000. The comment never exceeds this. */
export const MAX_COMMENT_CHARS = 60_000;

/** How much detail a rendering carries; the comment drops detail, tier by tier, until it fits. */
interface Detail {
  /** Workloads (most severe first, over all stacks) that get a chart. */
  charts: number;
  /** Workloads that get their cost lines in a <details>. */
  workloadDetails: number;
  /** Table rows per stack. */
  rowsPerStack: number;
  /** Findings listed per level and stack. */
  findingsPerLevel: number;
  /** Whole finding messages shown (in <details>), over all stacks. */
  fullMessages: number;
  /** Stacks that get a section; the others get a line each. */
  stackSections: number;
  /** Characters of a finding's first line. */
  findingChars: number;
}

const TIERS: Detail[] = [
  { charts: 20, workloadDetails: 60, rowsPerStack: 200, findingsPerLevel: 20, fullMessages: 40, stackSections: 50, findingChars: 400 },
  { charts: 8, workloadDetails: 20, rowsPerStack: 100, findingsPerLevel: 10, fullMessages: 10, stackSections: 30, findingChars: 300 },
  { charts: 3, workloadDetails: 3, rowsPerStack: 40, findingsPerLevel: 5, fullMessages: 0, stackSections: 20, findingChars: 200 },
  { charts: 0, workloadDetails: 0, rowsPerStack: 15, findingsPerLevel: 3, fullMessages: 0, stackSections: 10, findingChars: 160 },
  { charts: 0, workloadDetails: 0, rowsPerStack: 5, findingsPerLevel: 2, fullMessages: 0, stackSections: 5, findingChars: 120 },
];

/**
 * The pull-request comment for one or more stack reports: a hidden marker, a headline, then per stack a table of its
 * workloads, a chart per workload, the cost lines and assumptions in <details>, and the findings grouped by level.
 * Never longer than `maxChars` (default 60,000), whatever the input: detail is dropped first, then the text is cut.
 */
export function markdownReport(reports: StackReport[], options: { maxChars?: number } = {}): string {
  const max = options.maxChars ?? MAX_COMMENT_CHARS;
  let doc = "";
  for (const tier of TIERS) {
    doc = render(reports, tier);
    if (doc.length <= max) return doc;
  }
  return cut(doc, max);
}

function render(reports: StackReport[], detail: Detail): string {
  const summary = summarize(reports);
  const icon = summary.mandatory ? "❌" : summary.advisory ? "⚠️" : "✅";
  const where =
    summary.mandatory + summary.advisory === 0 || summary.stacks === 1
      ? `in ${plural(summary.stacks, "stack")}`
      : `in ${summary.stacksWithFindings} of ${summary.stacks} stacks`;
  const out: string[] = [COMMENT_MARKER, `## ${icon} gpu-breakeven: ${findingsPhrase(summary.mandatory, summary.advisory)} ${where}`, ""];

  const intro = [`**Workloads:** ${verdictsPhrase(summary.verdicts)}.`];
  if (summary.evaluated > 0) {
    intro.push(
      `Fleets evaluated: ${esc(usd(summary.fleetUsd))}/month in fixed cost; the managed APIs would charge ` +
        `${esc(usd(summary.managedUsd))}/month for the same declared volumes.`,
    );
  }
  if (summary.mandatory) intro.push("A mandatory finding fails `pulumi preview`; advisory ones are warnings.");
  else if (summary.advisory) intro.push("Advisory findings are warnings: the preview passes.");
  out.push(intro.join(" "), "");

  // Charts and cost details go to the most severe workloads first, across all stacks.
  const ranked = bySeverity(reports.flatMap((r) => r.workloads.filter((w) => w.verdict !== undefined)));
  const charted = new Set(ranked.slice(0, detail.charts));
  const detailed = new Set(ranked.slice(0, detail.workloadDetails));
  const budget = { fullMessages: detail.fullMessages };

  // One assumptions block when every stack ran with the same assumptions and catalog, else one per stack.
  const settings = new Set(reports.map(settingsLine));
  const shared = settings.size === 1 ? [...settings][0] : undefined;
  reports.forEach((report, i) => {
    if (i < detail.stackSections) out.push(...stackSection(report, detail, charted, detailed, budget, shared === undefined));
    else out.push(stackLine(report));
  });
  if (reports.length > detail.stackSections) out.push("");
  if (shared !== undefined) out.push(...assumptionsBlock(shared));

  const levels = new Set(reports.map((r) => r.levelsFrom));
  const levelNote = levels.has("policy-defaults")
    ? "Levels are the policies' defaults: render with `--policy-pack-config` to apply your organisation's."
    : "Levels as the policy config sets them.";
  const disabled = summary.disabled ? ` ${plural(summary.disabled, "finding")} of disabled policies not shown.` : "";
  out.push(
    "---",
    `<sub>gpu-breakeven: self-hosted GPU fleets against managed LLM APIs at the declared token volumes. ${levelNote}${disabled} ` +
      "This comment is updated on every push; every figure is in the JSON report.</sub>",
    "",
  );
  return out.join("\n");
}

function stackSection(
  report: StackReport,
  detail: Detail,
  charted: Set<WorkloadReport>,
  detailed: Set<WorkloadReport>,
  budget: { fullMessages: number },
  withAssumptions: boolean,
): string[] {
  const counts = countLevels(allFindings(report));
  const out = [`### ${levelIcon(counts)} Stack ${code(report.stack)} · project ${code(report.project)}: ${findingsPhrase(counts.mandatory, counts.advisory)}`, ""];
  const s = report.assumptions.stressUtilization;
  const workloads = bySeverity(report.workloads);

  if (workloads.length === 0) {
    out.push("No workload is declared (or none is valid): nothing to compare.", "");
  } else {
    out.push(
      `| workload | verdict | fleet F / month | managed at V | managed at ${num(s, 4)}·V | break-even V* | utilization at V |`,
      "|:--|:--|--:|--:|--:|--:|--:|",
    );
    for (const w of workloads.slice(0, detail.rowsPerStack)) out.push(row(w));
    const hidden = workloads.slice(detail.rowsPerStack);
    if (hidden.length) {
      const tally = summarize([{ ...report, workloads: hidden, findings: [] }]).verdicts;
      out.push("", `… and ${plural(hidden.length, "more workload")} (${verdictsPhrase(tally, ", ")}): see the JSON report.`);
    }
    out.push("");
  }

  for (const w of workloads) {
    if (!charted.has(w) && !detailed.has(w)) continue;
    out.push(...workloadSection(w, charted.has(w), detailed.has(w)));
  }

  out.push(...findingsSection(report, detail, budget));
  if (withAssumptions) out.push(...assumptionsBlock(settingsLine(report)));
  return out;
}

function assumptionsBlock(line: string): string[] {
  return ["<details><summary>Assumptions and catalog</summary>", "", line, "", "</details>", ""];
}

/** The catalog date and every assumption in force, on one line. */
function settingsLine(report: StackReport): string {
  return `Catalog as of ${esc(report.catalogAsOf)}. ` + assumptionsLine(report.assumptions);
}

function row(w: WorkloadReport): string {
  const cells = [
    code(w.name, 60, true),
    verdictCell(w),
    w.fixedMonthlyUsd === undefined ? "—" : esc(usd(w.fixedMonthlyUsd)),
    w.managedAtVolumeUsd === undefined ? "—" : esc(usd(w.managedAtVolumeUsd)),
    w.managedAtStressUsd === undefined ? "—" : esc(usd(w.managedAtStressUsd)),
    breakEvenCell(w),
    w.utilization === undefined ? "—" : percent(w.utilization),
  ];
  return `| ${cells.join(" | ")} |`;
}

function verdictCell(w: WorkloadReport): string {
  switch (verdictKey(w)) {
    case "fails":
      return "❌ fails";
    case "fragile":
      return "⚠️ fragile";
    case "robust":
      return "✅ robust";
    case "selfHostedOnly":
      return `🔒 ${w.verdict} (self-hosted only)`;
    case "notEvaluated":
      return "❔ not evaluated";
    case "noFleet":
      return "no GPU fleet";
  }
}

function breakEvenCell(w: WorkloadReport): string {
  if (w.breakEvenTokens === undefined) return "—";
  if (w.breakEvenTokens === null) return "none";
  const ratio = w.volumeTokens > 0 ? ` (${num(w.breakEvenTokens / w.volumeTokens, 2)}× V)` : "";
  return `${tokens(w.breakEvenTokens)}${ratio}`;
}

function workloadSection(w: WorkloadReport, withChart: boolean, withDetails: boolean): string[] {
  const against = w.managedModel ? ` against ${code(w.managedModel.id, 80)}` : "";
  const out = [`#### ${code(w.name)}: ${verdictCell(w)}${against}`, ""];
  const chart = withChart ? costChart(w) : undefined;
  if (chart) out.push("```mermaid", chart.mermaid, "```", "", esc(chart.caption), "");
  if (withDetails) {
    out.push(`<details><summary>Cost lines and fleet of ${html(truncate(w.name, 60))}</summary>`, "", "| cost line | per month |", "|:--|--:|");
    for (const line of w.costLines) out.push(`| ${esc(truncate(line.text, 300))} | ${esc(usd(line.monthlyUsd))} |`);
    if (w.fixedMonthlyUsd !== undefined) out.push(`| **fixed monthly cost F** | **${esc(usd(w.fixedMonthlyUsd))}** |`);
    out.push("");
    const V = w.volumeTokens;
    out.push(
      `- Declared volume V = ${tokens(w.monthlyInputTokens)} input + ${tokens(w.monthlyOutputTokens)} output = ${tokens(V)} tokens/month; ` +
        `s·V = ${tokens(w.stressVolumeTokens)} (s = ${num(w.stressUtilization, 4)}).`,
    );
    if (w.managedModel) {
      const m = w.managedModel;
      out.push(
        `- Managed ${code(m.id, 80)}: ${esc(unitUsd(m.inputUsdPerMillion))} in / ${esc(unitUsd(m.outputUsdPerMillion))} out per 1M tokens ` +
          `(${esc(m.source)}).`,
      );
    }
    if (w.capacityTokensPerMonth !== undefined) {
      out.push(`- Capacity ${tokens(w.capacityTokensPerMonth)} tokens/month: utilization ${w.utilization === undefined ? "—" : percent(w.utilization)} at V.`);
    }
    if (w.selfHostedUsdPerMillion !== undefined && w.selfHostedUsdPerMillion !== null) {
      out.push(`- Self-hosted cost at V: ${esc(unitUsd(Math.round(w.selfHostedUsdPerMillion * 100) / 100))} per 1M tokens.`);
    }
    const fleet = w.resources.slice(0, 10).map((r) => `${code(r.name, 60)} (${esc(resourceWhat(r))})`);
    const moreFleet = w.resources.length > 10 ? `, … and ${w.resources.length - 10} more` : "";
    if (fleet.length) out.push(`- Fleet: ${fleet.join(", ")}${moreFleet}.`);
    for (const reason of w.notEvaluated.slice(0, 5)) out.push(`- Not evaluated: ${esc(truncate(reason, 300))}`);
    out.push("", "</details>");
  }
  out.push("");
  return out;
}

function resourceWhat(r: WorkloadReport["resources"][number]): string {
  const count = r.count !== undefined && r.count !== 1 ? `${num(r.count)} × ` : "";
  const where = r.availabilityZones?.length ? r.availabilityZones.join(", ") : r.region ?? "region unknown";
  const market = r.market && r.market !== "on-demand" ? `, ${r.market}` : "";
  return `${count}${r.instanceType}, ${where}${market}`;
}

const LEVEL_HEADINGS: Record<Exclude<ReportLevel, "disabled">, string> = { mandatory: "❌ **Mandatory**", advisory: "⚠️ **Advisory**" };

function findingsSection(report: StackReport, detail: Detail, budget: { fullMessages: number }): string[] {
  const findings = orderFindings(allFindings(report).filter((f) => f.level !== "disabled"));
  if (findings.length === 0) return ["✅ No findings.", ""];
  const out: string[] = [];
  for (const level of ["mandatory", "advisory"] as const) {
    const at = findings.filter((f) => f.level === level);
    if (at.length === 0) continue;
    out.push(`${LEVEL_HEADINGS[level]} (${at.length})`, "");
    for (const f of at.slice(0, detail.findingsPerLevel)) out.push(`- ${findingLine(f, detail.findingChars)}`);
    const rest = at.slice(detail.findingsPerLevel);
    if (rest.length) {
      const byPolicy = new Map<string, number>();
      for (const f of rest) byPolicy.set(f.policy, (byPolicy.get(f.policy) ?? 0) + 1);
      const which = [...byPolicy].map(([p, n]) => `${code(p)} × ${n}`).join(", ");
      out.push(`- … and ${rest.length} more ${level} ${rest.length === 1 ? "finding" : "findings"} (${which})`);
    }
    out.push("");
  }
  const full = findings.slice(0, budget.fullMessages);
  budget.fullMessages -= full.length;
  if (full.length) {
    const more = findings.length - full.length;
    out.push(`<details><summary>Whole messages, with their arithmetic${more ? ` (the first ${full.length})` : ""}</summary>`, "", "```text");
    for (const f of full) {
      out.push(`[${f.level}] ${f.policy}${f.resource ? ` (${f.resource})` : ""}`);
      for (const line of truncate(f.message, 4000).split("\n").slice(0, 40)) out.push(`  ${fenceSafe(line)}`);
    }
    out.push("```", "", "</details>", "");
  }
  return out;
}

function findingLine(f: ReportFinding, chars: number): string {
  const subject = [f.resource ? `on ${code(f.resource, 60)}` : "", f.workload ? `workload ${code(f.workload, 60)}` : ""].filter(Boolean).join(", ");
  const first = f.message.split("\n")[0];
  const judged = f.levelFrom === "not-judgeable" ? " (could not be judged during preview)" : "";
  return `${code(f.policy)}${subject ? ` ${subject}` : ""}${judged}: ${esc(truncate(first, chars))}`;
}

function stackLine(report: StackReport): string {
  const counts = countLevels(allFindings(report));
  const tally = summarize([report]).verdicts;
  return `- ${levelIcon(counts)} Stack ${code(report.stack)}: ${findingsPhrase(counts.mandatory, counts.advisory)}; workloads ${verdictsPhrase(tally, ", ")}.`;
}

function assumptionsLine(a: StackReport["assumptions"]): string {
  const parts: string[] = [];
  for (const [key, value] of Object.entries(a)) {
    if (value === undefined) continue;
    if (value !== null && typeof value === "object") {
      if (Object.keys(value).length > 0) parts.push(`${key} ${esc(truncate(JSON.stringify(value), 200))}`);
      continue;
    }
    parts.push(`${key} ${esc(truncate(String(value), 80))}`);
  }
  return parts.join(" · ") + ".";
}

function levelIcon(counts: Record<ReportLevel, number>): string {
  return counts.mandatory ? "❌" : counts.advisory ? "⚠️" : "✅";
}

/**
 * Cuts a rendering that is still too long at a line boundary, closes what it left open (a code fence, <details>) and
 * says so. Only reached for pathological input: the tiers above fit hundreds of stacks.
 */
function cut(doc: string, max: number): string {
  const note = "\n\n_… cut to stay under GitHub's comment limit: the JSON reports hold every workload and finding._\n";
  let text = doc.slice(0, Math.max(0, max - note.length - 64));
  text = text.slice(0, Math.max(text.lastIndexOf("\n"), COMMENT_MARKER.length));
  let closers = "";
  if ((text.match(/^```/gm)?.length ?? 0) % 2 === 1) closers += "\n```";
  const open = (text.match(/<details>/g)?.length ?? 0) - (text.match(/<\/details>/g)?.length ?? 0);
  for (let i = 0; i < open; i++) closers += "\n\n</details>";
  return text + closers + note;
}

// ---- Markdown text helpers ----

/** Prose from the report, made inert: no Markdown, HTML, math ($), mentions or issue links; one line. */
export function esc(text: string): string {
  return text
    .replace(/\r?\n/g, " ")
    .replace(/[\\`*_{}[\]<>|$~]/g, "\\$&")
    .replace(/([@#])(?=[\p{L}\p{N}])/gu, "$1\u200b");
}

/** A name in a code span: backticks and newlines cannot break out of it; pipes escaped inside tables. */
export function code(text: string, max = 80, inTable = false): string {
  let t = truncate(text.replace(/[\r\n]+/g, " ").replace(/`/g, "'"), max);
  if (inTable) t = t.replace(/\|/g, "\\|");
  return `\`${t}\``;
}

/** Text inside an HTML element (a <summary>): entities, and no math, mentions or issue links either. */
function html(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/\$/g, "&#36;")
    .replace(/[\r\n]+/g, " ")
    .replace(/([@#])(?=[\p{L}\p{N}])/gu, "$1\u200b");
}

function fenceSafe(line: string): string {
  return line.replace(/`{3,}/g, (m) => "'".repeat(m.length));
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString("en-US")} ${n === 1 ? one : many}`;
}
