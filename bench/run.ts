/**
 * `npm run bench`: the pack (policy-pack/) against the baseline pack (bench/baseline-pack/), both spawned the
 * way the CLI does and driven over the engine protocol (bench/driver.ts). BENCHMARKS.md explains the figures.
 *
 *   tsx bench/run.ts [--sizes 1000,10000,50000] [--starts 7] [--reps 5] [--calls 2000] [--json FILE]
 *
 * 1. Cold start: spawn to port, median of --starts, the two packs alternating.
 * 2. AnalyzeStack on synthetic stacks (bench/syntheticStack.ts) of each size: --reps rounds, in each a fresh
 *    process per pack (Configure with the schema defaults, then one AnalyzeStack, as a preview does), the packs
 *    taking turns; the median wall time and the pack process's CPU time (all threads, from /proc) are printed
 *    with the median of the per-round ratios to the baseline.
 * 3. At 10,000 also: the pack with GPU_BREAKEVEN_SDK_WORKAROUNDS=0, and a control pack with as many counting
 *    stack policies as the pack has (bench/baseline-multi-pack/), which splits the gap into the SDK's
 *    once-per-stack-policy deserialization and the pack's own analysis.
 *    Then the scaling again with a single workload holding all the GPU capacity.
 * 4. Remediate+Analyze per resource, sequentially, over --calls resources of the 10,000 stack: calls/s.
 * 5. `gpu-breakeven report --format markdown` on the pack's JSON report of the 10,000 stack, spawn to exit.
 * Every diagnostic and both reports are checked for the stacks' secret plaintexts (exit 1 if one is found).
 */
import { execFileSync, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parseArgs } from "util";
import { openBenchPack, peakRssMiB, serializeAnalyzeRequest, serializeStackRequest, BenchDiagnostic, BenchPack } from "./driver";
import { SECRET_MARK, syntheticStack, SyntheticStack } from "./syntheticStack";

const ROOT = path.resolve(__dirname, "..");
const PACK = path.join(ROOT, "policy-pack");
const BASELINE = path.join(ROOT, "bench", "baseline-pack");
const CONTROL = path.join(ROOT, "bench", "baseline-multi-pack");
const CLI = path.join(ROOT, "dist", "cli.js");

const { values: args } = parseArgs({
  options: {
    sizes: { type: "string", default: "1000,10000,50000" },
    starts: { type: "string", default: "7" },
    reps: { type: "string", default: "5" },
    calls: { type: "string", default: "2000" },
    json: { type: "string" },
  },
});
const sizes = args.sizes!.split(",").map(Number);
const starts = Math.max(5, Number(args.starts));
const reps = Math.max(1, Number(args.reps));
const calls = Number(args.calls);

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const ms = (x: number) => (x >= 1000 ? `${(x / 1000).toFixed(2)} s` : `${x.toFixed(0)} ms`);
const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}×`;
const log = (s = "") => process.stdout.write(s + "\n");
const results: Record<string, unknown> = {};

function machine() {
  const cpus = os.cpus();
  return {
    nproc: Number(execFileSync("nproc").toString().trim()),
    cpu: cpus[0]?.model ?? "unknown",
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
  };
}

/** Every secret plaintext of a synthetic stack starts with SECRET_MARK: any text holding it leaks one. */
function leaks(texts: string[]): string[] {
  return texts.filter((t) => t.includes(SECRET_MARK)).map((t) => t.slice(Math.max(0, t.indexOf(SECRET_MARK) - 80), t.indexOf(SECRET_MARK) + 40));
}

async function coldStart(stackConfig: Record<string, string>) {
  const times: Record<string, number[]> = { baseline: [], pack: [] };
  for (let i = 0; i < starts; i++) {
    for (const [label, dir] of [["baseline", BASELINE], ["pack", PACK]] as const) {
      const p = await openBenchPack({ packDir: dir, stackConfig }).catch((e) => {
        throw new Error(`${label}: ${e.message}`);
      });
      times[label].push(p.startMs);
      await p.close();
    }
  }
  return { baseline: median(times.baseline), pack: median(times.pack), samples: times };
}

interface Variant {
  label: string;
  dir: string;
  env?: Record<string, string>;
}
interface StackFigures {
  /** Median over the rounds. */
  wall: number;
  cpu: number;
  walls: number[];
  cpus: number[];
  /** Peak resident memory of the pack process after its AnalyzeStack, MiB (median over the rounds). */
  peakMiB: number;
  diagnostics: BenchDiagnostic[];
  policies: { name: string; type: string }[];
}

/**
 * --reps rounds; in each, every variant gets a fresh process (Configure, then one AnalyzeStack, as in a real
 * preview, where the engine starts the pack and calls AnalyzeStack once), the variants taking turns.
 */
async function measureStack(stack: SyntheticStack, request: Buffer, variants: Variant[], rounds = reps): Promise<Record<string, StackFigures>> {
  const runs = variants.map(() => [] as { ms: number; cpuMs: number; peakMiB: number; diagnostics: BenchDiagnostic[]; policies: BenchPack["policies"] }[]);
  for (let i = 0; i < rounds; i++) {
    for (let j = 0; j < variants.length; j++) {
      const pack = await openBenchPack({ packDir: variants[j].dir, stackConfig: stack.stackConfig, env: variants[j].env });
      try {
        const result = await pack.analyzeStack(request);
        runs[j].push({ ...result, peakMiB: peakRssMiB(pack.pid), policies: pack.policies });
      } finally {
        await pack.close();
      }
    }
  }
  return Object.fromEntries(
    variants.map((v, j) => [v.label, {
      wall: median(runs[j].map((r) => r.ms)),
      cpu: median(runs[j].map((r) => r.cpuMs)),
      walls: runs[j].map((r) => r.ms),
      cpus: runs[j].map((r) => r.cpuMs),
      peakMiB: median(runs[j].map((r) => r.peakMiB)),
      diagnostics: runs[j][0].diagnostics,
      policies: runs[j][0].policies,
    }]),
  );
}

/** The median of the per-round ratios a ÷ b (each round ran both back to back, so slow spells of the machine cancel). */
function paired(a: { walls: number[]; cpus: number[] }, b: { walls: number[]; cpus: number[] }, k: "wall" | "cpu"): string {
  const xs = k === "wall" ? a.walls : a.cpus;
  const ys = k === "wall" ? b.walls : b.cpus;
  return `${median(xs.map((x, i) => x / ys[i])).toFixed(2)}×`;
}

async function analyzeCalls(dir: string, stack: SyntheticStack, requests: Buffer[]) {
  const p = await openBenchPack({ packDir: dir, stackConfig: stack.stackConfig });
  try {
    for (const r of requests.slice(0, 50)) await p.analyzeResource(r); // warm-up
    const texts: string[] = [];
    const t0 = process.hrtime.bigint();
    for (const r of requests) for (const d of await p.analyzeResource(r)) texts.push(d.message);
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    return { perSecond: requests.length / seconds, texts };
  } finally {
    await p.close();
  }
}

async function main() {
  const m = machine();
  results.machine = m;
  log(`gpu-breakeven bench — ${m.nproc} CPU (${m.cpu}), ${m.memoryGiB} GiB, node ${m.node}, ${m.platform}`);
  if (!fs.existsSync(path.join(PACK, "dist", "index.js")) || !fs.existsSync(CLI)) throw new Error("run `npm run build` first");

  const stacks = new Map<number, SyntheticStack>();
  for (const size of sizes) stacks.set(size, syntheticStack({ size }));
  const ref = stacks.get(10_000) ?? stacks.get(sizes[sizes.length - 1])!;
  log(`synthetic stacks: ${sizes.map((s) => `${s.toLocaleString("en-US")} resources (${stacks.get(s)!.gpuResources.toLocaleString("en-US")} GPU)`).join(", ")}; ` +
    `100 workloads; GPU kinds per ${ref.resources.length.toLocaleString("en-US")}: ${Object.entries(ref.byKind).map(([k, n]) => `${k} ${n}`).join(", ")}`);

  // 1. Cold start.
  const cold = await coldStart(ref.stackConfig);
  results.coldStart = cold;
  log(`\ncold start (spawn to port, median of ${starts}): pack ${ms(cold.pack)}, baseline ${ms(cold.baseline)}  → ${ratio(cold.pack, cold.baseline)} (target ≤ 1.30×)`);

  // 2. AnalyzeStack per size; at 10,000 also the control packs that split the gap (3).
  const stackTimes: Record<number, Record<string, StackFigures>> = {};
  const allTexts: string[] = [];
  let policyCount = 0;
  const mid = sizes.includes(10_000) ? 10_000 : sizes[0];
  const big = Math.max(...sizes);
  // How many stack policies the pack has (the control pack repeats the baseline's counting policy as often).
  const probe = await openBenchPack({ packDir: PACK, stackConfig: ref.stackConfig });
  const stackPolicyCount = probe.policies.filter((p) => p.type === "stack").length;
  policyCount = probe.policies.length;
  await probe.close();
  log(`\nAnalyzeStack (a fresh process per call, as in a preview; median of ${reps} rounds, the packs taking turns; wall time, the pack process's CPU time ` +
    `in brackets; ratios are the medians of the per-round ratios):`);
  for (const size of sizes) {
    const stack = stacks.get(size)!;
    const request = serializeStackRequest(PACK, stack.resources);
    const variants: Variant[] = [{ label: "baseline", dir: BASELINE }, { label: "pack", dir: PACK }];
    if (size === mid) {
      variants.push(
        { label: "pack without its SDK workarounds", dir: PACK, env: { GPU_BREAKEVEN_SDK_WORKAROUNDS: "0" } },
        { label: `control: ${stackPolicyCount} counting stack policies`, dir: CONTROL, env: { BASELINE_STACK_POLICIES: String(stackPolicyCount) } },
      );
    }
    const figures = await measureStack(stack, request, variants);
    const pack = figures.pack;
    const base = figures.baseline;
    allTexts.push(...pack.diagnostics.map((d) => d.message));
    stackTimes[size] = figures;
    const byPolicy = new Map<string, number>();
    for (const d of pack.diagnostics) byPolicy.set(d.policyName, (byPolicy.get(d.policyName) ?? 0) + 1);
    log(`  ${size.toLocaleString("en-US").padStart(6)} resources (${(request.length / 2 ** 20).toFixed(1)} MiB request): pack ${ms(pack.wall)} (${ms(pack.cpu)}), ` +
      `baseline ${ms(base.wall)} (${ms(base.cpu)})  → ${paired(pack, base, "wall")} (${paired(pack, base, "cpu")})`);
    log(`           ${pack.diagnostics.length} diagnostics: ${[...byPolicy].map(([k, n]) => `${k} ${n}`).join(", ")}`);
    for (const [label, f] of Object.entries(figures)) {
      if (label === "pack" || label === "baseline") continue;
      log(`           ${label}: ${ms(f.wall)} (${ms(f.cpu)})  → ${paired(f, base, "wall")} (${paired(f, base, "cpu")})`);
    }
  }
  results.analyzeStack = Object.fromEntries(Object.entries(stackTimes).map(([size, fs]) => [size, Object.fromEntries(Object.entries(fs).map(([k, f]) => [k, { wall: f.wall, cpu: f.cpu, walls: f.walls, cpus: f.cpus }]))]));
  if (big !== mid) {
    const s = (k: "wall" | "cpu", p: string) => ratio(stackTimes[big][p][k], stackTimes[mid][p][k]);
    log(`  ${big.toLocaleString("en-US")} vs ${mid.toLocaleString("en-US")} resources (×${big / mid}): pack ${s("wall", "pack")} (${s("cpu", "pack")}) — target ≤ 5.50×; ` +
      `baseline ${s("wall", "baseline")} (${s("cpu", "baseline")})`);
  }
  {
    const t = stackTimes[mid];
    log(`  at ${mid.toLocaleString("en-US")}: pack ÷ baseline ${paired(t.pack, t.baseline, "wall")} wall, ${paired(t.pack, t.baseline, "cpu")} CPU — target ≤ 1.30×`);
    const control = t[`control: ${stackPolicyCount} counting stack policies`];
    const plain = t["pack without its SDK workarounds"];
    if (control && plain) {
      const split = (k: "wall" | "cpu") => {
        const gap = plain[k] - t.baseline[k];
        const sdk = control[k] - t.baseline[k];
        return `${ms(gap)} gap, ${ms(sdk)} (${((sdk / gap) * 100).toFixed(0)}%) of it the SDK, ${ms(plain[k] - control[k])} the pack's own analysis`;
      };
      log(`\nWhere the gap came from at ${mid.toLocaleString("en-US")}: @pulumi/policy deserializes and proxies every resource once per stack policy, so ` +
        `${stackPolicyCount} stack policies that only count cost ${paired(control, t.baseline, "wall")} the baseline's 1 (${paired(control, t.baseline, "cpu")} CPU). ` +
        `Without its workarounds (GPU_BREAKEVEN_SDK_WORKAROUNDS=0) the pack takes ${paired(plain, t.baseline, "wall")} the baseline: ` +
        `wall ${split("wall")}; CPU ${split("cpu")}. With them (the stack policies see only the resource types they read, ` +
        `share one deserialized copy, and the SDK builds the resources for the first one only): ${paired(t.pack, t.baseline, "wall")}.`);
    }
  }

  // 3b. Linear in stack size also when one workload holds all the capacity (a quadratic join shows here).
  if (big !== mid) {
    const one: Record<number, Record<string, StackFigures>> = {};
    for (const size of [mid, big]) {
      const stack = syntheticStack({ size, workloads: 1 });
      one[size] = await measureStack(stack, serializeStackRequest(PACK, stack.resources), [{ label: "baseline", dir: BASELINE }, { label: "pack", dir: PACK }]);
      allTexts.push(...one[size].pack.diagnostics.map((d) => d.message));
    }
    const r = (p: string, k: "wall" | "cpu") => ratio(one[big][p][k], one[mid][p][k]);
    log(`\nOne workload holding all ${(big / 10).toLocaleString("en-US")} GPU resources: pack ${ms(one[mid].pack.wall)} → ${ms(one[big].pack.wall)}, ` +
      `${big / mid}× the resources cost ${r("pack", "wall")} (${r("pack", "cpu")} CPU) — target ≤ 5.50×; baseline ${r("baseline", "wall")}; ` +
      `pack ÷ baseline at ${big.toLocaleString("en-US")}: ${paired(one[big].pack, one[big].baseline, "wall")}`);
    results.oneWorkload = Object.fromEntries([mid, big].map((size) => [size, { pack: { wall: one[size].pack.wall, cpu: one[size].pack.cpu }, baseline: { wall: one[size].baseline.wall, cpu: one[size].baseline.cpu } }]));
  }

  // 3c. Peak memory against the no-op baseline pack, at 10,000 and 100,000 resources (one round each).
  {
    const peaks: Record<number, { pack: number; baseline: number }> = {};
    for (const size of [10_000, 100_000]) {
      const stack = syntheticStack({ size });
      const figures = await measureStack(stack, serializeStackRequest(PACK, stack.resources), [{ label: "baseline", dir: BASELINE }, { label: "pack", dir: PACK }], 1);
      peaks[size] = { pack: figures.pack.peakMiB, baseline: figures.baseline.peakMiB };
      log(`
peak memory at ${size.toLocaleString("en-US")} resources: pack ${figures.pack.peakMiB.toFixed(0)} MiB, no-op baseline ` +
        `${figures.baseline.peakMiB.toFixed(0)} MiB  → ${ratio(figures.pack.peakMiB, figures.baseline.peakMiB)}`);
    }
    results.peakMemoryMiB = peaks;
  }

  // 4. Per-resource Analyze.
  {
    const stack = stacks.get(mid)!;
    const picked = stack.resources.slice(0, calls);
    const requests = picked.map((r) => serializeAnalyzeRequest(PACK, r));
    const pack = await analyzeCalls(PACK, stack, requests);
    const base = await analyzeCalls(BASELINE, stack, requests);
    allTexts.push(...pack.texts);
    results.analyzeCalls = { pack: pack.perSecond, baseline: base.perSecond };
    log(`\nRemediate+Analyze per resource (${requests.length.toLocaleString("en-US")} resources, sequential): pack ${pack.perSecond.toFixed(0)}/s, ` +
      `baseline ${base.perSecond.toFixed(0)}/s  → ${ratio(base.perSecond, pack.perSecond)} the baseline's time per call (${policyCount} policies vs 2)`);
  }

  // 5. gpu-breakeven report on the 10,000 stack's JSON report.
  {
    const stack = stacks.get(mid)!;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gpu-breakeven-bench-"));
    const reportFile = path.join(dir, "report.json");
    const request = serializeStackRequest(PACK, stack.resources);
    await measureStack(stack, request, [{ label: "pack", dir: PACK, env: { GPU_BREAKEVEN_REPORT: reportFile } }], 1);
    const reportText = fs.readFileSync(reportFile, "utf8");
    const wall: number[] = [];
    let out = "";
    for (let i = 0; i < 5; i++) {
      const md = path.join(dir, `report-${i}.md`);
      const t0 = process.hrtime.bigint();
      const run = spawnSync(process.execPath, [CLI, "report", reportFile, "--format", "markdown", "--out", md], { encoding: "utf8" });
      wall.push(Number(process.hrtime.bigint() - t0) / 1e6);
      if (run.status !== 0) throw new Error(`gpu-breakeven report failed (${run.status}): ${run.stderr}`);
      out = fs.readFileSync(md, "utf8");
    }
    const nodeStart: number[] = [];
    for (let i = 0; i < 5; i++) {
      const t0 = process.hrtime.bigint();
      spawnSync(process.execPath, ["-e", "0"]);
      nodeStart.push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
    allTexts.push(reportText, out);
    results.report = { wallMs: median(wall), nodeMs: median(nodeStart), jsonBytes: reportText.length, markdownBytes: out.length };
    log(`\ngpu-breakeven report --format markdown on the ${mid.toLocaleString("en-US")} stack's JSON report (${(reportText.length / 1024).toFixed(0)} KiB → ` +
      `${(out.length / 1024).toFixed(0)} KiB markdown): ${ms(median(wall))} spawn to exit, median of 5 (target < 1 s; a bare \`node -e 0\` takes ${ms(median(nodeStart))})`);
    fs.rmSync(dir, { recursive: true, force: true });
  }

  const leaked = leaks(allTexts);
  results.leakedSecrets = leaked;
  log(`\nsecret plaintexts found in diagnostics or reports: ${leaked.length}${leaked.length ? ` (${leaked.slice(0, 5).join(", ")})` : ""}`);
  if (args.json) fs.writeFileSync(args.json, JSON.stringify(results, null, 2) + "\n");
  if (leaked.length) process.exitCode = 1;
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
