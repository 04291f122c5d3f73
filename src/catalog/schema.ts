import { AWS_REGION_PATTERN } from "../text/awsNames";
import { z } from "zod";

/** ISO calendar date (YYYY-MM-DD) on which a figure was read from its source. */
const isoDate = z
  .string({ error: "must be a date written YYYY-MM-DD" })
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: "must be a date written YYYY-MM-DD", abort: true })
  // Date.parse("2026-09-31") is a number (1 October): a real date is one that reads back as itself.
  .refine((s) => !Number.isNaN(Date.parse(s)) && new Date(`${s}T00:00:00Z`).toISOString().slice(0, 10) === s, { error: "is not a real calendar date" });

const sourceRef = z.string({ error: "must name a source id from the file's sources" }).min(1);
const regionId = z.string().regex(AWS_REGION_PATTERN, { error: "must be an AWS region id" });
const familyId = z.string().regex(/^[a-z0-9-]+$/, { error: "must be an instance family such as g6e or p6-b200" });
/** An EC2 family (g6e) or a SageMaker one (ml.g6e): what a not-offered entry names. */
const offeringFamilyId = z.string().regex(/^(ml\.)?[a-z0-9-]+$/, { error: "must be an instance family such as g6e, p6-b200 or ml.g5" });
const instanceTypeName = z.string().regex(/^(ml\.)?[a-z0-9-]+\.[a-z0-9-]+$/, { error: "must look like g6e.xlarge" });
const positive = (what: string) =>
  z.number({ error: `${what} must be a number` }).positive({ error: `${what} must be greater than 0` });

/**
 * Who published a source's figures: the provider that bills them (its own price page or price list), an
 * aggregator that copies many providers' prices (LiteLLM, instances.vantage.sh), another third party, or
 * the gpu-breakeven maintainers (an estimate). Where an aggregator and the provider disagree, the provider wins.
 */
export const publisherSchema = z.enum(["provider", "aggregator", "third-party", "maintainers"]);

/** Where a set of figures came from, cited once per file and referenced by id. */
export const sourceSchema = z.strictObject({
  title: z.string().min(1),
  reference: z.string().min(1),
  asOf: isoDate,
  publisher: publisherSchema.optional(),
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
  /**
   * true when the entry's price was not read but derived (its note shows the arithmetic and the figures it
   * used): the price is then reported as an estimate, like one from a regional multiplier.
   */
  estimate: z.boolean().optional(),
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

/**
 * Price ratio of one instance family in a region against us-east-1, measured on a type of that same family
 * whose published prices in both regions the catalog lists (measuredOn). It prices only types of that family
 * (EC2 types, and the SageMaker ml.<family> types, whose EC2 ratio it borrows) that have no price of their own
 * in the region, and a price it gives is always an estimate. Another family's ratio is never used.
 */
export const regionMultiplierSchema = z.strictObject({
  family: familyId,
  region: regionId,
  multiplier: positive("multiplier"),
  /** The EC2 type and the two published prices the ratio was measured on: regionUsdPerHour ÷ usEast1UsdPerHour. */
  measuredOn: z.strictObject({
    type: instanceTypeName,
    usEast1UsdPerHour: positive("usEast1UsdPerHour"),
    regionUsdPerHour: positive("regionUsdPerHour"),
  }),
  /** A price derived from a multiplier is an estimate, always. */
  estimate: z.literal(true, { error: "a price from a regional multiplier is an estimate: estimate must be true" }),
  source: sourceRef,
  asOf: isoDate,
  note: z.string().optional(),
});

/**
 * Instance families (or single types) that AWS does not offer in some regions, per the cited source: the
 * catalog then gives no price there, and says "not offered" rather than "not priced". A family names EC2
 * types; the SageMaker types of a family are only covered when the entry names "ml.<family>".
 */
export const notOfferedSchema = z
  .strictObject({
    families: z.array(offeringFamilyId).min(1).optional(),
    types: z.array(instanceTypeName).min(1).optional(),
    regions: z.array(regionId).min(1),
    source: sourceRef,
    asOf: isoDate,
    note: z.string().optional(),
  })
  .refine((e) => (e.families !== undefined) !== (e.types !== undefined), { error: "must name either families or types" });

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

/**
 * One effective-dated price of a managed model: in force from `from` through `until` (ISO dates, both
 * inclusive, both UTC days); the first period may leave `from` open and the last `until`. Periods follow
 * one another without a gap or an overlap (compile checks it).
 */
export const modelPricePeriodSchema = z.strictObject({
  from: isoDate.optional(),
  until: isoDate.optional(),
  inputUsdPerMillion: positive("inputUsdPerMillion"),
  outputUsdPerMillion: positive("outputUsdPerMillion"),
  cachedInputUsdPerMillion: positive("cachedInputUsdPerMillion").optional(),
  /** The period's own source when it is not the model's. */
  source: sourceRef.optional(),
  asOf: isoDate.optional(),
  note: z.string().optional(),
});

/** The price a model charges for a whole request whose prompt is longer than aboveInputTokens. */
export const longContextPriceSchema = z.strictObject({
  aboveInputTokens: z.number().int().positive(),
  inputUsdPerMillion: positive("inputUsdPerMillion"),
  outputUsdPerMillion: positive("outputUsdPerMillion"),
  cachedInputUsdPerMillion: positive("cachedInputUsdPerMillion").optional(),
  /** The tier's own source when it is not the model's. */
  source: sourceRef.optional(),
});

/** An aggregator's price that disagrees with the provider's own (the entry's); kept so the note can be checked. */
export const aggregatorPriceSchema = z.strictObject({
  source: sourceRef,
  inputUsdPerMillion: positive("inputUsdPerMillion"),
  outputUsdPerMillion: positive("outputUsdPerMillion"),
  cachedInputUsdPerMillion: positive("cachedInputUsdPerMillion").optional(),
});

/**
 * One way to call a managed model and where it may then process data: the provider's own API, a cloud's regional or
 * geographic endpoint. `regions` are AWS-style region globs ("*" anywhere, "eu-*" Europe, "us-east-1"), so that a
 * workload's allowedRegions judge them as they judge its fleet; a non-AWS location is written as the AWS-style glob
 * of its geography (Vertex AI's EU multi-region → "eu-*").
 */
export const processingOfferingSchema = z.strictObject({
  /** How the API is called so that it processes there ("Amazon Bedrock, EU geographic cross-Region inference profile"). */
  via: z.string().min(1, { error: "must say how the API is called (endpoint, profile or setting)" }),
  regions: z
    .array(z.string().regex(/^[a-z0-9*?-]{1,64}$/, { error: 'must be an AWS-style region glob such as "eu-*", "us-east-1" or "*"' }))
    .min(1, { error: "must list where the offering may process data" }),
  /** The offering's price against the model's list price: 1.1 = 10% more. */
  priceFactor: z.number().positive().max(10, { error: "must be at most 10 (a factor on the model's list price)" }).optional(),
  /** True when priceFactor is a published rule of thumb ("about 10%"), not a price read per model. */
  estimate: z.boolean().optional(),
  source: sourceRef,
  note: z.string().optional(),
});

const modelFields = {
  id: z.string().regex(/^[a-z0-9-]+\/\S+$/, { error: "must be provider/model, e.g. anthropic/claude-haiku-4-5" }),
  /** Source id of the cached-input price when it is not the entry's (a provider's caching page, say). */
  cachedInputSource: sourceRef.optional(),
  /** Effective-dated prices; the entry's own prices are those of the latest period. */
  periods: z.array(modelPricePeriodSchema).min(1).optional(),
  longContext: longContextPriceSchema.optional(),
  /** The aggregator's differing figure, where the entry carries the provider's own price instead. */
  aggregator: aggregatorPriceSchema.optional(),
  /** The date the provider retires (or deprecated) this id; the entry stays so a stack using it is still priced. */
  deprecatedOn: isoDate.optional(),
  /** The model's key in LiteLLM's price file when it is not derived from the id (see src/catalog/import/litellm.ts). */
  litellmKey: z.string().min(1).optional(),
  /** Where the model may process data, besides its provider's offerings (modelsFile.providerProcessing). */
  processing: z.array(processingOfferingSchema).min(1).optional(),
  source: sourceRef,
  asOf: isoDate,
  note: z.string().optional(),
};

/** A managed LLM API model with its list prices in USD per million tokens (the compiled form: prices always set). */
export const managedModelSchema = z.strictObject({
  ...modelFields,
  inputUsdPerMillion: positive("inputUsdPerMillion"),
  outputUsdPerMillion: positive("outputUsdPerMillion"),
  cachedInputUsdPerMillion: positive("cachedInputUsdPerMillion").optional(),
});

/** A model as written in models.yaml: its prices, or its periods (the compiled entry takes the latest period's). */
export const managedModelFileSchema = z
  .strictObject({
    ...modelFields,
    inputUsdPerMillion: positive("inputUsdPerMillion").optional(),
    outputUsdPerMillion: positive("outputUsdPerMillion").optional(),
    cachedInputUsdPerMillion: positive("cachedInputUsdPerMillion").optional(),
  })
  .refine((m) => m.periods !== undefined || (m.inputUsdPerMillion !== undefined && m.outputUsdPerMillion !== undefined), {
    error: "needs inputUsdPerMillion and outputUsdPerMillion, or periods",
  })
  .refine((m) => m.periods === undefined || (m.inputUsdPerMillion === undefined && m.outputUsdPerMillion === undefined && m.cachedInputUsdPerMillion === undefined), {
    error: "with periods, the prices belong in the periods (the entry takes the latest one's)",
  });

export const instancesFileSchema = z.strictObject({
  sources: z.record(z.string(), sourceSchema),
  instances: z.array(instanceTypeSchema).min(1),
  regionMultipliers: z.array(regionMultiplierSchema).default([]),
  notOffered: z.array(notOfferedSchema).default([]),
  spotDiscounts: z.array(spotDiscountSchema).default([]),
  commitmentDiscounts: z.array(commitmentDiscountSchema).default([]),
});
export const acceleratorsFileSchema = z.strictObject({
  sources: z.record(z.string(), sourceSchema),
  accelerators: z.array(acceleratorSchema).min(1),
});
export const modelsFileSchema = z.strictObject({
  sources: z.record(z.string(), sourceSchema),
  /** Where each provider's own API processes data, for every model whose id starts with "<provider>/". */
  providerProcessing: z.record(z.string(), z.array(processingOfferingSchema).min(1)).default({}),
  models: z.array(managedModelFileSchema).min(1),
});

/** The compiled catalog: every file merged, validated, and keyed for lookup. */
export const catalogSchema = z.strictObject({
  asOf: isoDate,
  sources: z.record(z.string(), sourceSchema),
  instances: z.array(instanceTypeSchema),
  regionMultipliers: z.array(regionMultiplierSchema),
  notOffered: z.array(notOfferedSchema).default([]),
  spotDiscounts: z.array(spotDiscountSchema).default([]),
  commitmentDiscounts: z.array(commitmentDiscountSchema).default([]),
  accelerators: z.array(acceleratorSchema),
  models: z.array(managedModelSchema),
});

export type Source = z.infer<typeof sourceSchema>;
export type ProcessingOffering = z.infer<typeof processingOfferingSchema>;
export type InstanceTypeEntry = z.infer<typeof instanceTypeSchema>;
export type AcceleratorEntry = z.infer<typeof acceleratorSchema>;
export type AcceleratorMemoryVariant = z.infer<typeof acceleratorMemoryVariantSchema>;
export type RegionMultiplierEntry = z.infer<typeof regionMultiplierSchema>;
export type NotOfferedEntry = z.infer<typeof notOfferedSchema>;
export type ModelPricePeriod = z.infer<typeof modelPricePeriodSchema>;
export type LongContextPrice = z.infer<typeof longContextPriceSchema>;
export type ManagedModelFileEntry = z.infer<typeof managedModelFileSchema>;
export type SpotDiscountEntry = z.infer<typeof spotDiscountSchema>;
export type CommitmentDiscountEntry = z.infer<typeof commitmentDiscountSchema>;
export type ManagedModelEntry = z.infer<typeof managedModelSchema>;
export type Catalog = z.infer<typeof catalogSchema>;
