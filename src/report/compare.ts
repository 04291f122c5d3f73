// What a pull request changes: the base branch's stack reports against the head's, as data. Stacks are matched by
// project and stack name, workloads by name, findings by identity (below). No words here: the Markdown and text
// renderers say it.
import { allFindings } from "./levels";
import type { ReportFinding, StackReport, WorkloadReport } from "./schema";
import { VerdictKey, verdictKey } from "./summary";

/** A stack only in the head is new; only in the base, removed. */
export type StackChangeStatus = "new" | "removed" | "changed" | "unchanged";
export type ItemChangeStatus = "added" | "removed" | "changed" | "unchanged";

/** A figure on both sides; `delta` = to − from when both are known. */
export interface FigureChange {
  from?: number;
  to?: number;
  delta?: number;
}

export interface WorkloadChange {
  name: string;
  status: ItemChangeStatus;
  base?: WorkloadReport;
  head?: WorkloadReport;
  /** Present when the verdict moved (not evaluated, self-hosted only and no fleet count as verdicts here). */
  verdict?: { from: VerdictKey; to: VerdictKey };
  /** F. Present when it moved by half a cent or more, or became known or unknown. */
  fixedMonthlyUsd?: FigureChange;
  /** M(V). */
  managedAtVolumeUsd?: FigureChange;
  /** V*; null when it does not exist (M(V) = 0). */
  breakEvenTokens?: { from?: number | null; to?: number | null };
  /** V, the declared volume. */
  volumeTokens?: FigureChange;
  /** The managed model compared with. */
  managedModel?: { from?: string; to?: string };
}

/** What changed in a finding of the same identity: its message, its level, or both. */
export type FindingDifference = "message" | "level";

export interface FindingChange {
  status: ItemChangeStatus;
  base?: ReportFinding;
  head?: ReportFinding;
  /** For a changed finding. */
  differences: FindingDifference[];
  /** A mandatory finding of the head that the base did not have at mandatory level (added, or raised from advisory). */
  introducesMandatory: boolean;
}

export interface ChangeCounts {
  /** Mandatory findings of the head the base does not have at mandatory level: what `--fail-on new-mandatory` gates on. */
  newMandatory: number;
  newAdvisory: number;
  /** The head's mandatory findings the base already had: "already failing on the base branch". */
  alreadyMandatory: number;
  /** Findings of the base the head no longer has. */
  resolved: number;
  /** Findings of both whose message or level changed. */
  changed: number;
}

export interface StackComparison {
  project: string;
  stack: string;
  status: StackChangeStatus;
  base?: StackReport;
  head?: StackReport;
  /** Every workload of either side, head order first, then those only in the base. */
  workloads: WorkloadChange[];
  /** Every finding of either side (disabled ones left out: nobody is shown them), head order first. */
  findings: FindingChange[];
  counts: ChangeCounts;
}

export interface ReportComparison {
  /** The head's stacks in the head's order, then the removed ones in the base's order. */
  stacks: StackComparison[];
  counts: ChangeCounts;
}

/** Below half a cent a cost has not moved (it prints the same); tokens compare exactly, up to float noise. */
const USD_EPSILON = 0.005;

/** The key stacks are matched by. */
function stackKey(r: Pick<StackReport, "project" | "stack">): string {
  return JSON.stringify([r.project, r.stack]);
}

/**
 * A finding's identity: its policy, what it states (kind), the resource it is shown against (URN, else the resource's
 * name) and its workload. Two findings with the same identity are the same finding; if its message or level differs,
 * it changed.
 */
export function findingKey(f: ReportFinding): string {
  return JSON.stringify([f.policy, f.kind, f.urn ?? f.resource ?? "", f.workload ?? ""]);
}

/** The head reports against the base reports. Pure: the inputs are not modified. */
export function compareReports(base: StackReport[], head: StackReport[]): ReportComparison {
  const stacks = pairBy(base, head, stackKey).map(([b, h]) => compareStack(b, h));
  return { stacks, counts: sumCounts(stacks.map((s) => s.counts)) };
}

/** One stack's base report against its head report (either may be missing: a new or a removed stack). */
function compareStack(base: StackReport | undefined, head: StackReport | undefined): StackComparison {
  const either = (head ?? base)!;
  const workloads = pairBy(base?.workloads ?? [], head?.workloads ?? [], (w) => w.name).map(([b, h]) => compareWorkload(b, h));
  const findings = compareFindings(base ? shown(base) : [], head ? shown(head) : []);
  const counts = countChanges(findings);
  const status: StackChangeStatus = !base
    ? "new"
    : !head
      ? "removed"
      : workloads.some((w) => w.status !== "unchanged") || findings.some((f) => f.status !== "unchanged")
        ? "changed"
        : "unchanged";
  return { project: either.project, stack: either.stack, status, base, head, workloads, findings, counts };
}

function shown(report: StackReport): ReportFinding[] {
  return allFindings(report).filter((f) => f.level !== "disabled");
}

function compareWorkload(base: WorkloadReport | undefined, head: WorkloadReport | undefined): WorkloadChange {
  const name = (head ?? base)!.name;
  if (!base) return { name, status: "added", head };
  if (!head) return { name, status: "removed", base };
  const change: WorkloadChange = { name, status: "unchanged", base, head };
  const [from, to] = [verdictKey(base), verdictKey(head)];
  if (from !== to) change.verdict = { from, to };
  change.fixedMonthlyUsd = figure(base.fixedMonthlyUsd, head.fixedMonthlyUsd, USD_EPSILON);
  change.managedAtVolumeUsd = figure(base.managedAtVolumeUsd, head.managedAtVolumeUsd, USD_EPSILON);
  // A secret declaration's V ("[secret]") is compared as unknown: its move is never stated.
  change.volumeTokens = figure(shownNumber(base.volumeTokens), shownNumber(head.volumeTokens), 0);
  if (!sameTokens(base.breakEvenTokens, head.breakEvenTokens)) change.breakEvenTokens = { from: base.breakEvenTokens, to: head.breakEvenTokens };
  if (base.managedModel?.id !== head.managedModel?.id) change.managedModel = { from: base.managedModel?.id, to: head.managedModel?.id };
  for (const key of ["fixedMonthlyUsd", "managedAtVolumeUsd", "volumeTokens"] as const) if (change[key] === undefined) delete change[key];
  const moved = change.verdict || change.fixedMonthlyUsd || change.managedAtVolumeUsd || change.volumeTokens || change.breakEvenTokens || change.managedModel;
  if (moved) change.status = "changed";
  return change;
}

/** A figure the report may state as "[secret]", as a number when it is shown. */
function shownNumber(value: number | string): number | undefined {
  return typeof value === "number" ? value : undefined;
}

function figure(from: number | undefined, to: number | undefined, epsilon: number): FigureChange | undefined {
  if (from === undefined && to === undefined) return undefined;
  if (from === undefined || to === undefined) return { from, to };
  if (sameNumber(from, to, epsilon)) return undefined;
  return { from, to, delta: to - from };
}

function sameNumber(a: number, b: number, epsilon: number): boolean {
  if (Object.is(a, b)) return true;
  return Math.abs(a - b) <= Math.max(epsilon, 1e-9 * Math.max(Math.abs(a), Math.abs(b)));
}

function sameTokens(a: number | null | undefined, b: number | null | undefined): boolean {
  if (typeof a === "number" && typeof b === "number") return sameNumber(a, b, 0);
  return a === b;
}

/**
 * Findings of the base against those of the head. Within one identity, findings with the same message pair first, then
 * the rest in order (a changed message); what is left over is added or removed.
 */
export function compareFindings(base: ReportFinding[], head: ReportFinding[]): FindingChange[] {
  const baseGroups = groupBy(base, findingKey);
  const pairedBase = new Set<ReportFinding>();
  const out: FindingChange[] = [];
  const headGroups = groupBy(head, findingKey);
  const partner = new Map<ReportFinding, ReportFinding>();
  for (const [key, heads] of headGroups) {
    const candidates = [...(baseGroups.get(key) ?? [])];
    const unmatched: ReportFinding[] = [];
    for (const h of heads) {
      const i = candidates.findIndex((b) => b.message === h.message);
      if (i >= 0) partner.set(h, candidates.splice(i, 1)[0]);
      else unmatched.push(h);
    }
    for (const h of unmatched) if (candidates.length) partner.set(h, candidates.shift()!);
  }
  for (const h of head) {
    const b = partner.get(h);
    if (!b) {
      out.push({ status: "added", head: h, differences: [], introducesMandatory: h.level === "mandatory" });
      continue;
    }
    pairedBase.add(b);
    const differences: FindingDifference[] = [];
    if (b.message !== h.message) differences.push("message");
    if (b.level !== h.level) differences.push("level");
    out.push({
      status: differences.length ? "changed" : "unchanged",
      base: b,
      head: h,
      differences,
      introducesMandatory: h.level === "mandatory" && b.level !== "mandatory",
    });
  }
  for (const b of base) if (!pairedBase.has(b)) out.push({ status: "removed", base: b, differences: [], introducesMandatory: false });
  return out;
}

/** A finding the head adds: a mandatory one the base does not have at mandatory level, or a new advisory one. */
export function isNewFinding(f: FindingChange): boolean {
  return f.introducesMandatory || isNewAdvisory(f);
}

function isNewAdvisory(f: FindingChange): boolean {
  return f.status === "added" && f.head?.level === "advisory";
}

/** A mandatory finding of the head that the base already has at mandatory level: "already failing on the base branch". */
export function isAlreadyFailing(f: FindingChange): boolean {
  return !f.introducesMandatory && f.head?.level === "mandatory";
}

function noChanges(): ChangeCounts {
  return { newMandatory: 0, newAdvisory: 0, alreadyMandatory: 0, resolved: 0, changed: 0 };
}

function countChanges(findings: FindingChange[]): ChangeCounts {
  const counts = noChanges();
  for (const f of findings) {
    if (f.introducesMandatory) counts.newMandatory++;
    if (isAlreadyFailing(f)) counts.alreadyMandatory++;
    if (isNewAdvisory(f)) counts.newAdvisory++;
    if (f.status === "removed") counts.resolved++;
    if (f.status === "changed") counts.changed++;
  }
  return counts;
}

function sumCounts(all: ChangeCounts[]): ChangeCounts {
  const total = noChanges();
  for (const c of all) for (const k of Object.keys(total) as (keyof ChangeCounts)[]) total[k] += c[k];
  return total;
}

/** The head's mandatory findings the base branch does not have at mandatory level, with their stacks. */
export function introducedMandatory(comparison: ReportComparison): { stack: StackComparison; finding: ReportFinding }[] {
  return comparison.stacks.flatMap((stack) => stack.findings.filter((f) => f.introducesMandatory).map((f) => ({ stack, finding: f.head! })));
}

/**
 * The comparison as plain JSON (what `report --base … --format json` prints under "changes"): every stack that is not
 * unchanged with its workload and finding changes; the unchanged ones by name.
 */
export function comparisonJson(comparison: ReportComparison): unknown {
  const changed = comparison.stacks.filter((s) => s.status !== "unchanged");
  return {
    counts: comparison.counts,
    unchangedStacks: comparison.stacks.filter((s) => s.status === "unchanged").map((s) => ({ project: s.project, stack: s.stack })),
    stacks: changed.map((s) => ({
      project: s.project,
      stack: s.stack,
      status: s.status,
      counts: s.counts,
      workloads: s.workloads
        .filter((w) => w.status !== "unchanged")
        .map(({ base, head, ...w }) => ({ ...w, verdictBefore: base ? verdictKey(base) : undefined, verdictNow: head ? verdictKey(head) : undefined })),
      findings: s.findings
        .filter((f) => f.status !== "unchanged")
        .map((f) => ({ status: f.status, differences: f.differences, introducesMandatory: f.introducesMandatory, base: f.base, head: f.head })),
    })),
  };
}

function groupBy<T>(items: T[], key: (t: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

/** Pairs items of two lists by key, in order within a key: the head's order first, then what only the base has. */
function pairBy<T>(base: T[], head: T[], key: (t: T) => string): [T | undefined, T | undefined][] {
  const bases = groupBy(base, key);
  const pairs: [T | undefined, T | undefined][] = head.map((h) => [bases.get(key(h))?.shift(), h]);
  for (const rest of bases.values()) for (const b of rest) pairs.push([b, undefined]);
  return pairs;
}
