/**
 * A user's text as a message echoes it: control characters and line breaks escaped (a name cannot start a new
 * line of the message, or the terminal's), and cut at `max` characters with "…".
 */
export function safeText(text: string, max = 200): string {
  // eslint-disable-next-line no-control-regex
  return truncate(text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, escapeControl), max);
}

/** At most `max` characters: cut with "…". */
export function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, Math.max(0, max - 1))}…` : text;
}

/** One control character as a visible escape: a line break is `\n`, ESC is `\u001b`. */
export function escapeControl(c: string): string {
  if (c === "\n") return "\\n";
  if (c === "\r") return "\\r";
  if (c === "\t") return "\\t";
  return `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`;
}

/**
 * A list as a message shows it: the first `max` items, then "and N more"; each item cut at `itemChars` with "…"
 * (for a list that every one of many messages repeats).
 */
export function listOf(items: readonly string[], max = 10, separator = ", ", itemChars = Infinity): string {
  const shown = items.slice(0, max).map((item) => truncate(item, itemChars));
  return items.length <= max ? shown.join(separator) : `${shown.join(separator)} and ${items.length - max} more`;
}

/**
 * `value` with every string inside it (objects and arrays, any depth) replaced by `map(string)`; other values as they
 * are. With `seen` (one per `map`), an object or array met again, in this call or an earlier one, is mapped once.
 */
export function mapStrings<T>(value: T, map: (text: string) => string, seen?: WeakMap<object, unknown>): T {
  if (typeof value === "string") return map(value) as T;
  if (!value || typeof value !== "object") return value;
  const known = seen?.get(value);
  if (known !== undefined) return known as T;
  let out: unknown;
  if (Array.isArray(value)) out = value.map((v) => mapStrings(v, map, seen));
  else {
    const mapped: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) mapped[k] = mapStrings(v, map, seen);
    out = mapped;
  }
  seen?.set(value, out);
  return out as T;
}
