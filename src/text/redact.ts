/** What a message shows instead of a value the engine marks secret. */
export const SECRET_MARK = "[secret]";

/** Secrets shorter than this are not searched for in text: replacing "a" or "1" everywhere would garble it. */
const MIN_SECRET_LENGTH = 3;

/** Replaces every occurrence of a secret value in `text` with [secret], the longest secrets first. */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of usable(secrets)) if (out.includes(secret)) out = out.split(secret).join(SECRET_MARK);
  return out;
}

/** Every string inside `value` (any depth) with its secrets replaced; other values as they are. */
export function redactDeep<T>(value: T, secrets: readonly string[]): T {
  if (secrets.length === 0) return value;
  if (typeof value === "string") return redact(value, secrets) as T;
  if (Array.isArray(value)) return value.map((v) => redactDeep(v, secrets)) as T;
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = redactDeep(v, secrets);
    return out as T;
  }
  return value;
}

const ordered = new WeakMap<readonly string[], string[]>();

function usable(secrets: readonly string[]): string[] {
  let list = ordered.get(secrets);
  if (!list) {
    list = [...new Set(secrets)].filter((s) => s.length >= MIN_SECRET_LENGTH).sort((a, b) => b.length - a.length);
    ordered.set(secrets, list);
  }
  return list;
}

/** The strings inside a secret value: what must never be shown (a secret number is not searched for in text). */
export function secretStrings(value: unknown, into: string[] = []): string[] {
  if (typeof value === "string") into.push(value);
  else if (Array.isArray(value)) value.forEach((v) => secretStrings(v, into));
  else if (value && typeof value === "object") Object.values(value).forEach((v) => secretStrings(v, into));
  return into;
}
