import { AWS_REGION_PATTERN } from "../text/awsNames";
import { z } from "zod";

/** ISO calendar date (YYYY-MM-DD) on which a figure was read from its source. */
const isoDate = z
  .string({ error: "must be a date written YYYY-MM-DD" })
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: "must be a date written YYYY-MM-DD", abort: true })
  .refine((s) => !Number.isNaN(Date.parse(s)), { error: "is not a real calendar date" });

const sourceRef = z.string({ error: "must name a source id from the file's sources" }).min(1);
const regionId = z.string().regex(AWS_REGION_PATTERN, { error: "must be an AWS region id" });
const familyId = z.string().regex(/^[a-z0-9-]+$/, { error: "must be an instance family such as g6e or p6-b200" });
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
  onDemandUsdPerHour: z.record(regionId, positive("onDemandUsdPerHour")),
  source: sourceRef,
  asOf: isoDate,
  /** Regions whose price came from another source than the entry's (e.g. an import-aws run); its asOf is the source's. */
  priceSources: z.record(regionId, sourceRef).optional(),
  note: z.string().optional(),
});

/** A memory size of an accelerator with its own bandwidth (A100 SXM4 80 GB: 2,039 GB/s; the 40 GB part: 1,555 GB/s). */
export const acceleratorMemoryVariantSchema = z.strictObject({
  /** Matches the acceleratorMemoryGiB of the instance entries that carry this variant (p4de.24xlarge: 80). */
  memoryGiB: positive("memoryGiB"),
  memoryBandwidthGBps: positive("memoryBandwidthGBps"),
  /** Source id of this figure when it is not the accelerator's bandwidthSource. */
  bandwidthSource: sourceRef.optional(),
  note: z.string().optional(),
});

/** Board power and memory bandwidth of one accelerator model. */
export const acceleratorSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9-]+$/),
  name: z.string().min(1),
  /** Other names the accelerator goes by (h100-sxm, a100-sxm4-80gb): lower case, words joined by "-". */
  aliases: z.array(z.string().regex(/^[a-z0-9-]+$/, { error: "must be lower case, words joined by -" })).default([]),
  boardPowerWatts: positive("boardPowerWatts"),
  estimate: z.boolean().default(false),
  source: sourceRef,
  asOf: isoDate,
  note: z.string().optional(),
  /** Datasheet memory bandwidth of one accelerator, GB/s (10^9 bytes/s); decode throughput is estimated from it. */
  memoryBandwidthGBps: positive("memoryBandwidthGBps"),
  /** Source id of the bandwidth figure when it is not `source` (which cites the board power). */
  bandwidthSource: sourceRef.optional(),
  /** True when the bandwidth was not read for this accelerator (derived or assumed); bandwidthNote says how. */
  bandwidthEstimate: z.boolean().default(false),
  bandwidthNote: z.string().optional(),
  /** Memory sizes of this accelerator with another bandwidth than memoryBandwidthGBps, matched on acceleratorMemoryGiB. */
  memoryVariants: z.array(acceleratorMemoryVariantSchema).optional(),
});

/** Price multiplier of an instance family in a region against its us-east-1 price. */
export const regionMultiplierSchema = z.strictObject({
  families: z.array(familyId).min(1),
  region: regionId,
  multiplier: positive("multiplier"),
  /** true when the ratio itself is assumed (no price of the family in that region was read); the note says why. */
  estimate: z.boolean().default(false),
  source: sourceRef,
  asOf: isoDate,
  note: z.string().optional(),
});

const share = (what: string) =>
  z.number({ error: `${what} must be a number` })
    .gt(0, { error: `${what} must be above 0` })
    .lt(1, { error: `${what} must be below 1 (a share of the on-demand price)` });

/** Typical spot discount of an instance family against its on-demand price. Always an estimate: spot prices drift. */
export const spotDiscountSchema = z.strictObject({
  families: z.array(familyId).min(1),
  discount: share("discount"),
  /** The observed range the discount was chosen from, as shares. */
  range: z.tuple([share("range"), share("range")]),
  source: sourceRef,
  asOf: isoDate,
  note: z.string().optional(),
});

/** Default discount of a savings plan or reserved-instance commitment against on-demand. */
export const commitmentDiscountSchema = z.strictObject({
  kind: z.enum(["savings-plan", "reserved"]),
  termYears: z.literal([1, 3]),
  discount: share("discount"),
  estimate: z.boolean(),
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
    /** The model's key in LiteLLM's price file when it is not derived from the id (see src/catalog/import/litellm.ts). */
    litellmKey: z.string().min(1).optional(),
    source: sourceRef,
    asOf: isoDate,
    note: z.string().optional(),
  });

export const instancesFileSchema = z.strictObject({
  sources: z.record(z.string(), sourceSchema),
  instances: z.array(instanceTypeSchema).min(1),
  regionMultipliers: z.array(regionMultiplierSchema).default([]),
  spotDiscounts: z.array(spotDiscountSchema).default([]),
  commitmentDiscounts: z.array(commitmentDiscountSchema).default([]),
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
  spotDiscounts: z.array(spotDiscountSchema).default([]),
  commitmentDiscounts: z.array(commitmentDiscountSchema).default([]),
  accelerators: z.array(acceleratorSchema),
  models: z.array(managedModelSchema),
});

export type Source = z.infer<typeof sourceSchema>;
export type InstanceTypeEntry = z.infer<typeof instanceTypeSchema>;
export type AcceleratorEntry = z.infer<typeof acceleratorSchema>;
export type AcceleratorMemoryVariant = z.infer<typeof acceleratorMemoryVariantSchema>;
export type RegionMultiplierEntry = z.infer<typeof regionMultiplierSchema>;
export type SpotDiscountEntry = z.infer<typeof spotDiscountSchema>;
export type CommitmentDiscountEntry = z.infer<typeof commitmentDiscountSchema>;
export type ManagedModelEntry = z.infer<typeof managedModelSchema>;
export type Catalog = z.infer<typeof catalogSchema>;
