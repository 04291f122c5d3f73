import { quoteValue } from "../text/quote";
import { SECRET_MARK } from "../text/redact";
import { readKnown } from "./known";
import { markSecret } from "./secret";
import type { Reading } from "./types";

/** The largest count the pack believes: more is a typo, not a fleet. */
export const MAX_COUNT = 10_000;

/** A count: known (undefined when not set), unknown during preview, or invalid with the reason. */

/**
 * Reads a whole count between 0 and MAX_COUNT; undefined when the property is not set. A `secret` count is flagged
 * (it is used, never shown), and an invalid secret one is not quoted.
 */
export function readCount(what: string, read: () => unknown, secret = false): Reading<number | undefined> {
  const value = readKnown(what, read);
  if (!value.known) return value;
  if (value.value === undefined || value.value === null) return { known: true, value: undefined };
  const n = typeof value.value === "string" && /^\d+$/.test(value.value) ? Number(value.value) : value.value;
  if (typeof n !== "number" || !Number.isInteger(n) || n < 0 || n > MAX_COUNT) {
    const got = secret ? SECRET_MARK : quoteValue(value.value);
    return { known: false, invalid: true, reason: `${what} must be a whole number from 0 to ${MAX_COUNT.toLocaleString("en-US")}, got ${got}` };
  }
  return markSecret({ known: true, value: n }, secret);
}

