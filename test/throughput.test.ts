// The throughput estimator (src/model/throughput.ts) against the measured runs in
// published throughput measurements (NVIDIA TensorRT-LLM perf overview, Lambda vLLM runs), its does-not-fit findings, its properties, and the catalog's bandwidth data.
//
// Tolerance: every estimate must be within ×4 of its measurement (FACTOR below). Why ×4 and not tighter: the measured
// runs themselves disagree by more than that on identical hardware. Llama 3.1 8B FP8 on one H100 measures 15,220
// output tok/s in TensorRT-LLM (1000/1000 tokens) and 3,400 in vLLM 0.5.4: a 4.5× spread, so one estimate cannot be
// within √4.5 ≈ 2.1× of both; and the benchmarks' request lengths (128 to 5,500 tokens), which the estimator does not
// know, move TensorRT-LLM's own figure by 3× on a 1:1 mix. With η = 0.45 the estimates fall between 0.29× and 3.65×
// of the measurements (set THROUGHPUT_TABLE=1 to print the table); ×4 is the bound that holds for all of them.
import assert from "node:assert/strict";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import fc from "fast-check";
import { CatalogError, catalogDataDir, compileCatalog } from "../src/catalog/compile";
import type { Catalog } from "../src/catalog/schema";
import {
  AcceleratorSpec,
  acceleratorBandwidthGBps,
  estimateDecodeThroughput,
  inputOutputTokensPerSecond,
  kvCacheBytesPerToken,
  ModelPrecision,
  outputTokensPerSecond,
  THROUGHPUT_CONSTANTS,
  ThroughputEstimate,
  ThroughputFits,
} from "../src/model/throughput";

const FACTOR = 4;
const catalog: Catalog = compileCatalog();

/** One accelerator of a catalog instance type: its memory from the instance entry, its bandwidth from accelerators.yaml. */
function acceleratorOf(instanceType: string): AcceleratorSpec {
  const instance = catalog.instances.find((i) => i.type === instanceType);
  assert.ok(instance, `${instanceType} is not in the catalog`);
  const accelerator = catalog.accelerators.find((a) => a.id === instance.accelerator);
  assert.ok(accelerator, `${instance.accelerator} is not in the catalog`);
  return { memoryGiB: instance.acceleratorMemoryGiB, memoryBandwidthGBps: acceleratorBandwidthGBps(accelerator, instance.acceleratorMemoryGiB) };
}

const H100 = acceleratorOf("p5.4xlarge"); // H100 SXM 80 GB, 3,350 GB/s
const H200 = acceleratorOf("p5en.48xlarge"); // H200 141 GB, 4,800 GB/s
const B200 = acceleratorOf("p6-b200.48xlarge"); // B200 179.1 GiB, 8,000 GB/s
const A100_80 = acceleratorOf("p4de.24xlarge"); // A100 SXM4 80 GB, 2,039 GB/s
const A10G = acceleratorOf("g5.2xlarge"); // A10G 22.4 GiB, 600 GB/s
const L4 = acceleratorOf("g6.xlarge"); // L4 22.4 GiB, 300 GB/s
const T4 = acceleratorOf("g4dn.xlarge"); // T4 16 GiB, 320 GB/s

function fits(estimate: ThroughputEstimate): ThroughputFits {
  assert.ok(estimate.fits, `expected the model to fit, got: ${estimate.fits ? "" : estimate.reason}`);
  return estimate;
}

interface Measurement {
  /** Model, hardware, engine and conditions, as the published runs give them. */
  what: string;
  source: string;
  parametersBillions: number;
  precision: ModelPrecision;
  accelerator: AcceleratorSpec;
  acceleratorCount: number;
  /** Input/output tokens per request when the run states them; absent, the decode estimate is compared as it is. */
  mix?: { inputTokens: number; outputTokens: number };
  outputTokensPerSecond: number;
}

const TRT = "NVIDIA/TensorRT-LLM docs/source/performance/perf-overview.md @ 00f37686 (offline max load)";
const LAMBDA = "LambdaLabsML/vllm-benchmark benchmark_v0.md (num-prompts 320, benchmark_serving defaults; mix not stated)";
const LAMBDA_060 = "LambdaLabsML/vllm-benchmark benchmark_v0.md (5000 prompts, max-num-seq 256, max-seq-len 2048; mix not stated)";
const NIM = "docs.nvidia.com/nim/benchmarking/llm/1.0.0/performance (concurrency ≥ 100, saturated)";
const A10G_RUN = 'GitHub file "Benchmark: Llama 3 8b Instruct on NVIDIA A10G" (llmperf, concurrency 64)';
const io = (inputTokens: number, outputTokens: number) => ({ inputTokens, outputTokens });

const MEASUREMENTS: Measurement[] = [
  // TensorRT-LLM, FP8, offline max load (FP4 on B200: 4-bit weights, counted as int4).
  { what: "Llama 3.1 8B FP8, 1× H100, TensorRT-LLM, 128/128", source: TRT, parametersBillions: 8, precision: "fp8", accelerator: H100, acceleratorCount: 1, mix: io(128, 128), outputTokensPerSecond: 28312 },
  { what: "Llama 3.1 8B FP8, 1× H100, TensorRT-LLM, 1000/1000", source: TRT, parametersBillions: 8, precision: "fp8", accelerator: H100, acceleratorCount: 1, mix: io(1000, 1000), outputTokensPerSecond: 15220 },
  { what: "Llama 3.1 8B FP8, 1× H100, TensorRT-LLM, 2048/2048", source: TRT, parametersBillions: 8, precision: "fp8", accelerator: H100, acceleratorCount: 1, mix: io(2048, 2048), outputTokensPerSecond: 9305 },
  { what: "Llama 3.1 8B FP8, 1× H100, TensorRT-LLM, 5000/500", source: TRT, parametersBillions: 8, precision: "fp8", accelerator: H100, acceleratorCount: 1, mix: io(5000, 500), outputTokensPerSecond: 3459 },
  { what: "Llama 3.1 8B FP8, 1× H200, TensorRT-LLM, 128/128", source: TRT, parametersBillions: 8, precision: "fp8", accelerator: H200, acceleratorCount: 1, mix: io(128, 128), outputTokensPerSecond: 27911 },
  { what: "Llama 3.1 8B FP8, 1× H200, TensorRT-LLM, 1000/1000", source: TRT, parametersBillions: 8, precision: "fp8", accelerator: H200, acceleratorCount: 1, mix: io(1000, 1000), outputTokensPerSecond: 17744 },
  { what: "Llama 3.1 8B FP8, 1× H200, TensorRT-LLM, 2048/2048", source: TRT, parametersBillions: 8, precision: "fp8", accelerator: H200, acceleratorCount: 1, mix: io(2048, 2048), outputTokensPerSecond: 12194 },
  { what: "Llama 3.3 70B FP8, 2× H100 TP2, TensorRT-LLM, 128/128", source: TRT, parametersBillions: 70, precision: "fp8", accelerator: H100, acceleratorCount: 2, mix: io(128, 128), outputTokensPerSecond: 6378 },
  { what: "Llama 3.3 70B FP8, 2× H100 TP2, TensorRT-LLM, 1000/1000", source: TRT, parametersBillions: 70, precision: "fp8", accelerator: H100, acceleratorCount: 2, mix: io(1000, 1000), outputTokensPerSecond: 4205 },
  { what: "Llama 3.3 70B FP8, 2× H100 TP2, TensorRT-LLM, 2048/2048", source: TRT, parametersBillions: 70, precision: "fp8", accelerator: H100, acceleratorCount: 2, mix: io(2048, 2048), outputTokensPerSecond: 3082 },
  { what: "Llama 3.3 70B FP8, 2× H100 TP2, TensorRT-LLM, 5000/500", source: TRT, parametersBillions: 70, precision: "fp8", accelerator: H100, acceleratorCount: 2, mix: io(5000, 500), outputTokensPerSecond: 898 },
  { what: "Llama 3.3 70B FP8, 1× H200, TensorRT-LLM, 1000/1000", source: TRT, parametersBillions: 70, precision: "fp8", accelerator: H200, acceleratorCount: 1, mix: io(1000, 1000), outputTokensPerSecond: 2909 },
  { what: "Llama 3.3 70B FP8, 1× H200, TensorRT-LLM, 2048/2048", source: TRT, parametersBillions: 70, precision: "fp8", accelerator: H200, acceleratorCount: 1, mix: io(2048, 2048), outputTokensPerSecond: 2003 },
  { what: "Llama 3.3 70B FP4, 1× B200, TensorRT-LLM, 1000/1000", source: TRT, parametersBillions: 70, precision: "int4", accelerator: B200, acceleratorCount: 1, mix: io(1000, 1000), outputTokensPerSecond: 7007 },
  { what: "Llama 3.3 70B FP4, 1× B200, TensorRT-LLM, 2048/2048", source: TRT, parametersBillions: 70, precision: "int4", accelerator: B200, acceleratorCount: 1, mix: io(2048, 2048), outputTokensPerSecond: 4783 },
  // vLLM 0.5.4 (Lambda), FP8 checkpoints. 70B on one 80 GB GPU is a does-not-fit case below.
  { what: "Llama 3.1 8B FP8, 1× A100-80G, vLLM 0.5.4", source: LAMBDA, parametersBillions: 8, precision: "fp8", accelerator: A100_80, acceleratorCount: 1, outputTokensPerSecond: 1518 },
  { what: "Llama 3.1 8B FP8, 1× H100, vLLM 0.5.4", source: LAMBDA, parametersBillions: 8, precision: "fp8", accelerator: H100, acceleratorCount: 1, outputTokensPerSecond: 3400 },
  { what: "Llama 3.1 70B FP8, 2× A100-80G, vLLM 0.5.4", source: LAMBDA, parametersBillions: 70, precision: "fp8", accelerator: A100_80, acceleratorCount: 2, outputTokensPerSecond: 663 },
  { what: "Llama 3.1 70B FP8, 4× A100-80G, vLLM 0.5.4", source: LAMBDA, parametersBillions: 70, precision: "fp8", accelerator: A100_80, acceleratorCount: 4, outputTokensPerSecond: 957 },
  { what: "Llama 3.1 70B FP8, 2× H100, vLLM 0.5.4", source: LAMBDA, parametersBillions: 70, precision: "fp8", accelerator: H100, acceleratorCount: 2, outputTokensPerSecond: 1728 },
  { what: "Llama 3.1 70B FP8, 4× H100, vLLM 0.5.4", source: LAMBDA, parametersBillions: 70, precision: "fp8", accelerator: H100, acceleratorCount: 4, outputTokensPerSecond: 2243 },
  // vLLM 0.6.0, 10 scheduler steps (Lambda).
  { what: "Llama 3.1 8B FP8, 1× H100, vLLM 0.6.0", source: LAMBDA_060, parametersBillions: 8, precision: "fp8", accelerator: H100, acceleratorCount: 1, outputTokensPerSecond: 8088 },
  { what: "Llama 3.1 70B FP8, 4× H100, vLLM 0.6.0", source: LAMBDA_060, parametersBillions: 70, precision: "fp8", accelerator: H100, acceleratorCount: 4, outputTokensPerSecond: 3543 },
  // NIM.
  { what: "Llama 3.3 70B FP8, 2× H100 TP2, NIM 1.8.0, 5000/500", source: NIM, parametersBillions: 70, precision: "fp8", accelerator: H100, acceleratorCount: 2, mix: io(5000, 500), outputTokensPerSecond: 920 },
  // g5.2xlarge, FP16, ~550 input / 150 output tokens: one measurement per engine.
  { what: "Llama 3 8B FP16, 1× A10G (g5.2xlarge), vLLM 0.4.3, ~550/150", source: A10G_RUN, parametersBillions: 8, precision: "bf16", accelerator: A10G, acceleratorCount: 1, mix: io(550, 150), outputTokensPerSecond: 301 },
  { what: "Llama 3 8B FP16, 1× A10G (g5.2xlarge), TGI 2.0.4, ~550/150", source: A10G_RUN, parametersBillions: 8, precision: "bf16", accelerator: A10G, acceleratorCount: 1, mix: io(550, 150), outputTokensPerSecond: 304 },
  { what: "Llama 3 8B FP16, 1× A10G (g5.2xlarge), NIM 1.0, ~550/150", source: A10G_RUN, parametersBillions: 8, precision: "bf16", accelerator: A10G, acceleratorCount: 1, mix: io(550, 150), outputTokensPerSecond: 311 },
  // Not compared: Mixtral (not dense), Llama 3.2 11B Vision on L4 (vision model), A40 runs (no A40 in the catalog).
];

/** The estimate to set against a measurement: output tok/s within its mix, or the decode rate when the mix is unknown. */
function estimatedOutput(m: Measurement): number {
  const e = fits(estimateDecodeThroughput(m));
  return m.mix ? outputTokensPerSecond(e.decodeTokensPerSecond, m.mix) : e.decodeTokensPerSecond;
}

describe(`throughput estimate vs measured runs (published runs), within ×${FACTOR}`, () => {
  const rows: string[] = [];
  after(() => {
    if (process.env.THROUGHPUT_TABLE) {
      console.log(["", "estimate vs measured output tok/s:", ...rows].join("\n"));
    }
  });

  for (const m of MEASUREMENTS) {
    it(`${m.what}: measured ${m.outputTokensPerSecond.toLocaleString("en-US")} output tok/s — ${m.source}`, () => {
      const estimate = estimatedOutput(m);
      const ratio = estimate / m.outputTokensPerSecond;
      rows.push(`  ${m.what.padEnd(62)} est ${Math.round(estimate).toLocaleString("en-US").padStart(6)}  measured ${m.outputTokensPerSecond.toLocaleString("en-US").padStart(6)}  ratio ${ratio.toFixed(2)}`);
      assert.ok(
        ratio <= FACTOR && ratio >= 1 / FACTOR,
        `estimate ${Math.round(estimate)} is ${ratio.toFixed(2)}× the measured ${m.outputTokensPerSecond}, outside ×${FACTOR}`,
      );
    });
  }

  it("is centred: the estimates are neither all above nor all below the measurements", () => {
    const logs = MEASUREMENTS.map((m) => Math.log(estimatedOutput(m) / m.outputTokensPerSecond));
    assert.ok(logs.some((l) => l > 0) && logs.some((l) => l < 0));
    const geometricMean = Math.exp(logs.reduce((a, b) => a + b, 0) / logs.length);
    assert.ok(geometricMean > 1 / 1.5 && geometricMean < 1.5, `geometric mean ratio ${geometricMean.toFixed(2)}`);
  });
});

describe("throughput estimate: models that do not fit", () => {
  it("70B bf16 on one L4 (22.4 GiB): the finding carries the weights, the working KV cache and the memory available", () => {
    const e = estimateDecodeThroughput({ parametersBillions: 70, precision: "bf16", accelerator: L4, acceleratorCount: 1 });
    assert.equal(e.fits, false);
    if (e.fits) return;
    assert.ok(Math.abs(e.weightsGiB - 130.39) < 0.01, `weights ${e.weightsGiB}`); // 70e9 × 2 bytes = 130.4 GiB
    assert.ok(Math.abs(e.workingKvCacheGiB - 10) < 0.01, `KV ${e.workingKvCacheGiB}`); // 16 × 2,048 × 320 KiB = 10 GiB
    assert.ok(Math.abs(e.availableGiB - 20.16) < 0.01, `available ${e.availableGiB}`); // 90% of 22.4 GiB
    assert.equal(e.acceleratorsTried, 1);
    assert.equal(
      e.reason,
      "a 70B bf16 model needs 130.4 GiB of weights plus a 10.0 GiB working KV cache (16 sequences × 2,048 tokens), " +
        "140.4 GiB in all, but one accelerator offers 20.2 GiB usable (90% of 22.4 GiB)",
    );
  });

  it("70B bf16 on eight L4s (g6.48xlarge) fits, as one replica across all eight", () => {
    const e = fits(estimateDecodeThroughput({ parametersBillions: 70, precision: "bf16", accelerator: L4, acceleratorCount: 8 }));
    assert.equal(e.acceleratorsPerReplica, 8);
    assert.equal(e.replicas, 1);
  });

  it("8B bf16 on one T4 (16 GiB): 14.9 GiB of weights leave no room for the working KV cache", () => {
    const e = estimateDecodeThroughput({ parametersBillions: 8, precision: "bf16", accelerator: T4, acceleratorCount: 1 });
    assert.equal(e.fits, false);
    if (e.fits) return;
    assert.ok(Math.abs(e.weightsGiB - 14.9) < 0.01 && Math.abs(e.workingKvCacheGiB - 4) < 0.01 && Math.abs(e.availableGiB - 14.4) < 0.01);
    assert.match(e.reason, /14\.9 GiB of weights plus a 4\.0 GiB working KV cache .* one accelerator offers 14\.4 GiB usable/);
  });

  // Lambda's published vLLM 0.5.4 runs measured 209 and 419 output tok/s for these, but one 80 GB GPU served
  // the model only up to a 4k context (Lambda's max-context table) with ~10 sequences at a time: below the working cache.
  for (const [name, accelerator] of [["A100-80G", A100_80], ["H100", H100]] as const) {
    it(`70B fp8 on one ${name}: 65.2 GiB of weights plus the 10 GiB working cache exceed 72 GiB (vLLM ran it at ≤ 4k context)`, () => {
      const e = estimateDecodeThroughput({ parametersBillions: 70, precision: "fp8", accelerator, acceleratorCount: 1 });
      assert.equal(e.fits, false);
      if (e.fits) return;
      assert.ok(Math.abs(e.weightsGiB - 65.19) < 0.01 && Math.abs(e.availableGiB - 72) < 0.01);
    });
  }

  it("a fractional GPU (g6f.large, 1/8 of an L4 with 2.8 GiB) cannot hold an 8B int4 model", () => {
    const e = estimateDecodeThroughput({ parametersBillions: 8, precision: "int4", accelerator: acceleratorOf("g6f.large"), acceleratorCount: 0.125 });
    assert.equal(e.fits, false);
    if (e.fits) return;
    assert.match(e.reason, /a fractional GPU offers 2\.5 GiB usable \(90% of 2\.8 GiB\)/);
  });

  it("a fractional GPU that holds the model gets its share of the bandwidth", () => {
    const half = fits(estimateDecodeThroughput({ parametersBillions: 1, precision: "int4", accelerator: acceleratorOf("g6f.4xlarge"), acceleratorCount: 0.5 }));
    const whole = fits(estimateDecodeThroughput({ parametersBillions: 1, precision: "int4", accelerator: { ...L4, memoryGiB: 11.2 }, acceleratorCount: 1 }));
    assert.ok(Math.abs(half.decodeTokensPerSecond - whole.decodeTokensPerSecond / 2) < 1e-6);
  });

  it("rejects inputs that are not positive numbers", () => {
    assert.throws(() => estimateDecodeThroughput({ parametersBillions: 0, precision: "bf16", accelerator: L4, acceleratorCount: 1 }), RangeError);
    assert.throws(() => estimateDecodeThroughput({ parametersBillions: 8, precision: "bf16", accelerator: { ...L4, memoryBandwidthGBps: NaN }, acceleratorCount: 1 }), RangeError);
  });
});

describe("throughput estimate: properties", () => {
  const precision = fc.constantFrom<ModelPrecision>("bf16", "fp8", "int4");
  const params = fc.double({ min: 0.5, max: 500, noNaN: true, noDefaultInfinity: true });
  const memory = fc.double({ min: 8, max: 300, noNaN: true, noDefaultInfinity: true });
  const bandwidth = fc.double({ min: 50, max: 10000, noNaN: true, noDefaultInfinity: true });
  const count = fc.constantFrom(0.125, 0.5, 1, 2, 4, 6, 8, 12, 16);
  /** Decode tok/s, 0 when the model does not fit. */
  const rate = (p: number, pr: ModelPrecision, memoryGiB: number, memoryBandwidthGBps: number, n: number) => {
    const e = estimateDecodeThroughput({ parametersBillions: p, precision: pr, accelerator: { memoryGiB, memoryBandwidthGBps }, acceleratorCount: n });
    return e.fits ? e.decodeTokensPerSecond : 0;
  };
  const NUMERIC = 1 + 1e-9;

  it("more bandwidth never lowers the estimate", () => {
    fc.assert(
      fc.property(params, precision, memory, bandwidth, bandwidth, count, (p, pr, m, b1, b2, n) => {
        const [lo, hi] = b1 <= b2 ? [b1, b2] : [b2, b1];
        return rate(p, pr, m, hi, n) * NUMERIC >= rate(p, pr, m, lo, n);
      }),
    );
  });

  it("a bigger model never raises the estimate", () => {
    fc.assert(
      fc.property(params, params, precision, memory, bandwidth, count, (p1, p2, pr, m, b, n) => {
        const [small, big] = p1 <= p2 ? [p1, p2] : [p2, p1];
        return rate(big, pr, m, b, n) <= rate(small, pr, m, b, n) * NUMERIC;
      }),
    );
  });

  it("int4 ≥ fp8 ≥ bf16 for the same model and hardware", () => {
    fc.assert(
      fc.property(params, memory, bandwidth, count, (p, m, b, n) => {
        const [bf16, fp8, int4] = (["bf16", "fp8", "int4"] as const).map((pr) => rate(p, pr, m, b, n));
        return int4 * NUMERIC >= fp8 && fp8 * NUMERIC >= bf16;
      }),
    );
  });

  it("a model that fits on one accelerator fits on more, and more accelerators never lower the estimate", () => {
    fc.assert(
      fc.property(params, precision, memory, bandwidth, (p, pr, m, b) => {
        const rates = [1, 2, 4, 8].map((n) => rate(p, pr, m, b, n));
        return rates.every((r, i) => i === 0 || r * NUMERIC >= rates[i - 1]);
      }),
    );
  });
});

describe("throughput estimate: constants and helpers", () => {
  it("KV cache per token is 128 KiB at 8B and 320 KiB at 70B (Llama 3, 16-bit KV), a power law between", () => {
    assert.ok(Math.abs(kvCacheBytesPerToken(8) - 131072) < 1e-6);
    assert.ok(Math.abs(kvCacheBytesPerToken(70) - 327680) < 1e-6);
    assert.ok(kvCacheBytesPerToken(8) < kvCacheBytesPerToken(30) && kvCacheBytesPerToken(30) < kvCacheBytesPerToken(70));
  });

  it("Llama 3 8B bf16 on a g5.2xlarge: one replica, a batch of 21, about 300 decode tok/s", () => {
    const e = fits(estimateDecodeThroughput({ parametersBillions: 8, precision: "bf16", accelerator: A10G, acceleratorCount: 1 }));
    assert.equal(e.replicas, 1);
    assert.equal(e.batchPerReplica, 21); // (20.16 − 14.90) GiB ÷ 256 MiB per 2,048-token sequence
    // 0.45 × 600 GB/s × 21 ÷ (16.0 GB of weights + 21 × 1,024 × 128 KiB) ≈ 301
    assert.ok(Math.abs(e.decodeTokensPerSecond - 301.3) < 0.1, String(e.decodeTokensPerSecond));
  });

  it("converts decode tok/s to input+output tok/s: an input token costs 1/8 of an output token", () => {
    assert.equal(THROUGHPUT_CONSTANTS.inputTokenCost, 1 / 8);
    assert.equal(inputOutputTokensPerSecond(1000, { inputTokens: 0, outputTokens: 1 }), 1000);
    // 3:1 input:output: 4 tokens per (1 + 3/8) output-token times.
    assert.ok(Math.abs(inputOutputTokensPerSecond(1000, { inputTokens: 3e9, outputTokens: 1e9 }) - 4000 / 1.375) < 1e-9);
    assert.equal(inputOutputTokensPerSecond(1000, { inputTokens: 1, outputTokens: 0 }), 8000);
    assert.ok(Math.abs(outputTokensPerSecond(1000, { inputTokens: 3, outputTokens: 1 }) - 1000 / 1.375) < 1e-9);
    assert.throws(() => inputOutputTokensPerSecond(1000, { inputTokens: 0, outputTokens: 0 }), RangeError);
  });

  it("takes an accelerator's bandwidth for the instance's memory size: A100 40 GB (p4d) 1,555, 80 GB (p4de) 2,039 GB/s", () => {
    assert.equal(acceleratorOf("p4d.24xlarge").memoryBandwidthGBps, 1555);
    assert.equal(acceleratorOf("p4de.24xlarge").memoryBandwidthGBps, 2039);
    assert.equal(acceleratorBandwidthGBps({ memoryBandwidthGBps: 900 }, 32), 900);
  });
});

describe("catalog: accelerator memory bandwidth", () => {
  it("gives every accelerator a bandwidth with a listed source, and every estimate a note", () => {
    for (const a of catalog.accelerators) {
      assert.ok(a.memoryBandwidthGBps > 0, a.id);
      assert.ok(catalog.sources[a.bandwidthSource ?? a.source], `${a.id}: bandwidth source`);
      if (a.bandwidthEstimate) assert.ok(a.bandwidthNote, `${a.id}: an estimate needs a note`);
    }
    const bandwidth = (id: string) => catalog.accelerators.find((a) => a.id === id)?.memoryBandwidthGBps;
    assert.deepEqual(
      ["a10g", "l4", "l40s", "h100", "h200", "b200", "v100", "t4"].map(bandwidth),
      [600, 300, 864, 3350, 4800, 8000, 900, 320],
    );
  });

  it("lets every instance type's accelerators be estimated", () => {
    for (const i of catalog.instances) {
      const spec = acceleratorOf(i.type);
      assert.ok(spec.memoryBandwidthGBps > 0 && spec.memoryGiB > 0, i.type);
    }
  });

  describe("validation", () => {
    const dirs: string[] = [];
    after(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));
    const L40S_LINE = /^ {2}- \{ id: l40s,.*$/m;
    const A100_LINE = /^ {2}- \{ id: a100,.*$/m;

    function compileWith(edit: (acceleratorsYaml: string) => string): () => Catalog {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gpu-breakeven-bandwidth-"));
      dirs.push(dir);
      for (const name of ["instances.yaml", "accelerators.yaml", "models.yaml"]) {
        const text = fs.readFileSync(path.join(catalogDataDir, name), "utf8");
        const out = name === "accelerators.yaml" ? edit(text) : text;
        if (name === "accelerators.yaml") assert.notEqual(out, text, "the edit did not change the file");
        fs.writeFileSync(path.join(dir, name), out);
      }
      return () => compileCatalog(dir);
    }
    const rejects = (compile: () => Catalog, expected: string) =>
      assert.throws(compile, (e: unknown) => e instanceof CatalogError && e.message === expected);

    it("rejects a bandwidth source that is not listed", () => {
      const compile = compileWith((t) => t.replace(L40S_LINE, (l) => l.replace("bandwidthSource: nvidia-ada-datacenter-bandwidth", "bandwidthSource: no-such-source")));
      rejects(compile, 'accelerators.yaml: l40s bandwidthSource: source "no-such-source" is not listed under sources');
    });

    it("rejects an estimated bandwidth without a note", () => {
      const compile = compileWith((t) => t.replace(L40S_LINE, (l) => l.replace("memoryBandwidthGBps: 864,", "memoryBandwidthGBps: 864, bandwidthEstimate: true,")));
      rejects(compile, "accelerators.yaml: l40s: an estimated memoryBandwidthGBps needs a bandwidthNote saying how it was derived");
    });

    it("rejects a memory variant no instance type uses", () => {
      const compile = compileWith((t) => t.replace(A100_LINE, (l) => l.replace("memoryGiB: 80,", "memoryGiB: 81,")));
      rejects(compile, "accelerators.yaml: a100 memoryVariants 81 GiB: no instance type in instances.yaml has a100 with 81 GiB");
    });

    it("rejects an accelerator without a bandwidth", () => {
      const compile = compileWith((t) => t.replace(L40S_LINE, (l) => l.replace("memoryBandwidthGBps: 864, ", "")));
      assert.throws(compile, (e: unknown) => e instanceof CatalogError && /accelerators\[l40s\]\.memoryBandwidthGBps/.test(e.message));
    });
  });
});
