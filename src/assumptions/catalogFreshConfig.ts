import { z } from "zod";

/** The policy's stable name. */
export const CATALOG_FRESH = "catalog-fresh";

/**
 * catalog-fresh's config: how old the catalog may be, in days, before the policy says so. Kept apart from the
 * policy (which reads the compiled catalog) so the build can turn it into JSON Schema before any catalog exists.
 */
export const catalogFreshConfigZod = z.strictObject({
  maxAgeDays: z
    .number()
    .positive()
    .default(120)
    .describe("Days after the catalog's date (its newest price) at which the pack warns that its prices may be stale."),
});
