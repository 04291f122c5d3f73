import { z } from "zod";

// Every key has a default, so an organisation sets only what it wants to change. Shapes stay free of
// unions: the SDK's config-schema type has no anyOf/oneOf and Pulumi Cloud's editor renders plain shapes best.
// Upper bounds far beyond any real price keep every product the model forms finite.
const usdPerHour = z
  .number()
  .positive({ error: "must be a price in USD per hour greater than 0" })
  .max(1e6, { error: "must be at most $1,000,000 per hour" });
const usdPerMillion = z.number().nonnegative().max(1e6, { error: "must be at most $1,000,000 per million tokens" });

/** The organisation-wide cost assumptions every cost policy shares (DESIGN.md §4). */
export const assumptionsSchema = z.strictObject({
  hoursPerMonth: z
    .number()
    .positive()
    .max(744, { error: "must be at most 744 (31 days × 24 h)" })
    .default(730)
    .describe("Billing hours in a month (AWS and Infracost use 730)."),
  stressUtilization: z
    .number()
    .gt(0, { error: "must be greater than 0" })
    .lt(1, { error: "must be below 1 (1 would be the declared volume itself)" })
    .default(0.5)
    .describe("The share of the declared token volume used for the stress test ('at half utilization')."),
  opsUsdPerHour: z
    .number()
    .nonnegative()
    .max(1e6)
    .default(100)
    .describe("Fully loaded cost of one engineering hour spent running the fleet, in USD."),
  electricityUsdPerKwh: z
    .number()
    .nonnegative()
    .max(1000)
    .default(0.0895)
    .describe("Electricity price for owned or colocated hardware, USD per kWh (EIA 2023, Virginia commercial)."),
  pue: z
    .number()
    .min(1, { error: "must be at least 1.0" })
    .max(3)
    .default(1.58)
    .describe("Power usage effectiveness of the data centre for owned hardware (Uptime Institute 2023 average)."),
  spotDiscount: z
    .number()
    .min(0)
    .lt(1, { error: "must be below 1" })
    .optional()
    .describe("Share off on-demand for spot capacity, for every family; when unset, the catalog's per-family figure."),
  ownedPowerLoadFactor: z
    .number()
    .positive()
    .max(3)
    .default(1)
    .describe(
      "Average whole-server draw of owned hardware as a multiple of its accelerators' summed board power, used when " +
        "powerWatts is not declared: servers draw 1.2–1.5× the GPUs' TDP at full load and GPUs average about 57–75% " +
        "of TDP in service, so about 1.0.",
    ),
  instancePrices: z
    .record(z.string(), usdPerHour)
    .default({})
    .describe("USD per hour by instance type, any region; wins over the catalog."),
  regionalInstancePrices: z
    .record(z.string(), z.record(z.string(), usdPerHour))
    .default({})
    .describe("USD per hour by region, then instance type; wins over instancePrices."),
  managedModels: z
    .record(
      z.string(),
      z.strictObject({
        inputUsdPerMillion: usdPerMillion,
        outputUsdPerMillion: usdPerMillion,
      }),
    )
    .default({})
    .describe("Managed API prices in USD per million tokens by model id; adds to or wins over the catalog."),
  defaultManagedModel: z
    .string()
    .min(1)
    .default("anthropic/claude-haiku-4-5")
    .describe("The managed model a workload is compared with when it names none."),
  frontierModel: z
    .string()
    .min(1)
    .default("anthropic/claude-opus-5")
    .describe("A frontier model whose monthly cost at V the report shows beside the declared model (\"try a frontier and a fast model\")."),
  fastModel: z
    .string()
    .min(1)
    .default("google/gemini-2.5-flash")
    .describe("A fast, cheap model whose monthly cost at V the report shows beside the declared model."),
  catalogOverlay: z
    .string()
    .min(1, { error: "must be the path of a catalog overlay file" })
    .max(4096, { error: "must be a path of at most 4,096 characters" })
    .optional()
    .describe(
      "Path of the catalog overlay `gpu-breakeven catalog refresh` writes, applied to the shipped catalog (relative: to the " +
        "directory the preview runs in). One that cannot be read or applied is a mandatory pack-health finding. " +
        "GPU_BREAKEVEN_CATALOG_OVERLAY wins when both are set.",
    ),
});

export type Assumptions = z.infer<typeof assumptionsSchema>;
