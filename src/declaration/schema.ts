import { z } from "zod";
import { quoteValue } from "../text/quote";
import { MAX_GLOB_LENGTH } from "../text/glob";
import { HOURS_PER_DAY } from "../model/hourlyProfile";

/**
 * A token count or similar quantity: a number, or a numeric string as `pulumi config set --path` stores it.
 * The upper bound keeps every sum the model makes finite (no Infinity from 1e308 + 1e308).
 */
const quantity = (min: "≥ 0" | "> 0", max: number) => {
  const limit = max.toLocaleString("en-US");
  const base = z.number({ error: (i) => `must be a number ${min}, got ${quoteValue(i.input)}` });
  const bounded = min === "> 0"
    ? base.positive({ error: (i) => `must be a number > 0, got ${quoteValue(i.input)}` })
    : base.nonnegative({ error: (i) => `must be a number ≥ 0, got ${quoteValue(i.input)}` });
  return z.preprocess(numericString, bounded.max(max, { error: (i) => `must be at most ${limit}, got ${quoteValue(i.input)}` }));
};
/** Bounds far beyond any real fleet, well inside what sums of them can hold. */
const MAX_TOKENS = 1e15;
const MAX_USD = 1e12;

/** Which regions a workload's data may be processed in, and whether it may leave for a third-party API. */
export const dataResidencySchema = z.strictObject({
  selfHostedOnly: z.boolean({ error: (i) => `must be true or false, got ${quoteValue(i.input)}` }).default(false),
  allowedRegions: z
    .array(
      z.string({ error: (i) => `must be a region or glob such as "eu-*", got ${quoteValue(i.input)}` })
        .regex(/^[a-z0-9*?-]+$/, { error: (i) => `must be a region or glob such as "eu-*", got ${quoteValue(i.input)}` })
        .max(MAX_GLOB_LENGTH, { error: `must be at most ${MAX_GLOB_LENGTH} characters (a region name or a short glob such as "eu-*")` }),
      { error: (i) => `must be a list of regions or globs such as ["eu-*"], got ${quoteValue(i.input)}` },
    )
    .min(1, { error: "must list at least one region (leave allowedRegions out to allow any)" })
    .optional(),
});

/** A whole count such as servers or instances: at least `min`, at most 10,000. */
const wholeCount = (min: number) =>
  z.preprocess(
    numericString,
    z
      .number({ error: (i) => `must be a whole number from ${min} to 10,000, got ${quoteValue(i.input)}` })
      .int({ error: (i) => `must be a whole number from ${min} to 10,000, got ${quoteValue(i.input)}` })
      .min(min, { error: (i) => `must be a whole number from ${min} to 10,000, got ${quoteValue(i.input)}` })
      .max(10_000, { error: (i) => `must be a whole number from ${min} to 10,000, got ${quoteValue(i.input)}` }),
  );

/** A purchase commitment that discounts the workload's on-demand cloud compute. */
export const commitmentSchema = z.strictObject({
  kind: z.enum(["savings-plan", "reserved"], {
    error: (i) => `must be savings-plan or reserved, got ${quoteValue(i.input)}`,
  }),
  termYears: z.union([z.literal(1), z.literal(3)], { error: (i) => `must be 1 or 3, got ${quoteValue(i.input)}` }),
  discount: z
    .number({ error: (i) => `must be a share between 0 and 1 such as 0.35, got ${quoteValue(i.input)}` })
    .min(0, { error: (i) => `must be a share between 0 and 1 such as 0.35, got ${quoteValue(i.input)}` })
    .lt(1, { error: (i) => `must be a share between 0 and 1 such as 0.35, got ${quoteValue(i.input)}` })
    .optional(),
});

/** Servers the organisation owns; no cloud resource describes them, so the workload does. */
export const ownedHardwareSchema = z.strictObject({
  name: z.string({ error: (i) => `must be a name for these servers, got ${quoteValue(i.input)}` }).min(1),
  accelerator: z.string({ error: (i) => `must be an accelerator id such as "h100-sxm", got ${quoteValue(i.input)}` }).min(1),
  acceleratorCount: wholeCount(1),
  count: wholeCount(1).default(1),
  purchaseUsd: quantity("> 0", MAX_USD),
  usefulLifeMonths: quantity("> 0", 1200),
  powerWatts: quantity("> 0", 1e6).optional(),
  colocationUsdPerMonth: quantity("≥ 0", MAX_USD).default(0),
  region: z
    .string({ error: (i) => `must be the region the servers run in, such as "eu-central-1", got ${quoteValue(i.input)}` })
    .regex(/^[a-z0-9-]+$/, { error: (i) => `must be a region id such as "eu-central-1", got ${quoteValue(i.input)}` })
    .optional(),
});

/** The open-weight model the fleet serves, so the pack can estimate throughput it was not told. */
export const servedModelSchema = z.strictObject({
  parametersBillions: quantity("> 0", 1e5),
  precision: z
    .enum(["bf16", "fp8", "int4"], { error: (i) => `must be bf16, fp8 or int4, got ${quoteValue(i.input)}` })
    .default("bf16"),
});

/**
 * How a day's traffic is spread over the 24 UTC hours: one non-negative weight per hour, at least one above 0; only
 * the proportions matter ([1, 1, …, 4, 4, …] and [25, 25, …, 100, 100, …] are the same day). Without it, traffic is flat.
 */
export const hourlyProfileSchema = z
  .array(quantity("≥ 0", MAX_TOKENS), {
    error: (i) => `must be a list of ${HOURS_PER_DAY} numbers, one per UTC hour, got ${quoteValue(i.input)}`,
  })
  .superRefine((weights, ctx) => {
    if (weights.length !== HOURS_PER_DAY) {
      ctx.addIssue({ code: "custom", message: `must list ${HOURS_PER_DAY} numbers, one per UTC hour, got ${weights.length}` });
      return;
    }
    // A bad weight has its own message; "no hour above 0" would only repeat it.
    if (weights.some((w) => typeof w !== "number" || !(w >= 0))) return;
    if (!weights.some((w) => w > 0)) ctx.addIssue({ code: "custom", message: "must have at least one hour above 0 (only the proportions matter)" });
  });

/** One workload's declaration under the stack config key gpu-breakeven:workloads.<name>. */
export const workloadSchema = z.strictObject({
  monthlyInputTokens: quantity("≥ 0", MAX_TOKENS),
  monthlyOutputTokens: quantity("≥ 0", MAX_TOKENS),
  managedModel: z
    .string({ error: (i) => `must be a model id such as "anthropic/claude-haiku-4-5", got ${quoteValue(i.input)}` })
    .min(1)
    .optional(),
  opsHoursPerMonth: quantity("≥ 0", 1e6).default(0),
  environment: z
    .enum(["production", "staging", "development"], {
      error: (i) => `must be production, staging or development, got ${quoteValue(i.input)}`,
    })
    .default("production"),
  tokensPerSecondPerInstance: quantity("> 0", 1e9).optional(),
  hourlyProfile: hourlyProfileSchema.optional(),
  model: servedModelSchema.optional(),
  cachedInputShare: z.preprocess(
    numericString,
    z
      .number({ error: (i) => `must be a share between 0 and 1 such as 0.4, got ${quoteValue(i.input)}` })
      .min(0, { error: (i) => `must be a share between 0 and 1 such as 0.4, got ${quoteValue(i.input)}` })
      .max(1, { error: (i) => `must be a share between 0 and 1 such as 0.4, got ${quoteValue(i.input)}` })
      .default(0),
  ),
  dataResidency: dataResidencySchema.optional(),
  commitment: commitmentSchema.optional(),
  ownedHardware: z
    .array(ownedHardwareSchema, { error: (i) => `must be a list of server groups, got ${quoteValue(i.input)}` })
    .optional(),
});

/** Every workload of a stack, by name. */
export const workloadsSchema = z.record(
  z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, {
    error: "workload names may hold letters, digits, '.', '_' and '-' and must start with a letter or digit",
  }),
  workloadSchema,
  { error: (i) => `must be a map from workload name to its declaration, got ${quoteValue(i.input)}` },
);

export type WorkloadDeclaration = z.infer<typeof workloadSchema>;
export type DataResidency = z.infer<typeof dataResidencySchema>;
export type Commitment = z.infer<typeof commitmentSchema>;
export type OwnedHardware = z.infer<typeof ownedHardwareSchema>;
export type ServedModel = z.infer<typeof servedModelSchema>;

function numericString(value: unknown): unknown {
  if (typeof value !== "string") return value;
  const trimmed = value.trim().replace(/_/g, "");
  return /^[0-9]+(\.[0-9]+)?([eE][+]?[0-9]+)?$/.test(trimmed) ? Number(trimmed) : value;
}


