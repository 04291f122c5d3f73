import { quoteValue } from "../text/quote";
import { SECRET_MARK } from "../text/redact";
import { readKnown } from "./known";
import { markSecret } from "./secret";
import type { Known, Reading } from "./types";

/** The largest count the pack believes: more is a typo, not a fleet. */
export const MAX_COUNT = 10_000;

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


/** A count that was read: set, or undefined when not. */
type CountRead = Extract<Known<number | undefined>, { known: true }>;

/**
 * A group's size from its desired, minimum and maximum counts: desired, else the minimum (undefined when neither is
 * set), within bounds that are the count where not set. Their secrecy follows the values: the count is the minimum's
 * when desired is not set, and the range is secret when a bound is, or when an unset bound stands for a secret count.
 */
export function groupSize(
  desired: CountRead,
  min: CountRead,
  max: CountRead,
): { count: number; range: { min: number; max: number }; secret: { count?: boolean; countRange?: boolean } } | undefined {
  const count = desired.value ?? min.value;
  if (count === undefined) return undefined;
  const countSecret = desired.value !== undefined ? desired.secret : min.secret;
  const countRange = min.secret || max.secret || (countSecret && (min.value === undefined || max.value === undefined));
  return { count, range: { min: min.value ?? count, max: max.value ?? count }, secret: { count: countSecret, countRange } };
}
