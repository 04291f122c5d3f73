// Build-time work, so that loading the pack does none of it (a preview waits for every millisecond):
//  1. validates the catalog YAML and writes the compiled form the pack and CLI load at run time — a bad
//     catalog fails the build here (exit 1, every problem with its file and key), never a preview;
//  2. turns the policy configs' zod schemas into the JSON Schemas the policies publish as configSchema
//     (z.toJSONSchema), so the pack does not compile them at import.
//
//   tsx scripts/build-catalog.ts [--data DIR] [--out FILE] [--schemas FILE]
//
// --data (or GPU_BREAKEVEN_CATALOG_DIR): the folder of instances.yaml, accelerators.yaml, models.yaml
// (default src/catalog/data). --out: the compiled catalog (default src/catalog/catalog.generated.json).
// --schemas: the JSON Schemas (default src/assumptions/configSchema.generated.json); with --data or --out
// and no --schemas, no schema file is written, so checking a catalog copy never touches the source tree.
import * as fs from "fs";
import * as path from "path";
import { parseArgs } from "util";
import { assumptionsSchema } from "../src/assumptions/schema";
import { configSchemaOf } from "../src/assumptions/publishedSchema";
import { CatalogError, compileCatalog } from "../src/catalog/compile";
import { writeFileWhole } from "../src/io/writeWhole";
import { CATALOG_FRESH, catalogFreshConfigZod } from "../src/assumptions/catalogFreshConfig";

const root = path.join(__dirname, "..");
const { values } = parseArgs({
  options: { data: { type: "string" }, out: { type: "string" }, schemas: { type: "string" } },
  allowPositionals: false,
});
const dataDir = values.data ?? process.env.GPU_BREAKEVEN_CATALOG_DIR;
const out = values.out ?? path.join(root, "src", "catalog", "catalog.generated.json");
const schemasOut = values.schemas ?? (dataDir || values.out ? undefined : path.join(root, "src", "assumptions", "configSchema.generated.json"));

let catalog;
try {
  catalog = compileCatalog(dataDir ? path.resolve(dataDir) : undefined);
} catch (e) {
  if (!(e instanceof CatalogError)) throw e;
  console.error(`The catalog is invalid${dataDir ? ` (${path.resolve(dataDir)})` : ""}:\n${e.message}`);
  process.exit(1);
}
writeFileWhole(out, JSON.stringify(catalog) + "\n", "the compiled catalog");
console.error(`catalog: ${catalog.instances.length} instance types, ${catalog.models.length} models, as of ${catalog.asOf}`);

if (schemasOut) {
  const schemas: Record<string, { properties: Record<string, unknown>; required: string[] }> = {
    assumptions: configSchemaOf(assumptionsSchema),
    [CATALOG_FRESH]: configSchemaOf(catalogFreshConfigZod),
  };
  writeFileWhole(schemasOut, JSON.stringify(schemas, null, 2) + "\n", "the config schemas");
  console.error(`config schemas: ${Object.keys(schemas).join(", ")}`);
}
