import { Assumptions, assumptionsSchema } from "./schema";

/** Validated assumptions, or one message per problem naming the policy-config key. */
export type ParsedAssumptions = { ok: true; assumptions: Assumptions } | { ok: false; problems: string[] };

/** Validates a policy's config (the engine has already merged in the schema defaults). */
export function parseAssumptions(raw: unknown, policyName: string): ParsedAssumptions {
  const result = assumptionsSchema.safeParse(raw ?? {});
  if (result.success) return { ok: true, assumptions: result.data };
  return {
    ok: false,
    problems: result.error.issues.map((issue) => {
      const key = [policyName, ...issue.path.map(String)].join(".");
      if (issue.code === "unrecognized_keys") return `policy config ${key} has unknown key(s) ${issue.keys.map((k) => `"${k}"`).join(", ")}`;
      return `policy config ${key}: ${issue.message}`;
    }),
  };
}

/** The defaults, for callers that need prices but no organisation settings. */
export function defaultAssumptions(): Assumptions {
  return assumptionsSchema.parse({});
}
