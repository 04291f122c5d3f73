import compiled from "./catalog.generated.json";
import type * as OverlayModule from "./overlay";
import type { Catalog } from "./schema";

// The YAML was parsed and validated when the package was built (scripts/build-catalog.ts), so loading
// is a lookup of an inlined object: no YAML parsing or zod compilation while a preview waits. When
// GPU_BREAKEVEN_CATALOG_OVERLAY names an overlay written by `gpu-breakeven catalog refresh`, its prices
// are applied once, on first use; an overlay that cannot be read or applied is ignored with a line on
// stderr, so a bad overlay never stops a preview.

let cached: { overlay: string | undefined; catalog: Catalog } | undefined;

/** The catalog that ships with the package, with the overlay named by GPU_BREAKEVEN_CATALOG_OVERLAY applied. */
export function shippedCatalog(): Catalog {
  const overlay = process.env.GPU_BREAKEVEN_CATALOG_OVERLAY || undefined;
  if (cached && cached.overlay === overlay) return cached.catalog;
  const base = compiled as unknown as Catalog;
  let catalog = base;
  if (overlay) {
    try {
      // Required here, not imported: without an overlay, loading the catalog parses nothing and loads no zod schema.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { applyOverlay, readOverlay } = require("./overlay") as typeof OverlayModule;
      catalog = applyOverlay(base, readOverlay(overlay)).catalog;
    } catch (e) {
      process.stderr.write(`gpu-breakeven: ignoring the catalog overlay ${overlay} (GPU_BREAKEVEN_CATALOG_OVERLAY): ${(e as Error).message.split("\n")[0]}\n`);
    }
  }
  cached = { overlay, catalog };
  return catalog;
}
