import { Known } from "./types";

// The engine's per-type sentinels for computed values (@pulumi/policy proxy.js). The SDK's proxy throws
// UnknownValueError when one is read; raw sentinels appear when props were not proxied.
/** The sentinel of an unknown string, the one the engine sends for most computed values. */
export const UNKNOWN_STRING = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

const unknownSentinels = new Set([
  "1c4a061d-8072-4f0a-a4cb-0ff528b18fe7",
  "3eeb2bf0-c639-47a8-9e75-3b44932eb421",
  UNKNOWN_STRING,
  "6a19a0b0-7e62-4c92-b797-7f8e31da9cc2",
  "030794c1-ac77-496b-92df-f27374a8bd58",
  "e48ece36-62e2-4504-bad9-02848725956a",
  "dd056dcd-154b-4c76-9bd3-c8f88648b5ff",
]);

/** True for the engine's "unknown during preview" sentinel values. */
export function isUnknownSentinel(value: unknown): boolean {
  return typeof value === "string" && unknownSentinels.has(value);
}

/** Reads a value, turning "unknown during preview" into a Known that says which value and why. */
export function readKnown<T>(what: string, read: () => T): Known<T> {
  try {
    const value = read();
    if (isUnknownSentinel(value)) return { known: false, reason: `${what} can't be known during preview` };
    return { known: true, value };
  } catch (e) {
    if (isUnknownValueError(e)) return { known: false, reason: `${what} can't be known during preview` };
    throw e;
  }
}

/**
 * The SDK proxy's "unknown during preview" error. @pulumi/policy is required only when an error is thrown, so
 * the CLI's commands that never read a resource do not load the SDK (half a second at every start).
 */
function isUnknownValueError(e: unknown): boolean {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { UnknownValueError } = require("@pulumi/policy") as typeof import("@pulumi/policy");
  return e instanceof UnknownValueError;
}
