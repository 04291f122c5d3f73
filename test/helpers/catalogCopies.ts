// Broken copies of the shipped catalog for validation tests: copy the three YAML files to a temp dir, edit one.
import assert from "node:assert/strict";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { CatalogError, catalogDataDir, compileCatalog } from "../../src/catalog/compile";

export const CATALOG_FILES = ["instances.yaml", "accelerators.yaml", "models.yaml"] as const;
export type CatalogFile = (typeof CATALOG_FILES)[number];

/** Makes copies; call `cleanup` in an `after` hook. */
export function catalogCopies(prefix: string) {
  const dirs: string[] = [];
  return {
    /** Copies the shipped catalog into a temp dir, applies `edit` to one file's text, and returns the dir. */
    mutated(file: CatalogFile, edit: (text: string) => string): string {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
      dirs.push(dir);
      for (const name of CATALOG_FILES) {
        const text = fs.readFileSync(path.join(catalogDataDir, name), "utf8");
        const out = name === file ? edit(text) : text;
        if (name === file) assert.notEqual(out, text, "the mutation did not change the file");
        fs.writeFileSync(path.join(dir, name), out);
      }
      return dir;
    },
    cleanup(): void {
      for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Asserts that compiling `dir` throws a CatalogError whose message is exactly `expected`. */
export function assertCatalogRejects(dir: string, expected: string): void {
  assert.throws(
    () => compileCatalog(dir),
    (e: unknown) => {
      assert.ok(e instanceof CatalogError, `expected a CatalogError, got ${String(e)}`);
      assert.equal(e.message, expected);
      return true;
    },
  );
}
