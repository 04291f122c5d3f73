import type { PriceBook } from "../catalog/prices";
import type { ParsedWorkloads } from "../declaration/parse";
import type { Known } from "../resources/types";

/** What every check needs besides the resource: the declarations, the stack's region, the prices. */
export interface StackContext {
  parsed: ParsedWorkloads;
  /** Every workload name the stack config declares, valid or not. */
  declaredNames: string[];
  stackRegion?: string;
  prices: PriceBook;
  /** Set when the stack config value itself could not be read (e.g. not JSON). */
  configUnreadable?: boolean;
  /** Set when the engine marks the declaration (gpu-breakeven:workloads) secret: its numbers are used, never shown. */
  declarationSecret?: true;
}

/** Which workload a GPU resource belongs to. */
export type Membership =
  | { kind: "workload"; name: string; via: "tag" | "single workload" }
  | { kind: "none"; tag?: string }
  | { kind: "unknown"; reason: string };

/** The tag rule, then the single-workload rule (DESIGN.md §2). */
export function membershipOf(tag: Known<string | undefined>, ctx: StackContext): Membership {
  if (!tag.known) return { kind: "unknown", reason: tag.reason };
  if (tag.value !== undefined) {
    return declaredSet(ctx.declaredNames).has(tag.value) ? { kind: "workload", name: tag.value, via: "tag" } : { kind: "none", tag: tag.value };
  }
  if (ctx.declaredNames.length === 1) return { kind: "workload", name: ctx.declaredNames[0], via: "single workload" };
  return { kind: "none" };
}

/** The declared names as a set (a lookup per GPU resource must not scan hundreds of names), one per list. */
const declaredSets = new WeakMap<readonly string[], Set<string>>();
function declaredSet(names: readonly string[]): Set<string> {
  let set = declaredSets.get(names);
  if (!set) declaredSets.set(names, (set = new Set(names)));
  return set;
}
