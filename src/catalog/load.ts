import compiled from "./catalog.generated.json";
import type { Catalog } from "./schema";

// The YAML was parsed and validated when the package was built (scripts/build-catalog.ts), so loading
// is a lookup of an inlined object: no YAML parsing or zod compilation while a preview waits.

/** The catalog that ships with the package. */
export function shippedCatalog(): Catalog {
  return compiled as unknown as Catalog;
}
