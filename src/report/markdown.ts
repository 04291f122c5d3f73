import { POLICY_NAMES } from "../analysis/registry";
import { costChart } from "./chart";
import { compareReports, FindingChange, isAlreadyFailing, isNewFinding, ReportComparison, StackComparison, WorkloadChange } from "./compare";
import { num, percent, round, tokens, unitUsd, usd } from "./format";
import { allFindings, countLevels } from "./levels";
import { fencedBlock, htmlText, mdCode as code, mdLink, mdText } from "./neutralize";
import { SECRET_MARK } from "../text/redact";
import { truncate } from "../text/safe";
import type { ReportFinding, ReportLevel, StackReport, WorkloadReport } from "./schema";
import {
  alreadyFailingStacks,
  alternativePhrases,
  baseHeadline,
  bySeverity,
  changeIndex,
  changesPhrase,
  changeTotals,
  findingChangePhrase,
  findingsPhrase,
  levelIcon,
  movedStacks,
  orderChanges,
  orderFindings,
  plural,
  ReportSummary,
  residencyPhrase,
  stackChangePhrase,
  stackFindingsPhrase,
  stackSeverity,
  stacksBySeverity,
  summarize,
  unchangedStacks,
  VerdictKey,
  verdictKey,
  verdictsPhrase,
  wherePhrase,
  workloadChangeParts,
} from "./summary";

/** The hidden first line CI looks for to find, and update, its own pull-request comment. */
export const COMMENT_MARKER = "<!-- gpu-breakeven:pull-request-comment -->";

/** GitHub takes 65,536 characters in a comment; pulumi/actions trims at 64,000. The comment never exceeds this. */
export const MAX_COMMENT_CHARS = 60_000;

export interface MarkdownOptions {
  /** The ceiling (default 60,000 characters). */
  maxChars?: number;
  /** The base branch's reports: the comment opens with what the head changes against them. */
  base?: StackReport[];
  /**
   * Where the policies' documentation lives: a finding links to `<docsUrl>/docs/policies.md#<policy>`. Without it, the
   * link is relative: `docs/policies.md#<policy>`.
   */
  docsUrl?: string;
  /** The CI run that rendered the comment, linked from its footer. */
  runUrl?: string;
}

/**
 * How a stack's section is drawn: in full, briefly (table and finding lines), as lines of the digest (its mandatory
 * findings, one line each, under one heading for all failing stacks), or not at all (its overview row stays).
 */
type SectionMode = "full" | "brief" | "digest" | "none";

/** How much detail a rendering carries; the comment drops detail, tier by tier, until it fits. */
interface Detail {
  /** Workloads (most severe first, over all stacks) that get a chart. */
  charts: number;
  /** Workloads that get their cost lines in a <details>. */
  workloadDetails: number;
  /** Whole finding messages shown (in <details>), over all stacks, most severe stacks first. */
  fullMessages: number;
  /** Workload table rows per stack section. */
  rowsPerStack: number;
  /** Advisory findings listed per stack (mandatory ones are all listed). */
  advisoryPerStack: number;
  /** Characters of a finding's first line; 0: the finding's policy and subject only. */
  findingChars: number;
  /** Characters of a name in a code span. */
  nameChars: number;
  /** The section of a stack with a mandatory finding, with advisory findings only, and with none. */
  sections: Record<0 | 1 | 2, SectionMode>;
  /** Overview rows of failing stacks, and of the others. */
  overviewFailingRows: number;
  overviewPassingRows: number;
  /** Change lines (workloads, findings) per stack in the change summary, besides the new mandatory findings. */
  changeLines: number;
  /** Whether the change summary lists each new mandatory finding (else it counts them: they are marked 🆕 below). */
  listNewMandatory: boolean;
  /** Stacks with a new mandatory finding that get their own entry in the change summary; the rest share one line. */
  newMandatoryStacks: number;
  /** Changed stacks without a new mandatory finding that the change summary lists. */
  changedStacks: number;
  /** Unchanged stacks named in the change summary. */
  unchangedNames: number;
}

const ALL = Number.MAX_SAFE_INTEGER;
// Passing stacks shrink first (clean, then advisory-only), then the failing stacks' charts, details and advisory findings;
// a failing stack's mandatory findings are listed in every tier.
const TIERS: Detail[] = [
  {
    charts: 20, workloadDetails: 60, fullMessages: 40, rowsPerStack: 200, advisoryPerStack: 20, findingChars: 400, nameChars: 80,
    sections: { 0: "full", 1: "full", 2: "full" }, overviewFailingRows: ALL, overviewPassingRows: ALL,
    changeLines: 50, listNewMandatory: true, newMandatoryStacks: ALL, changedStacks: ALL, unchangedNames: ALL,
  },
  {
    charts: 8, workloadDetails: 20, fullMessages: 10, rowsPerStack: 100, advisoryPerStack: 10, findingChars: 300, nameChars: 80,
    sections: { 0: "full", 1: "full", 2: "none" }, overviewFailingRows: ALL, overviewPassingRows: ALL,
    changeLines: 20, listNewMandatory: true, newMandatoryStacks: ALL, changedStacks: ALL, unchangedNames: 200,
  },
  {
    charts: 3, workloadDetails: 3, fullMessages: 3, rowsPerStack: 40, advisoryPerStack: 5, findingChars: 200, nameChars: 60,
    sections: { 0: "full", 1: "brief", 2: "none" }, overviewFailingRows: ALL, overviewPassingRows: ALL,
    changeLines: 10, listNewMandatory: true, newMandatoryStacks: ALL, changedStacks: 50, unchangedNames: 100,
  },
  {
    charts: 0, workloadDetails: 0, fullMessages: 0, rowsPerStack: 15, advisoryPerStack: 3, findingChars: 160, nameChars: 60,
    sections: { 0: "brief", 1: "brief", 2: "none" }, overviewFailingRows: ALL, overviewPassingRows: 200,
    changeLines: 5, listNewMandatory: true, newMandatoryStacks: 100, changedStacks: 30, unchangedNames: 50,
  },
  {
    charts: 0, workloadDetails: 0, fullMessages: 0, rowsPerStack: 5, advisoryPerStack: 1, findingChars: 120, nameChars: 40,
    sections: { 0: "brief", 1: "none", 2: "none" }, overviewFailingRows: ALL, overviewPassingRows: 50,
    changeLines: 3, listNewMandatory: true, newMandatoryStacks: 50, changedStacks: 10, unchangedNames: 20,
  },
  {
    charts: 0, workloadDetails: 0, fullMessages: 0, rowsPerStack: 0, advisoryPerStack: 0, findingChars: 80, nameChars: 30,
    sections: { 0: "brief", 1: "none", 2: "none" }, overviewFailingRows: 200, overviewPassingRows: 10,
    changeLines: 0, listNewMandatory: false, newMandatoryStacks: 20, changedStacks: 5, unchangedNames: 10,
  },
  // The digest: every failing stack's mandatory findings, one line each under one heading; first with their messages.
  {
    charts: 0, workloadDetails: 0, fullMessages: 0, rowsPerStack: 0, advisoryPerStack: 0, findingChars: 100, nameChars: 30,
    sections: { 0: "digest", 1: "none", 2: "none" }, overviewFailingRows: 100, overviewPassingRows: 10,
    changeLines: 0, listNewMandatory: false, newMandatoryStacks: 20, changedStacks: 5, unchangedNames: 10,
  },
  // then by policy and subject only, little else.
  {
    charts: 0, workloadDetails: 0, fullMessages: 0, rowsPerStack: 0, advisoryPerStack: 0, findingChars: 0, nameChars: 24,
    sections: { 0: "digest", 1: "none", 2: "none" }, overviewFailingRows: 30, overviewPassingRows: 0,
    changeLines: 0, listNewMandatory: false, newMandatoryStacks: 0, changedStacks: 0, unchangedNames: 0,
  },
];

/** What every tier's rendering shares: the reports in severity order, the comparison, the links. */
interface Context {
  /** The head's reports, worst first. */
  reports: StackReport[];
  summary: ReportSummary;
  comparison?: ReportComparison;
  /** Each head report's comparison with its base. */
  stackChange: Map<StackReport, StackComparison>;
  /** Each head finding's change. */
  findingChange: Map<ReportFinding, FindingChange>;
  docsUrl?: string;
  runUrl?: string;
  /** The settings line when every stack shares it (one assumptions block at the end). */
  sharedSettings?: string;
  /** Each report's shown findings in listing order (sorted once, not once per tier). */
  ordered: Map<StackReport, ReportFinding[]>;
}

/**
 * The pull-request comment for one or more stack reports: a hidden marker and a headline; with `base`, what the head
 * changes against it; a table of every stack, worst first; then per stack, in that order, a table of its workloads, a
 * chart per workload, the cost lines and assumptions in <details>, and the findings grouped by level, each linked to
 * its policy's documentation. Everything a report holds is neutralised (./neutralize.ts). Never longer than
 * `maxChars` (default 60,000), whatever the input: detail is dropped first, passing stacks before failing ones, then
 * the text is cut.
 */
export function markdownReport(reports: StackReport[], options: MarkdownOptions = {}): string {
  const max = options.maxChars ?? MAX_COMMENT_CHARS;
  const ctx = context(reports, options);
  let doc = "";
  for (const tier of TIERS) {
    doc = render(ctx, tier);
    if (doc.length <= max) return doc;
  }
  return cut(doc, max);
}

function context(reports: StackReport[], options: MarkdownOptions): Context {
  const comparison = options.base ? compareReports(options.base, reports) : undefined;
  const { stackChange, findingChange } = changeIndex(comparison);
  const settings = new Set(reports.map(settingsLine));
  return {
    reports: stacksBySeverity(reports),
    summary: summarize(reports),
    comparison,
    stackChange,
    findingChange,
    docsUrl: options.docsUrl,
    runUrl: options.runUrl,
    sharedSettings: settings.size === 1 ? [...settings][0] : undefined,
    ordered: new Map(reports.map((r) => [r, orderFindings(allFindings(r).filter((f) => f.level !== "disabled"))])),
  };
}

function render(ctx: Context, detail: Detail): string {
  const { summary } = ctx;
  const out: string[] = [COMMENT_MARKER, `## ${headline(ctx)}`, "", intro(ctx), ""];
  if (ctx.comparison) out.push(...changesBlock(ctx, ctx.comparison, detail));
  out.push(...overview(ctx, detail));

  // Charts and cost details go to the most severe workloads first, over the stacks drawn in full (worst stacks first).
  const modes = new Map(ctx.reports.map((r) => [r, sectionMode(ctx, r, detail)]));
  const full = ctx.reports.filter((r) => modes.get(r) === "full");
  const ranked = bySeverity(full.flatMap((r) => r.workloads.filter((w) => w.verdict !== undefined)));
  const charted = new Set(ranked.slice(0, detail.charts));
  const detailed = new Set(ranked.slice(0, detail.workloadDetails));
  const budget = { fullMessages: detail.fullMessages };
  for (const report of ctx.reports) {
    const mode = modes.get(report)!;
    if (mode === "full" || mode === "brief") out.push(...stackSection(ctx, report, mode, detail, charted, detailed, budget));
  }
  const digest = ctx.reports.filter((r) => modes.get(r) === "digest");
  if (digest.length) {
    out.push(`### ❌ The mandatory findings of ${plural(digest.length, "failing stack")}`, "");
    for (const r of digest) {
      for (const f of ctx.ordered.get(r)!.filter((f) => f.level === "mandatory")) out.push(`- ${code(r.stack, detail.nameChars)}: ${findingLine(ctx, f, detail, true)}`);
    }
    out.push("", "_Their workloads and advisory findings, and the other stacks' findings, are in the JSON reports._", "");
  }
  const skipped = ctx.reports.filter((r) => modes.get(r) === "none" && stackSeverity(r) < 2);
  if (skipped.length) {
    const findings = skipped.reduce((n, r) => n + countLevels(allFindings(r)).advisory, 0);
    out.push(
      `_The ${plural(findings, "advisory finding")} of ${plural(skipped.length, "passing stack")} ${findings === 1 ? "is" : "are"} not listed, ` +
        "to stay under GitHub's comment limit: the overview counts them, the JSON reports hold them._",
      "",
    );
  }
  if (ctx.sharedSettings !== undefined && detail.rowsPerStack > 0) out.push(...assumptionsBlock(ctx.sharedSettings));

  const levels = new Set(ctx.reports.map((r) => r.levelsFrom));
  const levelNote = levels.has("policy-defaults")
    ? "Levels are the policies' defaults: render with `--policy-pack-config` to apply your organisation's."
    : "Levels as the policy config sets them.";
  const disabled = summary.disabled ? ` ${plural(summary.disabled, "finding")} of disabled policies not shown.` : "";
  const run = ctx.runUrl ? ` ${mdLink("The workflow run", ctx.runUrl)}.` : "";
  out.push(
    "---",
    `<sub>gpu-breakeven: self-hosted GPU fleets against managed LLM APIs at the declared token volumes. ${levelNote}${disabled} ` +
      `This comment is updated on every push; every figure is in the JSON report.${run}</sub>`,
    "",
  );
  return out.join("\n");
}

// ---- Headline and introduction ----

function headline(ctx: Context): string {
  const { summary, comparison } = ctx;
  if (comparison) {
    const { icon, text } = baseHeadline(summary, comparison);
    return `${icon} gpu-breakeven: ${text}`;
  }
  return `${levelIcon(summary)} gpu-breakeven: ${findingsPhrase(summary.mandatory, summary.advisory)} ${wherePhrase(summary)}`;
}

function intro(ctx: Context): string {
  const { summary, comparison } = ctx;
  const parts: string[] = [];
  if (comparison) {
    parts.push(`**Against the base branch:** ${changeTotals(comparison)}.`);
    parts.push(`**Now:** ${findingsPhrase(summary.mandatory, summary.advisory)} ${wherePhrase(summary)}.`);
  }
  parts.push(`**Workloads:** ${verdictsPhrase(summary.verdicts)}.`);
  if (summary.evaluated > 0) {
    parts.push(
      `Fleets evaluated: ${mdText(usd(summary.fleetUsd))}/month in fixed cost; the managed APIs would charge ` +
        `${mdText(usd(summary.managedUsd))}/month for the same declared volumes.`,
    );
  }
  if (summary.mandatory) parts.push("A mandatory finding fails `pulumi preview`; advisory ones are warnings.");
  else if (summary.advisory) parts.push("Advisory findings are warnings: the preview passes.");
  return parts.join(" ");
}

// ---- What changed against the base branch ----

function changesBlock(ctx: Context, comparison: ReportComparison, detail: Detail): string[] {
  const out = ["### Changes against the base branch", ""];
  const moved = movedStacks(comparison);
  let listed = 0;
  let listedFailing = 0;
  const notListed: StackComparison[] = [];
  const failingNotListed: StackComparison[] = [];
  for (const s of moved) {
    if (s.counts.newMandatory > 0 && listedFailing++ >= detail.newMandatoryStacks) {
      failingNotListed.push(s);
      continue;
    }
    if (s.counts.newMandatory === 0 && listed++ >= detail.changedStacks) {
      notListed.push(s);
      continue;
    }
    out.push(...stackChangeLines(ctx, s, detail));
  }
  if (failingNotListed.length) {
    const names = failingNotListed.slice(0, 10).map((s) => code(s.stack, detail.nameChars));
    const more = failingNotListed.length > names.length ? `, … and ${failingNotListed.length - names.length} more` : "";
    const total = failingNotListed.reduce((n, s) => n + s.counts.newMandatory, 0);
    const other = failingNotListed.length < moved.filter((s) => s.counts.newMandatory > 0).length ? "more " : "";
    out.push(`- ❌ ${plural(total, "new mandatory finding")} in ${plural(failingNotListed.length, `${other}stack`)}, marked 🆕 below: ${names.join(", ")}${more}.`);
  }
  if (notListed.length) out.push(`- … and ${plural(notListed.length, "more changed stack")}, none with a new mandatory finding: see the overview.`);
  if (moved.length === 0) out.push("- Nothing changed: every stack reports what it reports on the base branch.");

  const already = alreadyFailingStacks(comparison);
  if (already.length) {
    const names = already.slice(0, Math.max(detail.unchangedNames, 10)).map((s) => `${code(s.stack, detail.nameChars)} (${s.counts.alreadyMandatory} mandatory)`);
    const more = already.length > names.length ? `, … and ${already.length - names.length} more` : "";
    out.push(`- ❌ Already failing on the base branch, not introduced by this pull request: ${names.join(", ")}${more}.`);
  }
  const unchanged = unchangedStacks(comparison);
  if (unchanged.length) {
    const names = unchanged.slice(0, detail.unchangedNames).map((s) => code(s.stack, detail.nameChars));
    const more = unchanged.length > names.length ? `, … and ${unchanged.length - names.length} more` : "";
    out.push(names.length ? `- Unchanged (${unchanged.length}): ${names.join(", ")}${more}.` : `- Unchanged: ${plural(unchanged.length, "stack")}.`);
  }
  out.push("");
  return out;
}

function stackChangeLines(ctx: Context, s: StackComparison, detail: Detail): string[] {
  const name = `${code(s.stack, detail.nameChars)} · project ${code(s.project, detail.nameChars)}`;
  if (s.status === "removed") return [`- 🗑️ Removed stack ${name} (it had ${stackFindingsPhrase(s.base!)}).`];
  const icon = s.counts.newMandatory ? "❌" : s.counts.newAdvisory ? "⚠️" : s.status === "new" ? "🆕" : "🔄";
  const what = `${s.status === "new" ? "new stack: " : ""}${stackChangePhrase(s)}`;
  const out = [`- ${icon} Stack ${name}: ${what}.`];
  const introduced = s.findings.filter((f) => f.introducesMandatory);
  if (detail.listNewMandatory) {
    for (const f of orderChanges(introduced)) out.push(`  - 🆕 ${findingLine(ctx, f.head!, detail, false)}`);
  } else if (introduced.length) {
    out.push(`  - ${plural(introduced.length, "new mandatory finding")}, marked 🆕 below.`);
  }
  const rest: string[] = [];
  if (s.status === "changed") {
    for (const w of s.workloads) if (w.status !== "unchanged") rest.push(workloadChangeLine(w, detail));
  }
  for (const f of orderChanges(s.findings.filter((f) => f.status === "added" && !f.introducesMandatory))) {
    rest.push(`🆕 ${findingLine(ctx, f.head!, detail, false)}`);
  }
  for (const f of orderChanges(s.findings.filter((f) => f.status === "removed"))) {
    rest.push(`✅ resolved: ${findingLevelIcon(f.base!.level)} ${findingSubject(ctx, f.base!, detail)}`);
  }
  for (const f of orderChanges(s.findings.filter((f) => f.status === "changed" && !f.introducesMandatory))) {
    rest.push(`✏️ ${findingLevelIcon(f.head!.level)} ${findingSubject(ctx, f.head!, detail)}: ${findingChangePhrase(f)}`);
  }
  for (const line of rest.slice(0, detail.changeLines)) out.push(`  - ${line}`);
  if (rest.length > detail.changeLines && detail.changeLines > 0) out.push(`  - … and ${plural(rest.length - detail.changeLines, "more change")}: see the JSON reports.`);
  return out;
}

const VERDICT_WORDS: Record<VerdictKey, string> = {
  fails: "❌ fails",
  fragile: "⚠️ fragile",
  robust: "✅ robust",
  selfHostedOnly: "🔒 self-hosted only",
  notEvaluated: "❔ not evaluated",
  noFleet: "no GPU fleet",
};

/** "`chat`: ✅ robust → ❌ fails · fleet F +\$1,359/month (\$3,359 → \$4,717) · managed at V … · V\* 1.35B → 17.97B" */
function workloadChangeLine(w: WorkloadChange, detail: Detail): string {
  const name = code(w.name, detail.nameChars);
  if (w.status === "added") {
    const h = w.head!;
    const cost = h.fixedMonthlyUsd === undefined ? "" : `, fleet F ${mdText(usd(h.fixedMonthlyUsd))}/month`;
    return `workload ${name} added: ${VERDICT_WORDS[verdictKey(h)]}${cost}`;
  }
  if (w.status === "removed") {
    const b = w.base!;
    const cost = b.fixedMonthlyUsd === undefined ? "" : `, fleet F ${mdText(usd(b.fixedMonthlyUsd))}/month`;
    return `workload ${name} removed (it was ${VERDICT_WORDS[verdictKey(b)]}${cost})`;
  }
  return `${name}: ${workloadChangeParts(w, VERDICT_WORDS).map((p) => mdText(p)).join(" · ")}`;
}

// ---- The overview: every stack, worst first ----

function overview(ctx: Context, detail: Detail): string[] {
  const withBase = ctx.comparison !== undefined;
  const out = [
    `| stack | project | findings | workloads | fleet F / month | managed at V |${withBase ? " against the base |" : ""}`,
    `|:--|:--|:--|:--|--:|--:|${withBase ? ":--|" : ""}`,
  ];
  let failing = 0;
  let passing = 0;
  const hidden = { 0: 0, 1: 0, 2: 0 };
  for (const r of ctx.reports) {
    const severity = stackSeverity(r);
    if (severity === 0 ? failing++ >= detail.overviewFailingRows : passing++ >= detail.overviewPassingRows) {
      hidden[severity]++;
      continue;
    }
    const counts = countLevels(allFindings(r));
    const s = summarize([r]);
    const cells = [
      `${levelIcon(counts)} ${code(r.stack, detail.nameChars, true)}`,
      code(r.project, detail.nameChars, true),
      counts.mandatory + counts.advisory === 0 ? "none" : [counts.mandatory ? `${counts.mandatory} mandatory` : "", counts.advisory ? `${counts.advisory} advisory` : ""].filter(Boolean).join(", "),
      verdictsPhrase(s.verdicts, ", "),
      s.evaluated ? mdText(usd(s.fleetUsd)) : "—",
      s.evaluated ? mdText(usd(s.managedUsd)) : "—",
    ];
    if (withBase) cells.push(changeCell(ctx.stackChange.get(r)));
    out.push(`| ${cells.join(" | ")} |`);
  }
  const hiddenTotal = hidden[0] + hidden[1] + hidden[2];
  if (hiddenTotal) {
    const kinds = [
      hidden[0] ? `${hidden[0]} failing` : "",
      hidden[1] ? `${hidden[1]} with advisory findings only` : "",
      hidden[2] ? `${hidden[2]} without findings` : "",
    ].filter(Boolean);
    out.push("", `… and ${plural(hiddenTotal, "more stack")} (${kinds.join(", ")}): see the JSON reports.`);
  }
  out.push("");
  return out;
}

function changeCell(s: StackComparison | undefined): string {
  if (!s) return "—";
  if (s.status === "new") return "🆕 new stack";
  if (s.status === "unchanged") return "unchanged";
  return changesPhrase(s.counts) ?? "figures changed";
}

// ---- One stack ----

function sectionMode(ctx: Context, report: StackReport, detail: Detail): SectionMode {
  const severity = stackSeverity(report);
  // Against a base, a clean stack that did not change is all said by its overview row and the "Unchanged" line.
  if (severity === 2 && ctx.stackChange.get(report)?.status === "unchanged") return "none";
  return detail.sections[severity];
}

function stackSection(
  ctx: Context,
  report: StackReport,
  mode: SectionMode,
  detail: Detail,
  charted: Set<WorkloadReport>,
  detailed: Set<WorkloadReport>,
  budget: { fullMessages: number },
): string[] {
  const counts = countLevels(allFindings(report));
  const isNew = ctx.stackChange.get(report)?.status === "new" ? " · new stack" : "";
  const out = [
    `### ${levelIcon(counts)} Stack ${code(report.stack, detail.nameChars)} · project ${code(report.project, detail.nameChars)}: ` +
      `${findingsPhrase(counts.mandatory, counts.advisory)}${isNew}`,
    "",
  ];
  const s = report.assumptions.stressUtilization;
  const workloads = bySeverity(report.workloads);

  if (workloads.length === 0) {
    out.push("No workload is declared (or none is valid): nothing to compare.", "");
  } else if (detail.rowsPerStack > 0) {
    out.push(
      `| workload | verdict | fleet F / month | managed at V | managed at ${num(s, 4)}·V | break-even V* | utilization at V |`,
      "|:--|:--|--:|--:|--:|--:|--:|",
    );
    for (const w of workloads.slice(0, detail.rowsPerStack)) out.push(row(w, detail));
    const hidden = workloads.slice(detail.rowsPerStack);
    if (hidden.length) {
      const tally = summarize([{ ...report, workloads: hidden, findings: [] }]).verdicts;
      out.push("", `… and ${plural(hidden.length, "more workload")} (${verdictsPhrase(tally, ", ")}): see the JSON report.`);
    }
    out.push("");
  }

  if (mode === "full") {
    for (const w of workloads) {
      if (!charted.has(w) && !detailed.has(w)) continue;
      out.push(...workloadSection(w, charted.has(w), detailed.has(w)));
    }
  }

  out.push(...findingsSection(ctx, report, mode, detail, budget));
  if (ctx.sharedSettings === undefined && mode === "full") out.push(...assumptionsBlock(settingsLine(report)));
  return out;
}

function assumptionsBlock(line: string): string[] {
  return ["<details><summary>Assumptions and catalog</summary>", "", line, "", "</details>", ""];
}

/** The catalog date and every assumption in force, on one line. */
function settingsLine(report: StackReport): string {
  return `Catalog as of ${mdText(report.catalogAsOf, 40)}. ` + assumptionsLine(report.assumptions);
}

function row(w: WorkloadReport, detail: Detail): string {
  const cells = [
    code(w.name, Math.min(60, detail.nameChars), true),
    verdictCell(w),
    w.fixedMonthlyUsd === undefined ? "—" : mdText(usd(w.fixedMonthlyUsd)),
    w.managedAtVolumeUsd === undefined ? "—" : mdText(usd(w.managedAtVolumeUsd)),
    w.managedAtStressUsd === undefined ? "—" : mdText(usd(w.managedAtStressUsd)),
    breakEvenCell(w),
    w.utilization === undefined ? "—" : percent(w.utilization),
  ];
  return `| ${cells.join(" | ")} |`;
}

function verdictCell(w: WorkloadReport): string {
  const key = verdictKey(w);
  return key === "selfHostedOnly" ? `🔒 ${w.verdict} (self-hosted only)` : VERDICT_WORDS[key];
}

function breakEvenCell(w: WorkloadReport): string {
  if (w.breakEvenTokens === undefined) return "—";
  if (w.breakEvenTokens === null) return "none";
  // V* ÷ V: with a secret V, from the chart's points (its breakEvenRatio), else not stated.
  const V = w.volumeTokens;
  const times = typeof V === "number" ? (V > 0 ? w.breakEvenTokens / V : undefined) : w.chart?.breakEvenRatio;
  const ratio = times !== undefined ? ` (${num(times, 2)}× V)` : "";
  return `${tokens(w.breakEvenTokens)}${ratio}`;
}

function workloadSection(w: WorkloadReport, withChart: boolean, withDetails: boolean): string[] {
  const against = w.managedModel ? ` against ${code(w.managedModel.id, 80)}` : "";
  const out = [`#### ${code(w.name)}: ${verdictCell(w)}${against}`, ""];
  const chart = withChart ? costChart(w) : undefined;
  if (chart) out.push(...fencedBlock(chart.mermaid.split("\n"), "mermaid"), "", mdText(chart.caption), "");
  if (withDetails) {
    out.push(`<details><summary>Cost lines and fleet of ${htmlText(w.name, 60)}</summary>`, "", "| cost line | per month |", "|:--|--:|");
    for (const line of w.costLines) out.push(`| ${mdText(line.text, 300)} | ${mdText(usd(line.monthlyUsd))} |`);
    if (w.fixedMonthlyUsd !== undefined) out.push(`| **fixed monthly cost F** | **${mdText(usd(w.fixedMonthlyUsd))}** |`);
    out.push("");
    // A secret declaration's figures are "[secret]" in the report.
    const figure = (n: number | string) => (typeof n === "number" ? tokens(n) : mdText(SECRET_MARK));
    out.push(
      `- Declared volume V = ${figure(w.monthlyInputTokens)} input + ${figure(w.monthlyOutputTokens)} output = ${figure(w.volumeTokens)} tokens/month; ` +
        `s·V = ${figure(w.stressVolumeTokens)} (s = ${num(w.stressUtilization, 4)}).`,
    );
    if (w.managedModel) {
      const m = w.managedModel;
      out.push(
        `- Managed ${code(m.id, 80)}: ${mdText(unitUsd(m.inputUsdPerMillion))} in / ${mdText(unitUsd(m.outputUsdPerMillion))} out per 1M tokens ` +
          `(${mdText(m.source, 200)}).`,
      );
    }
    const residency = residencyPhrase(w);
    if (residency) out.push(`- ${mdText(residency, 600)}`);
    const alternatives = alternativePhrases(w, (id) => code(id, 80), (price) => mdText(price, 200));
    if (alternatives.length) out.push(`- Also at V: ${alternatives.join("; ")} a month.`);
    if (w.capacityTokensPerMonth !== undefined) {
      out.push(`- Capacity ${tokens(w.capacityTokensPerMonth)} tokens/month: utilization ${w.utilization === undefined ? "—" : percent(w.utilization)} at V.`);
    }
    if (w.selfHostedUsdPerMillion !== undefined && w.selfHostedUsdPerMillion !== null) {
      out.push(`- Self-hosted cost at V: ${mdText(unitUsd(round(w.selfHostedUsdPerMillion, 2)))} per 1M tokens.`);
    }
    const fleet = w.resources.slice(0, 10).map((r) => `${code(r.name, 60)} (${mdText(resourceWhat(r), 200)})`);
    const moreFleet = w.resources.length > 10 ? `, … and ${w.resources.length - 10} more` : "";
    if (fleet.length) out.push(`- Fleet: ${fleet.join(", ")}${moreFleet}.`);
    for (const reason of w.notEvaluated.slice(0, 5)) out.push(`- Not evaluated: ${mdText(reason, 300)}`);
    out.push("", "</details>");
  }
  out.push("");
  return out;
}

function resourceWhat(r: WorkloadReport["resources"][number]): string {
  const count = r.count === SECRET_MARK ? `${SECRET_MARK} × ` : r.count !== undefined && r.count !== 1 ? `${num(r.count)} × ` : "";
  const where = r.availabilityZones?.length ? r.availabilityZones.join(", ") : r.region ?? "region unknown";
  const market = r.market && r.market !== "on-demand" ? `, ${r.market}` : "";
  return `${count}${r.instanceType}, ${where}${market}`;
}

const LEVEL_HEADINGS: Record<Exclude<ReportLevel, "disabled">, string> = { mandatory: "❌ **Mandatory**", advisory: "⚠️ **Advisory**" };

function findingsSection(ctx: Context, report: StackReport, mode: SectionMode, detail: Detail, budget: { fullMessages: number }): string[] {
  const findings = ctx.ordered.get(report)!;
  if (findings.length === 0) return ["✅ No findings.", ""];
  const out: string[] = [];
  for (const level of ["mandatory", "advisory"] as const) {
    const at = findings.filter((f) => f.level === level);
    if (at.length === 0) continue;
    // A failing stack's mandatory findings are all listed, in every tier.
    const listed = level === "mandatory" ? at.length : detail.advisoryPerStack;
    if (listed === 0) {
      out.push(`${LEVEL_HEADINGS[level]} (${at.length}): not listed, to stay under GitHub's comment limit; see the JSON report.`, "");
      continue;
    }
    out.push(`${LEVEL_HEADINGS[level]} (${at.length})`, "");
    for (const f of at.slice(0, listed)) out.push(`- ${findingLine(ctx, f, detail, true)}`);
    const rest = at.slice(listed);
    if (rest.length) {
      const byPolicy = new Map<string, number>();
      for (const f of rest) byPolicy.set(f.policy, (byPolicy.get(f.policy) ?? 0) + 1);
      const which = [...byPolicy].slice(0, 10).map(([p, n]) => `${code(p, 40)} × ${n}`).join(", ");
      out.push(`- … and ${rest.length} more ${level} ${rest.length === 1 ? "finding" : "findings"} (${which})`);
    }
    out.push("");
  }
  const full = mode === "full" ? findings.slice(0, Math.max(0, budget.fullMessages)) : [];
  budget.fullMessages -= full.length;
  if (full.length) {
    const more = findings.length - full.length;
    const lines: string[] = [];
    for (const f of full) {
      lines.push(`[${f.level}] ${truncate(f.policy, 80)}${f.resource ? ` (${truncate(f.resource, 200)})` : ""}`);
      for (const line of truncate(f.message, 4000).split("\n").slice(0, 40)) lines.push(`  ${line}`);
    }
    out.push(`<details><summary>Whole messages, with their arithmetic${more ? ` (the first ${full.length})` : ""}</summary>`, "", ...fencedBlock(lines), "", "</details>", "");
  }
  return out;
}

/** "[`policy`](docs) on `resource`, workload `w`: first line of the message", tagged against the base branch. */
function findingLine(ctx: Context, f: ReportFinding, detail: Detail, tagged: boolean): string {
  const change = ctx.findingChange.get(f);
  const isNew = tagged && change !== undefined && isNewFinding(change);
  const already = tagged && change !== undefined && isAlreadyFailing(change);
  const judged = f.levelFrom === "not-judgeable" ? " (could not be judged during preview)" : "";
  const message = detail.findingChars > 0 ? `: ${mdText(firstLine(f.message), detail.findingChars)}` : "";
  return `${isNew ? "🆕 " : ""}${findingSubject(ctx, f, detail)}${judged}${message}${already ? " — _already failing on the base branch_" : ""}`;
}

/** "[`policy`](docs) on `resource`, workload `w`" */
function findingSubject(ctx: Context, f: ReportFinding, detail: Detail): string {
  const names = Math.min(60, detail.nameChars);
  const subject = [f.resource ? `on ${code(f.resource, names)}` : "", f.workload ? `workload ${code(f.workload, names)}` : ""].filter(Boolean).join(", ");
  return `${mdLink(code(f.policy, 60), policyDocs(ctx, f.policy))}${subject ? ` ${subject}` : ""}`;
}

/** The policy's section of docs/policies.md; only the pack's own policies (their anchors exist) are linked. */
function policyDocs(ctx: Context, policy: string): string | undefined {
  if (!(POLICY_NAMES as readonly string[]).includes(policy)) return undefined;
  const base = ctx.docsUrl === undefined ? "" : `${ctx.docsUrl.replace(/\/+$/, "")}/`;
  return `${base}docs/policies.md#${policy}`;
}

function assumptionsLine(a: StackReport["assumptions"]): string {
  const parts: string[] = [];
  for (const [key, value] of Object.entries(a)) {
    if (value === undefined) continue;
    if (value !== null && typeof value === "object") {
      if (Object.keys(value).length > 0) parts.push(`${mdText(key, 60)} ${mdText(JSON.stringify(value), 200)}`);
      continue;
    }
    parts.push(`${mdText(key, 60)} ${mdText(String(value), 80)}`);
  }
  return parts.join(" · ") + ".";
}

function firstLine(text: string): string {
  const end = text.indexOf("\n");
  return end < 0 ? text : text.slice(0, end);
}

/** A finding's level as an icon. */
function findingLevelIcon(level: ReportLevel): string {
  return level === "mandatory" ? "❌" : level === "advisory" ? "⚠️" : "";
}

/**
 * Cuts a rendering that is still too long at a line boundary, closes what it left open (a code fence, <details>) and
 * says so. Only reached for pathological input: the tiers above fit hundreds of stacks.
 */
function cut(doc: string, max: number): string {
  const note = "\n\n_… cut to stay under GitHub's comment limit: the JSON reports hold every workload and finding._\n";
  let text = doc.slice(0, Math.max(0, max - note.length - 256));
  text = text.slice(0, Math.max(text.lastIndexOf("\n"), COMMENT_MARKER.length));
  // What is open where the text ends: a fence (its own backticks close it), and <details> outside fences.
  let fence: string | undefined;
  let open = 0;
  for (const line of text.split("\n")) {
    const run = /^(`{3,})/.exec(line)?.[1];
    if (fence !== undefined) {
      if (run !== undefined && run.length >= fence.length && line.trim() === run) fence = undefined;
      continue;
    }
    if (run !== undefined) {
      fence = run;
      continue;
    }
    open += (line.match(/<details>/g)?.length ?? 0) - (line.match(/<\/details>/g)?.length ?? 0);
  }
  let closers = fence !== undefined ? `\n${fence}` : "";
  for (let i = 0; i < open; i++) closers += "\n\n</details>";
  return text + closers + note;
}

