import * as fs from "fs";
import * as path from "path";
import { parseArgs } from "util";
import { importAwsOffer } from "../../catalog/import/importAws";
import { importLitellm } from "../../catalog/import/importLitellm";
import {
  CatalogFileName,
  findCatalogDataDir,
  openCatalogFile,
  renderCatalogFile,
  today,
  validateReplacement,
} from "../../catalog/import/yamlEdit";
import { instanceRows, ModelRow, modelRows } from "../../catalog/listing";
import { diffCatalogs, loadCatalogFrom, renderDiff } from "../../catalog/refresh/diff";
import { refreshCatalog, RefreshError } from "../../catalog/refresh/refresh";
import { defaultAssumptions } from "../../assumptions/parse";
import { shippedCatalog } from "../../catalog/load";
import { PriceBook } from "../../catalog/prices";
import { writeFileWhole } from "../../io/writeWhole";
import { textTable } from "../../text/table";
import { Command, UsageError } from "../command";

const USAGE = `gpu-breakeven catalog instances [--region R] [--json]
  gpu-breakeven catalog models [--json]
  gpu-breakeven catalog import-aws OFFER.json [--as-of YYYY-MM-DD] [--data-dir DIR] [--out FILE]
  gpu-breakeven catalog import-litellm PRICES.json [--as-of YYYY-MM-DD] [--add ID]... [--data-dir DIR] [--out FILE]
    List the instance types and managed models the pack prices, with source and date; or re-read
    prices from an AWS Price List offer file (EC2) or a LiteLLM price file into src/catalog/data/*.yaml
    (in place, or to --out FILE). Run npm run build afterwards: the pack uses the compiled catalog.
  gpu-breakeven catalog refresh [--out FILE] [--source-url NAME=URL]... [--region R]... [--as-of YYYY-MM-DD] [--data-dir DIR] [--timeout SECONDS]
    Download LiteLLM's price table and the EC2 offer file of each catalog region (sources litellm,
    aws-<region>), re-read the catalog's prices from them, validate, and write a dated overlay
    (default catalog-overlay.json) that the pack and the CLI load when GPU_BREAKEVEN_CATALOG_OVERLAY
    or the policy config's catalogOverlay names it. All or nothing: on any failure nothing is written and it exits 2 saying which source and why.
  gpu-breakeven catalog diff OLD NEW [--json]
    Prices changed (old → new, % change), entries added and removed. OLD and NEW are each a catalog
    data folder, a compiled catalog JSON, or an overlay JSON (NEW's overlay applies to OLD).`;

/** `catalog`: list the catalog, or update its YAML from a downloaded price file. */
export const catalog: Command = {
  name: "catalog",
  usage: USAGE,
  async run(argv) {
    const [sub, ...rest] = argv;
    switch (sub) {
      case "instances":
        return listInstances(rest);
      case "models":
        return listModels(rest);
      case "import-aws":
        return runImport(rest, "instances.yaml");
      case "import-litellm":
        return runImport(rest, "models.yaml");
      case "refresh":
        return runRefresh(rest);
      case "diff":
        return runDiff(rest);
      default:
        throw new UsageError(sub ? `unknown catalog subcommand "${sub}"` : "catalog needs a subcommand");
    }
  },
};

function book(): PriceBook {
  return new PriceBook(shippedCatalog(), defaultAssumptions());
}

function listInstances(argv: string[]): number {
  const { values } = parseArgs({ args: argv, options: { region: { type: "string" }, json: { type: "boolean" } } });
  const prices = book();
  if (values.region !== undefined && !prices.regionKnown(values.region)) {
    throw new Error(`the catalog prices nothing in "${values.region}"; it knows ${prices.knownRegions().join(", ")}`);
  }
  const rows = instanceRows(prices, values.region);
  if (values.json) {
    console.log(JSON.stringify(rows, null, 2));
    return 0;
  }
  console.log(textTable(
    ["instance type", "accelerators", "GiB each", "region", "$/hour", "price", "source", "as of"],
    rows.map((r) => [
      r.instanceType,
      `${r.acceleratorCount} × ${r.accelerator}`,
      String(r.acceleratorMemoryGiB),
      r.region,
      `$${r.usdPerHour.toFixed(4)}`,
      r.regionMultiplier ? `us-east-1 × ${r.regionMultiplier.multiplier}${r.regionMultiplier.estimate ? " (assumed)" : ""}, estimate` : "listed",
      r.source,
      r.asOf,
    ]),
  ));
  const estimates = rows.filter((r) => r.estimate).length;
  console.log(`\n${rows.length} prices${values.region ? ` in ${values.region}` : ""}, ${estimates} of them estimates (us-east-1 × a regional multiplier). ` +
    `Catalog as of ${prices.catalog.asOf}.`);
  return 0;
}

function listModels(argv: string[]): number {
  const { values } = parseArgs({ args: argv, options: { json: { type: "boolean" } } });
  const prices = book();
  const rows = modelRows(prices);
  if (values.json) {
    console.log(JSON.stringify(rows, null, 2));
    return 0;
  }
  const usd = (n: number | undefined) => (n === undefined ? "—" : `$${n}`);
  console.log(textTable(
    ["model", "input $/M", "output $/M", "cached input $/M", "processes data in", "source", "as of"],
    rows.map((r) => [r.id, usd(r.inputUsdPerMillion), usd(r.outputUsdPerMillion), usd(r.cachedInputUsdPerMillion), processingCell(r), r.source, r.asOf]),
  ));
  console.log(`\n${rows.length} models. Catalog as of ${prices.catalog.asOf}.`);
  return 0;
}

/** "*; eu-* ×1.1; us-* ×1.1": each offering's regions and price factor ("unknown" when no source says). */
function processingCell(row: ModelRow): string {
  if (row.processing.length === 0) return "unknown";
  return row.processing.map((o) => `${o.regions.join(",")}${o.priceFactor && o.priceFactor !== 1 ? ` ×${o.priceFactor}` : ""}`).join("; ");
}

function runImport(argv: string[], target: CatalogFileName): number {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      "as-of": { type: "string" },
      "data-dir": { type: "string" },
      out: { type: "string" },
      ...(target === "models.yaml" ? { add: { type: "string", multiple: true } } : {}),
    },
  });
  const command = target === "instances.yaml" ? "import-aws" : "import-litellm";
  if (positionals.length !== 1) throw new UsageError(`catalog ${command} needs one price file`);
  const file = positionals[0];
  if (!fs.existsSync(file)) throw new Error(`${file}: no such file`);
  const asOf = values["as-of"];
  if (asOf !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(asOf)) throw new UsageError(`--as-of must be a date written YYYY-MM-DD, got "${asOf}"`);
  const dataDir = values["data-dir"] ? path.resolve(values["data-dir"]) : findCatalogDataDir();
  if (!dataDir) throw new Error("cannot find src/catalog/data (run from a checkout of gpu-breakeven, or pass --data-dir DIR)");

  const doc = openCatalogFile(dataDir, target);
  const lines: string[] = [];
  if (target === "instances.yaml") {
    const s = importAwsOffer(doc, file, { asOf, today: today() });
    const regions = new Set(s.updated.flatMap((u) => u.regions));
    lines.push(`Read ${s.productsRead} products from ${path.basename(file)}: ${s.updated.length} catalog instance types priced in ` +
      `${regions.size} region(s) (${[...regions].sort().join(", ") || "none"}), source ${s.sourceId} as of ${s.asOf}.`);
    if (s.notInCatalog.length > 0) {
      lines.push(`Not in the catalog, so not imported (add their accelerator, count and memory to instances.yaml first): ${s.notInCatalog.join(", ")}.`);
    }
    if (s.notInOffer.length > 0) lines.push(`No price in the file, left as they were: ${s.notInOffer.length} types (${s.notInOffer.slice(0, 8).join(", ")}${s.notInOffer.length > 8 ? ", …" : ""}).`);
    for (const w of s.warnings) lines.push(`warning: ${w}`);
    if (s.removedSources.length > 0) lines.push(`Sources no longer cited, removed: ${s.removedSources.join(", ")}.`);
    if (s.updated.length === 0) throw new Error(`${lines.join("\n")}\nNothing to import: the file prices none of the catalog's EC2 types.`);
  } else {
    const s = importLitellm(doc, file, { asOf: asOf ?? today(), add: values.add as string[] | undefined });
    const changed = s.updated.filter((u) => u.changed).length;
    lines.push(`Re-read ${s.updated.length} models from ${path.basename(file)} (${changed} with new prices), added ${s.added.length}` +
      `${s.added.length ? ` (${s.added.join(", ")})` : ""}; source ${s.sourceId}.`);
    for (const n of s.notFound) lines.push(`not updated, left as it was: ${n.id} (${n.reason})`);
    if (s.removedSources.length > 0) lines.push(`Sources no longer cited, removed: ${s.removedSources.join(", ")}.`);
    if (s.updated.length + s.added.length === 0) throw new Error(`${lines.join("\n")}\nNothing to import: the file prices none of the catalog's models.`);
  }

  const text = renderCatalogFile(doc);
  const problems = validateReplacement(dataDir, target, text);
  if (problems.length > 0) {
    throw new Error(`${lines.join("\n")}\nThe imported catalog would be invalid, so nothing was written:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
  }
  const out = values.out ? path.resolve(values.out) : path.join(dataDir, target);
  writeFileWhole(out, text, "the catalog file");
  lines.push(`Wrote ${out}.`);
  if (!values.out) lines.push("Run `npm run build` to compile the catalog the pack and the CLI use.");
  console.log(lines.join("\n"));
  return 0;
}

async function runRefresh(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      out: { type: "string" },
      "source-url": { type: "string", multiple: true },
      region: { type: "string", multiple: true },
      "as-of": { type: "string" },
      "data-dir": { type: "string" },
      timeout: { type: "string" },
    },
  });
  if (positionals.length > 0) throw new UsageError(`catalog refresh takes no file (got "${positionals[0]}")`);
  const asOf = values["as-of"];
  if (asOf !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(asOf)) throw new UsageError(`--as-of must be a date written YYYY-MM-DD, got "${asOf}"`);
  const urls: Record<string, string> = {};
  for (const pair of (values["source-url"] as string[] | undefined) ?? []) {
    const eq = pair.indexOf("=");
    if (eq <= 0 || !/^https?:\/\//.test(pair.slice(eq + 1))) throw new UsageError(`--source-url takes NAME=URL (litellm=https://…, aws-us-east-1=https://…), got "${pair}"`);
    urls[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  const timeout = values.timeout === undefined ? 600 : Number(values.timeout);
  if (!(timeout > 0)) throw new UsageError(`--timeout takes seconds, got "${values.timeout}"`);
  // A checkout's src/catalog/data, else the copy an installed package ships (dist/catalog-data, written by the build):
  // the refresh only reads it, so `npx gpu-breakeven catalog refresh` works where the package is installed.
  const shipped = path.join(__dirname, "catalog-data");
  const dataDir = values["data-dir"] ? path.resolve(values["data-dir"]) : findCatalogDataDir() ?? (fs.existsSync(path.join(shipped, "models.yaml")) ? shipped : undefined);
  if (!dataDir) throw new Error("cannot find src/catalog/data (run from a checkout of gpu-breakeven, or pass --data-dir DIR)");
  const out = path.resolve(values.out ?? "catalog-overlay.json");
  try {
    const { overlay, lines } = await refreshCatalog({
      dataDir, urls, regions: values.region as string[] | undefined, asOf, today: today(), timeoutMs: timeout * 1000,
    });
    writeFileWhole(out, `${JSON.stringify(overlay, null, 2)}\n`, "the catalog overlay");
    console.log([...lines, `Wrote ${out} (as of ${overlay.asOf}: ${overlay.instances.length} instance price sets, ${overlay.models.length} models). ` +
      `The pack uses it where the policy config's catalogOverlay (or GPU_BREAKEVEN_CATALOG_OVERLAY) names it: e.g. "catalogOverlay": ` +
      `${JSON.stringify(out)} under self-hosting-break-even.`].join("\n"));
    return 0;
  } catch (e) {
    if (!(e instanceof RefreshError)) throw e;
    console.error(`gpu-breakeven catalog refresh: ${e.message.split("\n")[0]}; nothing was written, the current catalog${fs.existsSync(out) ? ` and ${out}` : ""} stay in force`);
    return 2;
  }
}

function runDiff(argv: string[]): number {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { json: { type: "boolean" } } });
  if (positionals.length !== 2) throw new UsageError("catalog diff needs OLD and NEW (a catalog data folder, a catalog JSON or an overlay JSON)");
  const [oldPath, newPath] = positionals;
  for (const p of positionals) if (!fs.existsSync(p)) throw new Error(`${p}: no such file or folder`);
  const before = loadCatalogFrom(oldPath, shippedCatalog);
  const after = loadCatalogFrom(newPath, () => before);
  const d = diffCatalogs(before, after);
  console.log(values.json ? JSON.stringify(d, null, 2) : renderDiff(d));
  return 0;
}
