import { z } from "zod";

/** ISO calendar date (YYYY-MM-DD) on which a figure was read from its source. */
const isoDate = z
  .string({ error: "must be a date written YYYY-MM-DD" })
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: "must be a date written YYYY-MM-DD", abort: true })
  .refine((s) => !Number.isNaN(Date.parse(s)), { error: "is not a real calendar date" });

const sourceRef = z.string({ error: "must name a source id from the file's sources" }).min(1);
const positive = (what: string) =>
  z.number({ error: `${what} must be a number` }).positive({ error: `${what} must be greater than 0` });

/** Where a set of figures came from, cited once per file and referenced by id. */
export const sourceSchema = z.strictObject({
  title: z.string().min(1),
  reference: z.string().min(1),
  asOf: isoDate,
});

/** One EC2 (or SageMaker ml.*) instance type with its accelerators and on-demand prices per region. */
export const instanceTypeSchema = z.strictObject({
  type: z.string().regex(/^(ml\.)?[a-z0-9-]+\.[a-z0-9-]+$/, { error: "must look like g6e.xlarge" }),
  accelerator: z.string().min(1),
  acceleratorCount: positive("acceleratorCount"),
  acceleratorMemoryGiB: positive("acceleratorMemoryGiB"),
  vcpu: positive("vcpu").int(),
  memoryGiB: positive("memoryGiB"),
  onDemandUsdPerHour: z.record(z.string().regex(/^[a-z]{2}(-gov)?-[a-z]+-\d$/, { error: "must be an AWS region id" }),
    positive("onDemandUsdPerHour")),
  source: sourceRef,
  asOf: isoDate,
  note: z.string().optional(),
});

/** Board power of one accelerator model. */
export const acceleratorSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9-]+$/),
  name: z.string().min(1),
  boardPowerWatts: positive("boardPowerWatts"),
  estimate: z.boolean().default(false),
  source: sourceRef,
  asOf: isoDate,
  note: z.string().optional(),
});

/** Price multiplier of an instance family in a region against its us-east-1 price. */
export const regionMultiplierSchema = z.strictObject({
  families: z.array(z.string().regex(/^[a-z0-9-]+$/)).min(1),
  region: z.string().regex(/^[a-z]{2}(-gov)?-[a-z]+-\d$/, { error: "must be an AWS region id" }),
  multiplier: positive("multiplier"),
  source: sourceRef,
  asOf: isoDate,
  note: z.string().optional(),
});

/** A managed LLM API model with its list prices in USD per million tokens. */
export const managedModelSchema = z
  .strictObject({
    id: z.string().regex(/^[a-z0-9-]+\/\S+$/, { error: "must be provider/model, e.g. anthropic/claude-haiku-4-5" }),
    inputUsdPerMillion: positive("inputUsdPerMillion"),
    outputUsdPerMillion: positive("outputUsdPerMillion"),
    cachedInputUsdPerMillion: positive("cachedInputUsdPerMillion").optional(),
    source: sourceRef,
    asOf: isoDate,
    note: z.string().optional(),
  });

export const instancesFileSchema = z.strictObject({
  sources: z.record(z.string(), sourceSchema),
  instances: z.array(instanceTypeSchema).min(1),
  regionMultipliers: z.array(regionMultiplierSchema).default([]),
});
export const acceleratorsFileSchema = z.strictObject({
  sources: z.record(z.string(), sourceSchema),
  accelerators: z.array(acceleratorSchema).min(1),
});
export const modelsFileSchema = z.strictObject({
  sources: z.record(z.string(), sourceSchema),
  models: z.array(managedModelSchema).min(1),
});

/** The compiled catalog: every file merged, validated, and keyed for lookup. */
export const catalogSchema = z.strictObject({
  asOf: isoDate,
  sources: z.record(z.string(), sourceSchema),
  instances: z.array(instanceTypeSchema),
  regionMultipliers: z.array(regionMultiplierSchema),
  accelerators: z.array(acceleratorSchema),
  models: z.array(managedModelSchema),
});

export type Source = z.infer<typeof sourceSchema>;
export type InstanceTypeEntry = z.infer<typeof instanceTypeSchema>;
export type AcceleratorEntry = z.infer<typeof acceleratorSchema>;
export type RegionMultiplierEntry = z.infer<typeof regionMultiplierSchema>;
export type ManagedModelEntry = z.infer<typeof managedModelSchema>;
export type Catalog = z.infer<typeof catalogSchema>;
