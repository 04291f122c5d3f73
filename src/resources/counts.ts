import { readKnown } from "./known";
import { Known } from "./types";

/** The largest count the pack believes: more is a typo, not a fleet. */
export const MAX_COUNT = 10_000;

/** A count: known (undefined when not set), unknown during preview, or invalid with the reason. */
export type CountReading = Known<number | undefined> | { known: false; reason: string; invalid: true };

/** Reads a whole count between 0 and MAX_COUNT; undefined when the property is not set. */
export function readCount(what: string, read: () => unknown): CountReading {
  const value = readKnown(what, read);
  if (!value.known) return value;
  if (value.value === undefined || value.value === null) return { known: true, value: undefined };
  const n = typeof value.value === "string" && /^\d+$/.test(value.value) ? Number(value.value) : value.value;
  if (typeof n !== "number" || !Number.isInteger(n) || n < 0 || n > MAX_COUNT) {
    return { known: false, invalid: true, reason: `${what} must be a whole number from 0 to ${MAX_COUNT.toLocaleString("en-US")}, got ${shortValue(value.value)}` };
  }
  return { known: true, value: n };
}

/** A rejected value for a message: short, quoted if a string, never a whole object. */
export function shortValue(v: unknown): string {
  if (typeof v === "string") return JSON.stringify(v.length > 40 ? `${v.slice(0, 37)}...` : v);
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  return Array.isArray(v) ? "a list" : "an object";
}
