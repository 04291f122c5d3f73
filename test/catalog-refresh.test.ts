// Refreshing the catalog without a release (issue 13, item 6): `catalog refresh` against loopback HTTP servers
// serving real-format fixtures (test/fixtures/aws-offer-mini.json, litellm-mini.json, test/fixtures/refresh/*),
// the overlay the pack loads through GPU_BREAKEVEN_CATALOG_OVERLAY, and `catalog diff`.
import * as assert from "node:assert/strict";
import * as fs from "fs";
import * as http from "http";
import { AddressInfo } from "net";
import * as os from "os";
import * as path from "path";
import { shippedCatalog } from "../src/catalog/load";
import { applyOverlay, CatalogOverlay, OVERLAY_ENV, readOverlay } from "../src/catalog/overlay";
import { diffCatalogs, renderDiff } from "../src/catalog/refresh/diff";
import { main } from "../src/cli/main";

const FIXTURES = path.join(__dirname, "fixtures");
const fixture = (name: string) => fs.readFileSync(path.join(FIXTURES, name));
const tempDirs: string[] = [];
const tempDir = () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gpu-breakeven-refresh-test-"));
  tempDirs.push(dir);
  return dir;
};

type Route = (res: http.ServerResponse) => void;
const serve = (body: Buffer): Route => (res) => {
  res.writeHead(200, { "content-type": "application/json", "content-length": body.length });
  res.end(body);
};
/** Announces the whole body, sends half of it, and closes the connection. */
const truncated = (body: Buffer): Route => (res) => {
  res.writeHead(200, { "content-type": "application/json", "content-length": body.length });
  res.write(body.subarray(0, Math.floor(body.length / 2)), () => res.socket?.destroy());
};
const status = (code: number): Route => (res) => {
  res.writeHead(code, { "content-type": "text/plain" });
  res.end("unavailable");
};

let server: http.Server;
let routes: Record<string, Route> = {};
let base = "";
before(async () => {
  server = http.createServer((req, res) => (routes[req.url ?? ""] ?? status(404))(res));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => {
  server.close();
  for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
  delete process.env[OVERLAY_ENV];
});

/** Runs the CLI in-process, capturing stdout and stderr. */
async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const log = console.log;
  const error = console.error;
  console.log = (...a: unknown[]) => out.push(a.join(" "));
  console.error = (...a: unknown[]) => err.push(a.join(" "));
  try {
    const code = await main(args);
    return { code, stdout: out.join("\n"), stderr: err.join("\n") };
  } finally {
    console.log = log;
    console.error = error;
  }
}

const refresh = (out: string, ...extra: string[]) =>
  cli("catalog", "refresh", "--region", "us-east-1", "--as-of", "2026-12-05", "--out", out,
    "--source-url", `litellm=${base}/litellm`, "--source-url", `aws-us-east-1=${base}/aws`, "--timeout", "20", ...extra);

describe("catalog refresh", () => {
  it("downloads both sources, re-reads the catalog's prices and writes a validated, dated overlay", async () => {
    routes = { "/litellm": serve(fixture("litellm-mini.json")), "/aws": serve(fixture("aws-offer-mini.json")) };
    const out = path.join(tempDir(), "overlay.json");
    const r = await refresh(out);
    assert.equal(r.code, 0, r.stderr);
    const overlay = readOverlay(out);
    // --as-of dates every price; the two sources are named after it.
    assert.equal(overlay.asOf, "2026-12-05");
    assert.deepEqual(Object.keys(overlay.sources).sort(), ["aws-price-list-2026-12-05", "litellm-prices-2026-12-05"]);
    assert.match(overlay.sources["litellm-prices-2026-12-05"].reference, /^http:\/\/127\.0\.0\.1:\d+\/litellm /);
    // The offer fixture prices g6e.xlarge at $1.75 in us-east-1 and $2.30 in eu-central-1 (its file also holds eu-central-1).
    assert.deepEqual(overlay.instances.find((i) => i.type === "g6e.xlarge"), {
      type: "g6e.xlarge", onDemandUsdPerHour: { "us-east-1": 1.75, "eu-central-1": 2.3 }, source: "aws-price-list-2026-12-05",
    });
    // g9.xlarge is in the offer file but not the catalog: not added.
    assert.equal(overlay.instances.some((i) => i.type === "g9.xlarge"), false);
    // gpt-4.1: 1.8e-6 and 7.2e-6 per token → $1.80 and $7.20 per million; the file lists no cache-read price.
    assert.deepEqual(overlay.models.find((m) => m.id === "openai/gpt-4.1"), {
      id: "openai/gpt-4.1", inputUsdPerMillion: 1.8, outputUsdPerMillion: 7.2, source: "litellm-prices-2026-12-05",
    });
    // $0 in the file (groq/llama-3.1-8b-instant) and a key under another provider (o3 is azure's): not in the overlay.
    assert.equal(overlay.models.some((m) => m.id === "groq/llama-3.1-8b-instant" || m.id === "openai/o3"), false);
    assert.match(r.stdout, /Wrote .*overlay\.json \(as of 2026-12-05/);
  });

  const failures: [string, () => Record<string, Route>, RegExp][] = [
    ["a truncated download (Content-Length larger than what was sent)",
      () => ({ "/litellm": serve(fixture("litellm-mini.json")), "/aws": truncated(fixture("aws-offer-mini.json")) }),
      /^gpu-breakeven catalog refresh: aws-us-east-1: download of http:\/\/127\.0\.0\.1:\d+\/aws (cut short|truncated)/],
    ["a non-200 answer",
      () => ({ "/litellm": status(503), "/aws": serve(fixture("aws-offer-mini.json")) }),
      /^gpu-breakeven catalog refresh: litellm: HTTP 503 Service Unavailable from http:\/\/127\.0\.0\.1:\d+\/litellm;/],
    ["a LiteLLM file whose shape changed (per-token price fields gone)",
      () => ({ "/litellm": serve(fixture("refresh/litellm-changed-shape.json")), "/aws": serve(fixture("aws-offer-mini.json")) }),
      /^gpu-breakeven catalog refresh: litellm: the file changed shape: no entry has input_cost_per_token and output_cost_per_token \(fields seen: max_tokens, input_cost_per_million_tokens/],
    ["an offer file whose shape changed (no products)",
      () => ({ "/litellm": serve(fixture("litellm-mini.json")), "/aws": serve(fixture("refresh/aws-offer-changed-shape.json")) }),
      /^gpu-breakeven catalog refresh: aws-us-east-1: not a usable AmazonEC2 offer file \(no products found/],
    ["a body that is complete but not JSON",
      () => ({ "/litellm": serve(Buffer.from("<html>rate limited</html>")), "/aws": serve(fixture("aws-offer-mini.json")) }),
      /^gpu-breakeven catalog refresh: litellm: not valid JSON/],
  ];
  for (const [what, setup, message] of failures) {
    it(`leaves the existing overlay in force after ${what}, exits 2 and says why in one line`, async () => {
      routes = setup();
      const out = path.join(tempDir(), "overlay.json");
      fs.writeFileSync(out, "previous overlay\n");
      const r = await refresh(out);
      assert.equal(r.code, 2);
      assert.equal(r.stderr.split("\n").length, 1, r.stderr);
      assert.match(r.stderr, message);
      assert.match(r.stderr, /nothing was written, the current catalog and .*overlay\.json stay in force$/);
      assert.equal(fs.readFileSync(out, "utf8"), "previous overlay\n");
      assert.deepEqual(fs.readdirSync(path.dirname(out)), ["overlay.json"]);
    });
  }

  it("refuses a --source-url for a source the refresh does not read", async () => {
    routes = {};
    const out = path.join(tempDir(), "overlay.json");
    const r = await refresh(out, "--source-url", `aws-mars-1=${base}/aws`);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /aws-mars-1: not a source of this refresh \(sources: litellm, aws-us-east-1\)/);
    assert.equal(fs.existsSync(out), false);
  });
});

/** The overlay of the successful refresh above, written by hand (two entries). */
const OVERLAY: CatalogOverlay = {
  kind: "gpu-breakeven-catalog-overlay",
  version: 1,
  asOf: "2026-12-05",
  sources: {
    "aws-price-list-2026-11-20": { title: "AWS Price List offer file for AmazonEC2", reference: "http://127.0.0.1/aws", asOf: "2026-11-20", publisher: "provider" },
    "litellm-prices-2026-12-05": { title: "LiteLLM model price table", reference: "http://127.0.0.1/litellm", asOf: "2026-12-05", publisher: "aggregator" },
  },
  instances: [{ type: "g6e.xlarge", onDemandUsdPerHour: { "us-east-1": 1.75, "eu-central-1": 2.3 }, source: "aws-price-list-2026-11-20" }],
  models: [{ id: "openai/gpt-4.1", inputUsdPerMillion: 1.8, outputUsdPerMillion: 7.2, source: "litellm-prices-2026-12-05" }],
};

describe("catalog overlay", () => {
  const shipped = () => {
    delete process.env[OVERLAY_ENV];
    return shippedCatalog();
  };

  it("overlay prices win, citing the overlay's source and date; the rest of the entry keeps its provenance", () => {
    const before = shipped();
    const g6e = before.instances.find((i) => i.type === "g6e.xlarge")!;
    const { catalog, skipped } = applyOverlay(before, OVERLAY);
    assert.deepEqual(skipped, []);
    const after = catalog.instances.find((i) => i.type === "g6e.xlarge")!;
    assert.equal(after.onDemandUsdPerHour["us-east-1"], 1.75);
    assert.equal(after.onDemandUsdPerHour["eu-central-1"], 2.3);
    assert.equal(after.onDemandUsdPerHour["eu-north-1"], g6e.onDemandUsdPerHour["eu-north-1"]);
    // us-east-1 is re-priced, so the entry cites the offer file; every other region names its old source.
    assert.equal(after.source, "aws-price-list-2026-11-20");
    assert.equal(after.asOf, "2026-11-20");
    assert.equal(after.priceSources?.["eu-central-1"], undefined);
    assert.equal(after.priceSources?.["eu-north-1"], g6e.priceSources?.["eu-north-1"] ?? g6e.source);
    const gpt = catalog.models.find((m) => m.id === "openai/gpt-4.1")!;
    assert.deepEqual([gpt.inputUsdPerMillion, gpt.outputUsdPerMillion, gpt.cachedInputUsdPerMillion, gpt.source, gpt.asOf],
      [1.8, 7.2, undefined, "litellm-prices-2026-12-05", "2026-12-05"]);
    assert.equal(catalog.asOf, OVERLAY.asOf > before.asOf ? OVERLAY.asOf : before.asOf);
    // The shipped catalog object is not changed.
    assert.notEqual(before.instances.find((i) => i.type === "g6e.xlarge")!.onDemandUsdPerHour["us-east-1"], 1.75);
  });

  it("is applied by shippedCatalog() when GPU_BREAKEVEN_CATALOG_OVERLAY names it; an invalid one is an error, never ignored", async () => {
    const dir = tempDir();
    const good = path.join(dir, "good.json");
    const bad = path.join(dir, "bad.json");
    fs.writeFileSync(good, JSON.stringify(OVERLAY));
    fs.writeFileSync(bad, JSON.stringify({ ...OVERLAY, models: [{ ...OVERLAY.models[0], inputUsdPerMillion: -1 }] }));
    const price = () => shippedCatalog().instances.find((i) => i.type === "g6e.xlarge")!.onDemandUsdPerHour["us-east-1"];
    shipped();
    try {
      process.env[OVERLAY_ENV] = good;
      assert.equal(price(), 1.75);
      assert.equal(shippedCatalog(), shippedCatalog(), "cached");
      // Fail closed: the CLI and the library never price with the shipped catalog while an overlay was asked for.
      process.env[OVERLAY_ENV] = bad;
      const fails = (text: string) => (e: unknown) => (e as Error).message.startsWith(text);
      assert.throws(price, fails(`the catalog overlay ${bad} (set by GPU_BREAKEVEN_CATALOG_OVERLAY) cannot be used: it is not a catalog overlay: models.0.inputUsdPerMillion`));
      const missing = path.join(dir, "missing.json");
      process.env[OVERLAY_ENV] = missing;
      assert.throws(price, fails(`the catalog overlay ${missing} (set by GPU_BREAKEVEN_CATALOG_OVERLAY) cannot be used: no such file. ` +
        `Write it again with \`npx gpu-breakeven catalog refresh --out ${missing}\`, or unset GPU_BREAKEVEN_CATALOG_OVERLAY`));
      const r = await cli("catalog", "models");
      assert.equal(r.code, 2);
      assert.match(r.stderr, /^gpu-breakeven catalog: the catalog overlay .*missing\.json \(set by GPU_BREAKEVEN_CATALOG_OVERLAY\) cannot be used: no such file/);
      assert.equal(r.stdout, "");
    } finally {
      delete process.env[OVERLAY_ENV];
    }
  });
});

describe("catalog diff", () => {
  it("lists changed prices with the % change, and what was added or removed", () => {
    const before = structuredClone(shippedCatalog());
    const { catalog: after } = applyOverlay(before, OVERLAY);
    after.models = after.models.filter((m) => m.id !== "openai/gpt-4o-mini");
    const g6e = before.instances.find((i) => i.type === "g6e.xlarge")!;
    const gpt = before.models.find((m) => m.id === "openai/gpt-4.1")!;
    const d = diffCatalogs(before, after);
    // Hand-worked from the shipped catalog: g6e.xlarge $1.861 → $1.75 is −5.96%, $2.327 → $2.30 in eu-central-1 −1.16%;
    // gpt-4.1 $2 → $1.80 and $8 → $7.20 are −10%, and its $0.50 cache-read price goes (LiteLLM lists none).
    assert.deepEqual([g6e.onDemandUsdPerHour["us-east-1"], g6e.onDemandUsdPerHour["eu-central-1"]], [1.861, 2.327]);
    assert.deepEqual([gpt.inputUsdPerMillion, gpt.outputUsdPerMillion, gpt.cachedInputUsdPerMillion], [2, 8, 0.5]);
    assert.deepEqual(d.changed, [
      { what: "instance g6e.xlarge eu-central-1", unit: "$/hour", old: 2.327, new: 2.3, percent: -1.2 },
      { what: "instance g6e.xlarge us-east-1", unit: "$/hour", old: 1.861, new: 1.75, percent: -6 },
      { what: "model openai/gpt-4.1 input", unit: "$/M tokens", old: 2, new: 1.8, percent: -10 },
      { what: "model openai/gpt-4.1 output", unit: "$/M tokens", old: 8, new: 7.2, percent: -10 },
    ]);
    assert.deepEqual(d.added, []);
    // In the catalog's order: gpt-4o-mini is listed before gpt-4.1.
    assert.deepEqual(d.removed, ["model openai/gpt-4o-mini", "model openai/gpt-4.1 cached input $/M tokens 0.5"]);
    assert.equal(renderDiff(d), [
      `Catalog ${before.asOf} → ${after.asOf}: 4 prices changed, 0 added, 2 removed.`,
      "",
      "Changed:",
      "- instance g6e.xlarge eu-central-1: 2.327 → 2.3 $/hour (-1.2%)",
      "- instance g6e.xlarge us-east-1: 1.861 → 1.75 $/hour (-6%)",
      "- model openai/gpt-4.1 input: 2 → 1.8 $/M tokens (-10%)",
      "- model openai/gpt-4.1 output: 8 → 7.2 $/M tokens (-10%)",
      "",
      "Removed:",
      "- model openai/gpt-4o-mini",
      "- model openai/gpt-4.1 cached input $/M tokens 0.5",
    ].join("\n"));
  });

  it("`catalog diff DATA-DIR OVERLAY.json` applies the overlay to the old catalog and prints the changes", async () => {
    const file = path.join(tempDir(), "overlay.json");
    fs.writeFileSync(file, JSON.stringify(OVERLAY));
    const r = await cli("catalog", "diff", path.join(__dirname, "..", "src", "catalog", "data"), file);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /: 4 prices changed, 0 added, 1 removed\./);
    assert.match(r.stdout, /^- instance g6e\.xlarge us-east-1: 1\.861 → 1\.75 \$\/hour \(-6%\)$/m);
    assert.match(r.stdout, /^- model openai\/gpt-4\.1 cached input \$\/M tokens 0\.5$/m);
    const json = await cli("catalog", "diff", path.join(__dirname, "..", "src", "catalog", "data"), file, "--json");
    assert.equal(JSON.parse(json.stdout).changed.length, 4);
  });
});
