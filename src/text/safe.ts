/**
 * A user's text as a message echoes it: control characters and line breaks escaped (a name cannot start a new
 * line of the message, or the terminal's), and cut at `max` characters with "…".
 */
export function safeText(text: string, max = 200): string {
  // eslint-disable-next-line no-control-regex
  const escaped = text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, escapeChar);
  return escaped.length <= max ? escaped : `${escaped.slice(0, max - 1)}…`;
}

function escapeChar(c: string): string {
  if (c === "\n") return "\\n";
  if (c === "\r") return "\\r";
  if (c === "\t") return "\\t";
  return `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`;
}

/** A list as a message shows it: the first `max` items, then "and N more". */
export function listOf(items: readonly string[], max = 10, separator = ", "): string {
  if (items.length <= max) return items.join(separator);
  return `${items.slice(0, max).join(separator)} and ${items.length - max} more`;
}

/** `value` with every string inside it (objects and arrays, any depth) replaced by `map(string)`; other values as they are. */
export function mapStrings<T>(value: T, map: (text: string) => string): T {
  if (typeof value === "string") return map(value) as T;
  if (Array.isArray(value)) return value.map((v) => mapStrings(v, map)) as T;
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = mapStrings(v, map);
    return out as T;
  }
  return value;
}
