// Validates the catalog YAML and writes the compiled form the pack and CLI load at run time.
// A bad catalog fails the build here, never a preview.
import * as fs from "fs";
import * as path from "path";
import { CatalogError, compileCatalog } from "../src/catalog/compile";

const out = path.join(__dirname, "..", "src", "catalog", "catalog.generated.json");
try {
  const catalog = compileCatalog();
  fs.writeFileSync(out, JSON.stringify(catalog) + "\n");
  console.error(`catalog: ${catalog.instances.length} instance types, ${catalog.models.length} models, as of ${catalog.asOf}`);
} catch (e) {
  if (!(e instanceof CatalogError)) throw e;
  console.error(`The catalog is invalid:\n${e.message}`);
  process.exit(1);
}
