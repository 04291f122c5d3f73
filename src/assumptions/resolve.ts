import { closest } from "../text/closest";
import { Assumptions, assumptionsSchema } from "./schema";

/** One policy's config as the user set it (the engine's reconciled properties, enforcement level left out). */
export interface PolicySettings {
  policy: string;
  config: Record<string, unknown>;
}

/** The same key set to different values under two or more policies. */
export interface AssumptionConflict {
  key: string;
  settings: { policy: string; value: unknown }[];
  /** The value the pack used: the one under the first policy in registry order. */
  used: { policy: string; value: unknown };
}

/** A key of the policy config that is unknown or invalid. */
export interface AssumptionProblem {
  key: string;
  problem: string;
  guess?: string;
}

/** The assumptions in force, and what was wrong with the settings they came from. */
export interface ResolvedAssumptions {
  assumptions: Assumptions;
  conflicts: AssumptionConflict[];
  problems: AssumptionProblem[];
}

const KEYS = Object.keys(assumptionsSchema.shape);

/**
 * Set once, apply everywhere: the assumptions set under any cost policy apply to all of them. A key set under
 * several policies must have one value; when it has more, the first policy's (in `settings` order) is used and
 * the conflict is returned. An unknown or invalid key is returned as a problem and its default is used instead,
 * so one mistake hides no other finding.
 */
export function resolveAssumptions(settings: PolicySettings[]): ResolvedAssumptions {
  const merged: Record<string, unknown> = {};
  const origin = new Map<string, string>();
  const conflicts = new Map<string, AssumptionConflict>();
  const problems: AssumptionProblem[] = [];
  for (const { policy, config } of settings) {
    for (const [key, value] of Object.entries(config)) {
      if (!KEYS.includes(key)) {
        problems.push({ key: `${policy}.${key}`, problem: "is not a cost assumption", guess: closest(key, KEYS) });
        continue;
      }
      if (!origin.has(key)) {
        merged[key] = value;
        origin.set(key, policy);
        continue;
      }
      if (sameValue(merged[key], value)) continue;
      const used = { policy: origin.get(key)!, value: merged[key] };
      const conflict = conflicts.get(key) ?? { key, settings: [used], used };
      conflict.settings.push({ policy, value });
      conflicts.set(key, conflict);
    }
  }
  const valid: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(merged)) {
    const checked = assumptionsSchema.shape[key as keyof Assumptions].safeParse(value);
    if (checked.success) {
      valid[key] = value;
      continue;
    }
    for (const issue of checked.error.issues) {
      const path = [origin.get(key), key, ...issue.path.map(String)].join(".");
      problems.push({ key: path, problem: issue.message });
    }
  }
  return { assumptions: assumptionsSchema.parse(valid), conflicts: [...conflicts.values()], problems };
}

/** Two JSON values are the same setting when they serialize alike with sorted keys. */
function sameValue(a: unknown, b: unknown): boolean {
  return canonical(a) === canonical(b);
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "undefined";
}
