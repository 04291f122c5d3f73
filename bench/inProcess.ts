/**
 * The pack's own work on a synthetic stack, in process and without gRPC: the resources go through the SDK's
 * own deserializer and unknown-checking proxy (as server.js hands them to a stack policy), then through the
 * shared analysis every stack policy reads, and the JSON report is built from it.
 *
 *   tsx bench/inProcess.ts [size=10000] [reps=5] [--cache-number-format]
 *   node --cpu-prof -r tsx/cjs bench/inProcess.ts 10000     # to profile the pack's own work
 */
import { createRequire } from "module";
import * as path from "path";
import { analyzeStack } from "../src/analysis/analyzeStack";
import { defaultAssumptions } from "../src/assumptions/parse";
import { shippedCatalog } from "../src/catalog/load";
import { stackReport } from "../src/report/json";
import { syntheticStack } from "./syntheticStack";

const sdk = createRequire(path.join(__dirname, "..", "policy-pack", "package.json"));
const { deserializeProperties } = sdk("@pulumi/policy/deserialize");
const { unknownCheckingProxy } = sdk("@pulumi/policy/proxy");
const { Struct } = createRequire(sdk.resolve("@pulumi/pulumi/package.json"))("google-protobuf/google/protobuf/struct_pb");

const size = Number(process.argv[2] ?? 10_000);
const reps = Number(process.argv[3] ?? 5);
if (process.argv.includes("--cache-number-format")) {
  // Experiment for BENCHMARKS.md: what src/report/format.ts would gain by reusing its Intl.NumberFormat
  // objects (Number.prototype.toLocaleString builds a new one on every call).
  const formats = new Map<string, Intl.NumberFormat>();
  Number.prototype.toLocaleString = function (this: number, locales?: string | string[], options?: Intl.NumberFormatOptions) {
    const key = JSON.stringify([locales, options]);
    let format = formats.get(key);
    if (!format) formats.set(key, (format = new Intl.NumberFormat(locales, options)));
    return format.format(this);
  };
}
const stack = syntheticStack({ size });
const asPolicyResource = (props: Record<string, unknown>) =>
  unknownCheckingProxy(deserializeProperties(Struct.fromJavaScript(JSON.parse(JSON.stringify(props))), false));
const resources = stack.resources.map((r) => ({
  type: r.type,
  urn: r.urn,
  name: r.name,
  props: asPolicyResource(r.properties),
  provider: r.provider ? { props: asPolicyResource(r.provider.properties) } : undefined,
  dependencies: [] as { type: string; urn: string }[],
  propertyDependencies: {} as Record<string, { type: string; urn: string }[]>,
}));
const byUrn = new Map(resources.map((r) => [r.urn, r]));
stack.resources.forEach((r, i) => {
  resources[i].dependencies = (r.dependencies ?? []).map((u) => byUrn.get(u)!).filter(Boolean);
  for (const [k, urns] of Object.entries(r.propertyDependencies ?? {})) resources[i].propertyDependencies[k] = urns.map((u) => byUrn.get(u)!).filter(Boolean);
});
const config = { workloads: JSON.parse(stack.stackConfig["gpu-breakeven:workloads"]), awsRegion: "us-east-1" };
const times: number[] = [];
for (let i = 0; i < reps; i++) {
  const t0 = process.hrtime.bigint();
  const analysis = analyzeStack(resources as never, config, defaultAssumptions(), shippedCatalog());
  const t1 = process.hrtime.bigint();
  const report = JSON.stringify(stackReport(analysis, { stack: "synthetic", project: "bench" }));
  const t2 = process.hrtime.bigint();
  times.push(Number(t1 - t0) / 1e6);
  console.log(`analyzeStack ${(Number(t1 - t0) / 1e6).toFixed(1)} ms (${analysis.findings.length} findings), report ${(Number(t2 - t1) / 1e6).toFixed(1)} ms (${report.length} bytes)`);
}
