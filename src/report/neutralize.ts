// Text a user controls (stack, project, workload and resource names, model ids, regions, assumption keys, finding
// messages: anything from a report, which anyone who can open a pull request can craft) made inert for the place it is
// printed. In a pull-request comment: no HTML, no Markdown structure (headings, links, emphasis, tables, code fences),
// no math, no live @mentions, issue references or autolinks, no control characters. In a terminal: no control
// characters. Each function takes the raw text and returns what is safe to print in its one context.
import { escapeControl, truncate } from "../text/safe";

/**
 * C0 and C1 control characters (line breaks and escape included), DEL, the Unicode line and paragraph separators, and the
 * bidirectional formatting characters that can make text read differently from what it is ("Trojan source").
 */
// eslint-disable-next-line no-control-regex
const CONTROLS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** Written after an @ or # that would start a mention or an issue reference, so it starts neither. */
export const ZWJ = "\u200d";

/** Every control character as a visible escape: a line break is `\n`, ESC is `\u001b`. One line, whatever the input. */
export function escapeControls(text: string): string {
  return text.replace(CONTROLS, escapeControl);
}

/** Text for a terminal or a log, line breaks kept (a message's own lines), every other control character escaped. */
export function plainLines(text: string): string[] {
  return text.split("\n").map(escapeControls);
}

/** escapeControls, then truncate: only the first `max` characters are looked at (escaping only lengthens text). */
function clip(text: string, max: number): string {
  if (max === Infinity || text.length <= max) return truncate(escapeControls(text), max);
  return truncate(escapeControls(text.slice(0, max)) + "…", max);
}

/** Mentions (@org/team, @user), issue references (#12, GH-12 needs the #) and e-mail autolinks: a joiner after the sign. */
function defuseReferences(text: string): string {
  return text.replace(/([@#])(?=[\p{L}\p{N}_-])/gu, `$1${ZWJ}`);
}

/** Bare URLs GitHub would turn into links (http://…, www.…): a joiner breaks the pattern, the text reads the same. */
function defuseAutolinks(text: string): string {
  return text.replace(/:(?=\/\/)/g, `:${ZWJ}`).replace(/\b(www)\./gi, `$1${ZWJ}.`);
}

const PROSE_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;" };

/**
 * Inline Markdown prose, one line: HTML characters as entities; Markdown punctuation (emphasis, links, images, code,
 * tables, math, strikethrough, headings) backslash-escaped; mentions, issue references and autolinks defused; control
 * characters shown as escapes. Safe in a paragraph, a list item and a table cell.
 */
export function mdText(text: string, max = Infinity): string {
  const cut = clip(text, max);
  const escaped = cut.replace(/[&<>\\`*_{}[\]|$~#!]/g, (c) => PROSE_ESCAPES[c] ?? `\\${c}`);
  return defuseAutolinks(defuseReferences(escaped));
}

/**
 * A code span holding `text` verbatim (GitHub shows it as it is: no HTML, mentions or links inside): delimited by more
 * backticks than the longest run inside it, control characters shown as escapes, pipes escaped inside a table.
 */
export function mdCode(text: string, max = 80, inTable = false): string {
  let t = clip(text, max);
  if (t === "") return '`""`';
  const longest = Math.max(0, ...(t.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(longest + 1);
  // A span that starts or ends with a backtick (or a space, which CommonMark would strip) needs a space of padding.
  const pad = /^[` ]|[` ]$/.test(t) ? " " : "";
  if (inTable) t = t.replace(/\|/g, "\\|");
  return `${fence}${pad}${t}${pad}${fence}`;
}

const HTML_ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
  $: "&#36;",
  "`": "&#96;",
  "*": "&#42;",
  _: "&#95;",
  "[": "&#91;",
  "]": "&#93;",
  "~": "&#126;",
  "|": "&#124;",
  "\\": "&#92;",
};

/** Text inside an HTML element (a <summary>): entities for HTML and Markdown characters, references defused, one line. */
export function htmlText(text: string, max = Infinity): string {
  const cut = defuseAutolinks(defuseReferences(clip(text, max)));
  return cut.replace(/[&<>"'$`*_[\]~|\\]/g, (c) => HTML_ESCAPES[c]);
}

/**
 * A fenced code block around `lines`, shown verbatim: the fence is longer than any run of backticks in them (so none
 * closes it early), and control characters (a line break inside a line included) are shown as escapes.
 */
export function fencedBlock(lines: string[], info = "text"): string[] {
  const safe = lines.map(escapeControls);
  const longest = Math.max(0, ...safe.flatMap((l) => l.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(Math.max(3, longest + 1));
  return [`${fence}${info}`, ...safe, fence];
}

/**
 * A link destination GitHub cannot misread: an http(s) URL, or a relative path, with what would end or break the link
 * ((), <>, spaces, quotes) percent-encoded. Undefined for anything else (javascript:, data:, …).
 */
export function linkTarget(url: string): string | undefined {
  const trimmed = url.trim();
  if (/^[a-z][a-z0-9+.-]*:/i.test(trimmed) && !/^https?:\/\//i.test(trimmed)) return undefined;
  if (/^\/\//.test(trimmed) || trimmed.replace(CONTROLS, "") !== trimmed) return undefined;
  return trimmed.replace(/[\s()<>"'`\\[\]{}|^]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}`);
}

/** A Markdown link whose text is already safe Markdown and whose target goes through linkTarget; the bare text otherwise. */
export function mdLink(safeMarkdown: string, url: string | undefined): string {
  const target = url === undefined ? undefined : linkTarget(url);
  return target === undefined ? safeMarkdown : `[${safeMarkdown}](${target})`;
}
