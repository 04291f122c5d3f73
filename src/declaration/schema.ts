import { z } from "zod";

/** A token count or similar quantity: a number, or a numeric string as `pulumi config set --path` stores it. */
const quantity = (min: "≥ 0" | "> 0") => {
  const base = z.number({ error: (i) => `must be a number ${min}, got ${describeValue(i.input)}` });
  const bounded = min === "> 0"
    ? base.positive({ error: (i) => `must be a number > 0, got ${describeValue(i.input)}` })
    : base.nonnegative({ error: (i) => `must be a number ≥ 0, got ${describeValue(i.input)}` });
  return z.preprocess(numericString, bounded.refine(Number.isFinite, { error: `must be a finite number ${min}` }));
};

/** Which regions a workload's data may be processed in, and whether it may leave for a third-party API. */
export const dataResidencySchema = z.strictObject({
  selfHostedOnly: z.boolean({ error: (i) => `must be true or false, got ${describeValue(i.input)}` }).default(false),
  allowedRegions: z
    .array(
      z.string({ error: (i) => `must be a region or glob such as "eu-*", got ${describeValue(i.input)}` })
        .regex(/^[a-z0-9*?-]+$/, { error: (i) => `must be a region or glob such as "eu-*", got ${describeValue(i.input)}` }),
      { error: (i) => `must be a list of regions or globs such as ["eu-*"], got ${describeValue(i.input)}` },
    )
    .min(1, { error: "must list at least one region (leave allowedRegions out to allow any)" })
    .optional(),
});

/** One workload's declaration under the stack config key gpu-breakeven:workloads.<name>. */
export const workloadSchema = z.strictObject({
  monthlyInputTokens: quantity("≥ 0"),
  monthlyOutputTokens: quantity("≥ 0"),
  managedModel: z
    .string({ error: (i) => `must be a model id such as "anthropic/claude-haiku-4-5", got ${describeValue(i.input)}` })
    .min(1)
    .optional(),
  opsHoursPerMonth: quantity("≥ 0").default(0),
  environment: z
    .enum(["production", "staging", "development"], {
      error: (i) => `must be production, staging or development, got ${describeValue(i.input)}`,
    })
    .default("production"),
  tokensPerSecondPerInstance: quantity("> 0").optional(),
  dataResidency: dataResidencySchema.optional(),
});

/** Every workload of a stack, by name. */
export const workloadsSchema = z.record(
  z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, {
    error: "workload names may hold letters, digits, '.', '_' and '-' and must start with a letter or digit",
  }),
  workloadSchema,
  { error: (i) => `must be a map from workload name to its declaration, got ${describeValue(i.input)}` },
);

export type WorkloadDeclaration = z.infer<typeof workloadSchema>;
export type DataResidency = z.infer<typeof dataResidencySchema>;

function numericString(value: unknown): unknown {
  if (typeof value !== "string") return value;
  const trimmed = value.trim().replace(/_/g, "");
  return /^[0-9]+(\.[0-9]+)?([eE][+]?[0-9]+)?$/.test(trimmed) ? Number(trimmed) : value;
}

/** Renders a rejected value for a message: short, quoted if a string, never a whole object. */
export function describeValue(value: unknown): string {
  if (value === undefined) return "nothing";
  if (value === null) return "null";
  if (typeof value === "string") return JSON.stringify(value.length > 40 ? `${value.slice(0, 37)}...` : value);
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (Array.isArray(value)) return "a list";
  return "an object";
}
