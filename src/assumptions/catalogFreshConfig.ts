import { z } from "zod";

/** The policy's stable name. */
export const CATALOG_FRESH = "catalog-fresh";

/**
 * The default age limits, in days, of the two classes of prices catalog-fresh judges (docs/catalog.md#freshness):
 * cloud list prices (EC2 and SageMaker on-demand) move rarely, managed API prices often. 45 days is the monthly
 * `catalog refresh` with two weeks' grace: it fires once a refresh was missed.
 */
export const FRESHNESS_DEFAULTS = { instancePriceMaxAgeDays: 180, managedPriceMaxAgeDays: 45 } as const;

const days = () => z.number().positive();

/**
 * catalog-fresh's config: how old, in days, a price the verdicts use may be before the policy says so. No zod
 * defaults: maxAgeDays, when set, replaces both class defaults, so the pack must see which keys the user set
 * (src/analysis/freshness.ts `freshnessLimits`). Kept apart from the policy (which reads the compiled catalog) so
 * the build can turn it into JSON Schema before any catalog exists.
 */
export const catalogFreshConfigZod = z.strictObject({
  maxAgeDays: days()
    .optional()
    .describe(
      "Days after its source's date at which any price the verdicts use counts as stale, for every class; " +
        "replaces the defaults of instancePriceMaxAgeDays and managedPriceMaxAgeDays (a class key set beside it wins for its class). Default: unset.",
    ),
  instancePriceMaxAgeDays: days()
    .optional()
    .describe(
      `Days after its source's date at which an EC2 or SageMaker on-demand price the verdicts use counts as stale. Default: ${FRESHNESS_DEFAULTS.instancePriceMaxAgeDays} (maxAgeDays when set).`,
    ),
  managedPriceMaxAgeDays: days()
    .optional()
    .describe(
      `Days after its source's date at which a managed API price the verdicts use counts as stale. Default: ${FRESHNESS_DEFAULTS.managedPriceMaxAgeDays} (maxAgeDays when set).`,
    ),
});

export type CatalogFreshConfig = z.infer<typeof catalogFreshConfigZod>;
