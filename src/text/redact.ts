import { mapStrings } from "./safe";
/** What a message shows instead of a value the engine marks secret. */
export const SECRET_MARK = "[secret]";

/** Secrets shorter than this are not searched for in text: replacing "a" or "1" everywhere would garble it. */
const MIN_SECRET_LENGTH = 3;

/**
 * Replaces every occurrence of a secret value in `text` with [secret]; where two secrets start at the same place,
 * the longer wins. Linear in the text: secrets are indexed by their first characters, so thousands of secrets
 * (one per resource of a large stack) cost no more per character than a few.
 */
export function redact(text: string, secrets: readonly string[]): string {
  const index = indexOf(secrets);
  if (index.size === 0 || text.length < MIN_SECRET_LENGTH) return text;
  let out = "";
  let copied = 0;
  for (let i = 0; i + MIN_SECRET_LENGTH <= text.length; ) {
    const found = index.get(text.slice(i, i + MIN_SECRET_LENGTH))?.find((secret) => text.startsWith(secret, i));
    if (!found) {
      i++;
      continue;
    }
    out += text.slice(copied, i) + SECRET_MARK;
    i += found.length;
    copied = i;
  }
  return copied === 0 ? text : out + text.slice(copied);
}

/**
 * Every string inside `value` (any depth) with its secrets replaced; other values, and the strings of `redacted` (text
 * whose secrets were replaced when it was written), as they are.
 */
export function redactDeep<T>(value: T, secrets: readonly string[], redacted: ReadonlySet<string> = new Set()): T {
  return secrets.length === 0 ? value : mapStrings(value, (text) => (redacted.has(text) ? text : redact(text, secrets)));
}

const indexes = new WeakMap<readonly string[], Map<string, string[]>>();

/** The secrets long enough to search for, by their first MIN_SECRET_LENGTH characters, longest first in each list. */
function indexOf(secrets: readonly string[]): Map<string, string[]> {
  let index = indexes.get(secrets);
  if (index) return index;
  index = new Map();
  for (const secret of new Set(secrets)) {
    if (secret.length < MIN_SECRET_LENGTH) continue;
    const key = secret.slice(0, MIN_SECRET_LENGTH);
    const list = index.get(key);
    if (list) list.push(secret);
    else index.set(key, [secret]);
  }
  for (const list of index.values()) list.sort((a, b) => b.length - a.length);
  indexes.set(secrets, index);
  return index;
}

/** The strings inside a secret value: what must never be shown (a secret number is not searched for in text). */
export function secretStrings(value: unknown, into: string[] = []): string[] {
  if (typeof value === "string") into.push(value);
  else if (Array.isArray(value)) value.forEach((v) => secretStrings(v, into));
  else if (value && typeof value === "object") Object.values(value).forEach((v) => secretStrings(v, into));
  return into;
}
