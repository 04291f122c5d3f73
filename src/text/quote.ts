/**
 * A rejected value as a message quotes it: strings quoted and cut at 40 characters, numbers and booleans as they
 * are, never a whole object or list (it may be large, or hold something sensitive).
 */
export function quoteValue(value: unknown): string {
  if (value === undefined) return "nothing";
  if (value === null) return "null";
  if (typeof value === "string") return JSON.stringify(value.length > 40 ? `${value.slice(0, 37)}...` : value);
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return Array.isArray(value) ? "a list" : "an object";
}
