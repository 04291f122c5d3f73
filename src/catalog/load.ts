import * as fs from "fs";
import { resolveUserPath } from "../io/userPath";
import compiled from "./catalog.generated.json";
import type * as OverlayModule from "./overlay";
import type { Catalog } from "./schema";

// The YAML was parsed and validated when the package was built (scripts/build-catalog.ts), so loading
// is a lookup of an inlined object: no YAML parsing or zod compilation while a preview waits. A catalog overlay
// written by `gpu-breakeven catalog refresh` (named by GPU_BREAKEVEN_CATALOG_OVERLAY or the policy config's
// catalogOverlay) is applied on first use. Fail closed: an overlay that was asked for but cannot be read or
// applied is never ignored silently. The pack reports it as a mandatory pack-health finding (catalogWithOverlay
// returns the problem as data); shippedCatalog(), for the CLI and the library, throws.

/** The environment variable naming an overlay file for the pack and the CLI. */
export const OVERLAY_ENV = "GPU_BREAKEVEN_CATALOG_OVERLAY";

/** An overlay asked for: the path as given, and what set it (the env var, or the policy config key). */
export interface OverlayRequest {
  file: string;
  setBy: string;
}

/** A catalog with the overlay asked for applied, or the base catalog and why the overlay could not be applied. */
export interface CatalogLoad {
  catalog: Catalog;
  /** The overlay applied: its resolved path, what set it, and its date. */
  overlay?: { path: string; setBy: string; asOf: string };
  /** Why the overlay asked for was not applied; `catalog` is then the base catalog, unchanged. */
  problem?: OverlayProblem;
}

export interface OverlayProblem {
  /** The resolved path. */
  path: string;
  setBy: string;
  problem: string;
}

/** Far beyond any overlay (the refresh of every catalog price is some tens of kB): a bigger file is refused unread. */
const MAX_OVERLAY_BYTES = 16 * 1024 * 1024;

/** The catalog compiled into the package, without any overlay. */
export function compiledCatalog(): Catalog {
  return compiled as unknown as Catalog;
}

/** The catalog that ships with the package, with the overlay named by GPU_BREAKEVEN_CATALOG_OVERLAY applied. Throws when that overlay cannot be used. */
export function shippedCatalog(): Catalog {
  const file = process.env[OVERLAY_ENV] || undefined;
  const loaded = catalogWithOverlay(compiledCatalog(), file === undefined ? undefined : { file, setBy: OVERLAY_ENV });
  if (loaded.problem) throw new Error(overlayProblemText(loaded.problem));
  return loaded.catalog;
}

/** One line for an overlay that cannot be used: the path, what set it, why, and what to do. */
export function overlayProblemText(p: OverlayProblem): string {
  return `the catalog overlay ${p.path} (set by ${p.setBy}) cannot be used: ${p.problem}. ` +
    `Write it again with \`npx gpu-breakeven catalog refresh --out ${p.path}\`, or unset ${p.setBy}`;
}

// The last result per base catalog and file version (path, mtime, size): a preview applies an overlay once.
const cache = new WeakMap<Catalog, { key: string; loaded: CatalogLoad }>();

/**
 * `base` with the overlay of `request` applied. A relative path resolves against PWD, as the report's does. Never
 * throws: a file that is missing, unreadable, not JSON, not an overlay, or that does not apply to `base` comes back
 * as `problem`, with `base` unchanged.
 */
export function catalogWithOverlay(base: Catalog, request: OverlayRequest | undefined, env: NodeJS.ProcessEnv = process.env): CatalogLoad {
  if (request === undefined) return { catalog: base };
  const file = resolveUserPath(request.file, env);
  const fail = (problem: string): CatalogLoad => ({ catalog: base, problem: { path: file, setBy: request.setBy, problem } });
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch (e) {
    return fail(fsProblem(e));
  }
  if (!stat.isFile()) return fail(stat.isDirectory() ? "it is a directory, not an overlay file" : "it is not a regular file");
  if (stat.size > MAX_OVERLAY_BYTES) return fail(`it is ${stat.size} bytes, more than any catalog overlay (at most ${MAX_OVERLAY_BYTES})`);
  const key = `${file}\0${stat.mtimeMs}\0${stat.size}\0${request.setBy}`;
  const hit = cache.get(base);
  if (hit && hit.key === key) return hit.loaded;
  const loaded = readAndApply(base, file, request.setBy, fail);
  cache.set(base, { key, loaded });
  return loaded;
}

function readAndApply(base: Catalog, file: string, setBy: string, fail: (problem: string) => CatalogLoad): CatalogLoad {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (e) {
    return fail(fsProblem(e));
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return fail(`it is not JSON (${firstLine(e)})`);
  }
  // Required here, not imported: without an overlay, loading the catalog parses nothing and loads no zod schema.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { applyOverlay, checkOverlay } = require("./overlay") as typeof OverlayModule;
  const checked = checkOverlay(raw);
  if ("problem" in checked) return fail(`it is not a catalog overlay: ${checked.problem}`);
  try {
    const catalog = applyOverlay(base, checked.overlay).catalog;
    return { catalog, overlay: { path: file, setBy, asOf: checked.overlay.asOf } };
  } catch (e) {
    const issue = (e as { issues?: { path: PropertyKey[]; message: string }[] }).issues?.[0];
    return fail(`it does not apply to the catalog: ${issue ? `${issue.path.map(String).join(".")} ${issue.message}` : firstLine(e)}`);
  }
}

function fsProblem(e: unknown): string {
  switch ((e as NodeJS.ErrnoException).code) {
    case "ENOENT":
      return "no such file";
    case "EACCES":
    case "EPERM":
      return "permission denied";
    case "EISDIR":
      return "it is a directory, not an overlay file";
    case "ENOTDIR":
      return "a part of the path is not a directory";
    default:
      return `it cannot be read (${firstLine(e)})`;
  }
}

function firstLine(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).split("\n")[0].slice(0, 200);
}
