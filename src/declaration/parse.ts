import { z } from "zod";
import { closest } from "../text/closest";
import { quoteValue } from "../text/quote";
import { SECRET_MARK } from "../text/redact";
import { WorkloadDeclaration, workloadSchema } from "./schema";

/** The stack config key that holds the declarations. */
export const WORKLOADS_KEY = "gpu-breakeven:workloads";

/** One thing wrong with a declaration, naming the exact key. */
export interface DeclarationProblem {
  workload?: string;
  key: string;
  message: string;
}

/** The valid workloads by name, and every problem found in the others. */
export interface ParsedWorkloads {
  workloads: Map<string, WorkloadDeclaration>;
  problems: DeclarationProblem[];
}

/** The workload names of a raw declaration: its top-level keys, valid or not (the field names below them are the pack's own). */
export function workloadNames(raw: unknown): string[] {
  return raw && typeof raw === "object" && !Array.isArray(raw) ? Object.keys(raw) : [];
}

/** The keys the object schema at `path` inside `schema` accepts (for a did-you-mean at any depth). */
function keysAt(schema: z.ZodType, path: readonly PropertyKey[]): string[] {
  let node = (schema as unknown as { _zod: { def: ZodDef } })._zod.def;
  let rest = [...path];
  for (let guard = 0; guard < 50; guard++) {
    if (node.type === "optional" || node.type === "default" || node.type === "nullable" || node.type === "prefault") node = node.innerType!._zod.def;
    else if (node.type === "pipe") node = node.out!._zod.def;
    else if (node.type === "array" && typeof rest[0] === "number") {
      node = node.element!._zod.def;
      rest = rest.slice(1);
    } else if (node.type === "object" && rest.length > 0) {
      const next = node.shape?.[String(rest[0])];
      if (!next) return [];
      node = next._zod.def;
      rest = rest.slice(1);
    } else break;
  }
  return node.type === "object" && rest.length === 0 ? Object.keys(node.shape ?? {}) : [];
}

interface ZodDef {
  type: string;
  innerType?: { _zod: { def: ZodDef } };
  out?: { _zod: { def: ZodDef } };
  element?: { _zod: { def: ZodDef } };
  shape?: Record<string, { _zod: { def: ZodDef } }>;
}
const nameSchema = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/**
 * Validates the raw `gpu-breakeven:workloads` value workload by workload, so one bad entry hides no other. With
 * `secret` (the engine marks the value secret) a problem names the key and what it must be, but not the value it got.
 */
export function parseWorkloads(raw: unknown, options: { secret?: boolean } = {}): ParsedWorkloads {
  const workloads = new Map<string, WorkloadDeclaration>();
  const problems: DeclarationProblem[] = [];
  if (raw === undefined || raw === null) return { workloads, problems };
  if (typeof raw !== "object" || Array.isArray(raw)) {
    problems.push({
      key: WORKLOADS_KEY,
      message: `${WORKLOADS_KEY} must be a map from workload name to its declaration, got ${options.secret ? SECRET_MARK : quoteValue(raw)}`,
    });
    return { workloads, problems };
  }
  for (const [name, value] of Object.entries(raw)) {
    const key = `${WORKLOADS_KEY}.${name}`;
    if (!nameSchema.test(name)) {
      problems.push({ key, message: `${key}: workload names hold letters, digits, '.', '_' and '-' and start with a letter or digit` });
      continue;
    }
    const result = workloadSchema.safeParse(value);
    if (result.success) {
      workloads.set(name, result.data);
      continue;
    }
    for (const issue of result.error.issues) {
      const problem = describeIssue(name, key, issue, value);
      problems.push(options.secret ? { ...problem, message: withoutValue(problem.message) } : problem);
    }
  }
  return { workloads, problems };
}

/**
 * A problem's message without the value it echoes: every message that quotes one ends "…, got <value>" (the
 * schema's and describeIssue's), and a secret declaration's value, a number included, is never shown.
 */
function withoutValue(message: string): string {
  return message.replace(/, got [\s\S]*$/, `, got ${SECRET_MARK}`);
}

function describeIssue(workload: string, base: string, issue: z.core.$ZodIssue, value: unknown): DeclarationProblem {
  const key = base + issue.path.map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`)).join("");
  if (issue.code === "unrecognized_keys") {
    const parts = issue.keys.map((k) => {
      const suggestion = closest(k, keysAt(workloadSchema, issue.path));
      return suggestion ? `"${k}" (did you mean "${suggestion}"?)` : `"${k}"`;
    });
    return { workload, key, message: `${key} has an unknown key ${parts.join(", ")}; remove it or fix its spelling` };
  }
  if (issue.path.length === 0 && issue.code === "invalid_type") {
    return { workload, key, message: `${key} must be a map of fields such as monthlyInputTokens, got ${quoteValue(value)}` };
  }
  // "must be X, got nothing" reads better as "is missing".
  const missing = issue.message.match(/^(must be .*), got nothing$/);
  if (missing) return { workload, key, message: `${key} is missing; it ${missing[1]}` };
  return { workload, key, message: `${key} ${issue.message}` };
}
