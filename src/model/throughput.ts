// Estimated serving throughput of one instance for a dense open-weight model, from its accelerators' memory and
// memory bandwidth. Pure arithmetic on plain inputs: no Pulumi, no catalog.
//
// Decode (producing output tokens) is memory-bandwidth-bound: every decode step reads all the weights once, plus the
// KV cache of every sequence in the batch, and yields one token per sequence. So
//
//   decode tokens/s per replica = η × bandwidth × tp(g) × B ÷ (W + B × avgContext × kvPerToken)
//
// with W the weight bytes, B the batch the free memory holds, η the share of the datasheet bandwidth a serving engine
// turns into decode (calibrated below) and tp(g) the tensor-parallel efficiency of a replica spread over g accelerators.
// Prefill (reading the prompt) is compute-bound and much cheaper per token; inputOutputTokensPerSecond() converts a
// decode rate into the input+output rate of a workload's mix.
//
// Calibration: test/throughput.test.ts compares the estimate with every comparable measured run in
// published benchmarks (TensorRT-LLM offline max-load runs from NVIDIA's perf-overview, vLLM 0.5.4
// and 0.6.0 runs from Lambda, a NIM run and a g5.2xlarge llmperf run with three engines; 27 in all). With η = 0.45 and
// tp = 0.75 per doubling every estimate is within ×4 of its measurement (0.29× to 3.65×): TensorRT-LLM at 128/128 tokens
// measures up to 3.4× above the estimate (short contexts, batches beyond 256) and vLLM 0.5.4 up to 3.65× below it
// (CPU-bound: ~60% GPU power draw, Lambda). The engines themselves differ by 4.5× on the same GPU and model (Llama 8B
// on one H100: TensorRT-LLM 15,220 vs vLLM 0.5.4 3,400 output tok/s), so no single figure can be much closer to all.

/** Weight precision of the served model. */
export type ModelPrecision = "bf16" | "fp8" | "int4";

/** One accelerator of the instance: its memory and datasheet memory bandwidth. */
export interface AcceleratorSpec {
  /** Memory of one accelerator, GiB (2^30 bytes), as the catalog lists it; for a fractional GPU (g6f), the share's memory. */
  memoryGiB: number;
  /** Datasheet memory bandwidth of one whole accelerator, GB/s (10^9 bytes/s). */
  memoryBandwidthGBps: number;
}

export interface ThroughputInput {
  /** Parameters of the dense model, in billions (Llama 3.1 8B: 8). */
  parametersBillions: number;
  precision: ModelPrecision;
  accelerator: AcceleratorSpec;
  /** Accelerators per instance; below 1 for a fractional GPU (g6f.xlarge: 0.125). */
  acceleratorCount: number;
}

/** The constants of the estimate. Each is documented where it is used; the test file shows their calibration. */
export const THROUGHPUT_CONSTANTS = {
  /** Bytes per weight: 16-bit, 8-bit, 4-bit (FP4 is counted as int4). */
  bytesPerParameter: { bf16: 2, fp8: 1, int4: 0.5 } as Record<ModelPrecision, number>,
  /**
   * KV cache per token at 16-bit KV, calibrated on Llama 3 (grouped-query attention, 8 KV heads of 128):
   * 8B = 32 layers × 8 × 128 × 2 (K and V) × 2 bytes = 128 KiB; 70B = 80 layers × … = 320 KiB.
   * kvPerToken(P) = 128 KiB × (P / 8)^k with k = ln(320/128) / ln(70/8) ≈ 0.42, a power law through both points.
   * The KV cache is counted at 16 bits for every weight precision (vLLM keeps it at 16 bits unless told otherwise).
   */
  kvBytesPerTokenAt8B: 128 * 1024,
  kvBytesPerTokenAt70B: 320 * 1024,
  /** Share of accelerator memory a serving engine uses for weights and KV cache (vLLM gpu_memory_utilization 0.9). */
  usableMemoryShare: 0.9,
  /**
   * The working KV cache that must fit besides the weights: this many sequences of workingContextTokens each. Fewer
   * concurrent sequences than this is a test rig, not a serving fleet (Llama 70B fp8 on one 80 GB GPU runs in vLLM, but
   * only up to a 4k context and ~10 sequences: Lambda's published vLLM runs).
   */
  workingSequences: 16,
  workingContextTokens: 2048,
  /** Average tokens in a sequence's KV cache during decode: half the working context (sequences are mid-way). */
  averageContextTokens: 1024,
  /** Most sequences decoded together (vLLM's default max-num-seqs). */
  maxBatch: 256,
  /** η: share of the datasheet bandwidth turned into decode, calibrated on §5 (see the header). */
  bandwidthEfficiency: 0.45,
  /**
   * Tensor-parallel efficiency per doubling of the accelerators one replica spans (an all-reduce per layer). 0.75 sits
   * between TensorRT-LLM, near-linear at TP2 (Llama 70B: 2×H100 4,205 vs 1×H200 2,909 output tok/s, bandwidth ratio
   * 1.40), and vLLM 0.5.4, where 4×H100 gave only 1.3× the output of 2×H100 (2,243 vs 1,728).
   */
  tensorParallelEfficiencyPerDoubling: 0.75,
  /**
   * Time to process one input (prompt) token, as a fraction of one output token's decode time. Prefill handles all
   * prompt tokens of a request in one pass, so it is compute-bound (~2 × parameters FLOPs per token at a good share of
   * peak) instead of re-reading every weight and the batch's KV cache per token. On the §5 TensorRT-LLM Llama 8B H100
   * pair (2048/2048: 9,305 and 5000/500: 3,459 output tok/s) the implied cost is about 1/7; 1/8 is the round figure.
   */
  inputTokenCost: 1 / 8,
} as const;

const GIB = 2 ** 30;

/** 22.4 → "22.4", 80 → "80": a GiB figure as the catalog writes it. */
function formatGiB(value: number): string {
  return String(Math.round(value * 10) / 10);
}

/** KV cache bytes per token of a dense model with `parametersBillions` parameters, at 16-bit KV (see THROUGHPUT_CONSTANTS). */
export function kvCacheBytesPerToken(parametersBillions: number): number {
  const c = THROUGHPUT_CONSTANTS;
  const k = Math.log(c.kvBytesPerTokenAt70B / c.kvBytesPerTokenAt8B) / Math.log(70 / 8);
  return c.kvBytesPerTokenAt8B * Math.pow(parametersBillions / 8, k);
}

/** The estimate when the model fits: the instance's decode rate and how it was reached. */
export interface ThroughputFits {
  fits: true;
  /** Sustained decode (output) tokens/s of the whole instance. */
  decodeTokensPerSecond: number;
  /** Accelerators one replica spans (a power of two, or the fraction of a fractional GPU). */
  acceleratorsPerReplica: number;
  replicas: number;
  /** Sequences decoded together per replica. */
  batchPerReplica: number;
  decodeTokensPerSecondPerReplica: number;
  weightsGiB: number;
  /** The working KV cache that had to fit besides the weights. */
  workingKvCacheGiB: number;
  /** Usable memory of one replica's accelerators (usableMemoryShare of the total). */
  availableGiB: number;
  kvBytesPerToken: number;
  /** Bytes one decode step of a replica reads: weights plus the batch's KV cache at the average context. */
  stepBytes: number;
}

/** The estimate when no group of the instance's accelerators holds the weights and the working KV cache. */
export interface ThroughputDoesNotFit {
  fits: false;
  weightsGiB: number;
  workingKvCacheGiB: number;
  /** Usable memory of the largest group tried: every accelerator of the instance (usableMemoryShare of the total). */
  availableGiB: number;
  /** Accelerators in the largest group tried. */
  acceleratorsTried: number;
  kvBytesPerToken: number;
  /** One sentence for a finding, with the numbers. */
  reason: string;
}

export type ThroughputEstimate = ThroughputFits | ThroughputDoesNotFit;

/**
 * Sustained decode (output) tokens/s of one instance serving a dense model, estimated from memory bandwidth.
 * Replicas: the smallest power-of-two group of accelerators (at most acceleratorCount) whose usable memory holds the
 * weights plus the working KV cache; replicas = floor(acceleratorCount / group). A fractional GPU (acceleratorCount < 1)
 * is one replica on its share of memory and the same share of bandwidth.
 */
export function estimateDecodeThroughput(input: ThroughputInput): ThroughputEstimate {
  const c = THROUGHPUT_CONSTANTS;
  const { parametersBillions, precision, accelerator, acceleratorCount } = input;
  for (const [name, value] of [
    ["parametersBillions", parametersBillions],
    ["accelerator.memoryGiB", accelerator.memoryGiB],
    ["accelerator.memoryBandwidthGBps", accelerator.memoryBandwidthGBps],
    ["acceleratorCount", acceleratorCount],
  ] as const) {
    if (!Number.isFinite(value) || value <= 0) throw new RangeError(`${name} must be a positive number, got ${value}`);
  }
  const weightBytes = parametersBillions * 1e9 * c.bytesPerParameter[precision];
  const kvBytesPerToken = kvCacheBytesPerToken(parametersBillions);
  const sequenceBytes = c.workingContextTokens * kvBytesPerToken;
  const workingKvBytes = c.workingSequences * sequenceBytes;
  // memoryGiB is per accelerator, or the share's memory for a fractional GPU.
  const usable = (accelerators: number) => c.usableMemoryShare * Math.max(accelerators, 1) * accelerator.memoryGiB * GIB;

  // Group sizes to try: 1, 2, 4, … up to the instance's count; a fractional GPU is one group of its share.
  const groups: number[] = [];
  if (acceleratorCount < 1) groups.push(acceleratorCount);
  else for (let g = 1; g <= acceleratorCount; g *= 2) groups.push(g);
  const fitting = groups.filter((g) => usable(g) >= weightBytes + workingKvBytes);
  if (fitting.length === 0) {
    const tried = groups[groups.length - 1];
    const weightsGiB = weightBytes / GIB;
    const workingKvCacheGiB = workingKvBytes / GIB;
    const availableGiB = usable(tried) / GIB;
    const across = tried < 1 ? "a fractional GPU" : tried === 1 ? "one accelerator" : `${tried} accelerators`;
    return {
      fits: false,
      weightsGiB,
      workingKvCacheGiB,
      availableGiB,
      acceleratorsTried: tried,
      kvBytesPerToken,
      reason:
        `a ${parametersBillions}B ${precision} model needs ${weightsGiB.toFixed(1)} GiB of weights plus a ${workingKvCacheGiB.toFixed(1)} GiB ` +
        `working KV cache (${c.workingSequences} sequences × ${c.workingContextTokens.toLocaleString("en-US")} tokens), ` +
        `${(weightsGiB + workingKvCacheGiB).toFixed(1)} GiB in all, but ${across} offer${tried === 1 || tried < 1 ? "s" : ""} ` +
        `${availableGiB.toFixed(1)} GiB usable (${Math.round(c.usableMemoryShare * 100)}% of ${formatGiB(Math.max(tried, 1) * accelerator.memoryGiB)} GiB)`,
    };
  }

  // Every group that fits, as replicas of the instance; the one that serves the most wins (ties: the smaller group).
  // Usually the smallest group that fits; a larger one when the smallest leaves room for only a small batch.
  const replica = (group: number) => {
    const replicas = acceleratorCount < 1 ? 1 : Math.floor(acceleratorCount / group);
    // At least workingSequences (the fit test above), at most maxBatch.
    const batch = Math.max(c.workingSequences, Math.min(c.maxBatch, Math.floor((usable(group) - weightBytes) / sequenceBytes)));
    const stepBytes = weightBytes + batch * c.averageContextTokens * kvBytesPerToken;
    // A fractional GPU's group is its share: 0.125 of an L4 gets 0.125 of its bandwidth.
    const bandwidth = group * accelerator.memoryBandwidthGBps * 1e9;
    const tp = group > 1 ? Math.pow(c.tensorParallelEfficiencyPerDoubling, Math.log2(group)) : 1;
    const perReplica = (c.bandwidthEfficiency * bandwidth * tp * batch) / stepBytes;
    return { group, replicas, batch, stepBytes, perReplica, total: perReplica * replicas };
  };
  const { group, replicas, batch, stepBytes, perReplica } = fitting
    .map(replica)
    .reduce((best, next) => (next.total > best.total ? next : best));
  return {
    fits: true,
    decodeTokensPerSecond: perReplica * replicas,
    acceleratorsPerReplica: group,
    replicas,
    batchPerReplica: batch,
    decodeTokensPerSecondPerReplica: perReplica,
    weightsGiB: weightBytes / GIB,
    workingKvCacheGiB: workingKvBytes / GIB,
    availableGiB: usable(group) / GIB,
    kvBytesPerToken,
    stepBytes,
  };
}

/**
 * Input+output tokens/s of an instance that decodes `decodeTokensPerSecond`, for a workload that reads `inputTokens`
 * for every `outputTokens` it writes (monthly volumes or per-request averages: only the ratio matters). Each input token
 * costs `inputTokenCost` of an output token's time (1/8 by default, see THROUGHPUT_CONSTANTS):
 *   time per output token = 1/decode × (1 + cost × input/output), and input+output tokens flow at (input+output)/time.
 */
export function inputOutputTokensPerSecond(
  decodeTokensPerSecond: number,
  mix: { inputTokens: number; outputTokens: number },
  inputTokenCost: number = THROUGHPUT_CONSTANTS.inputTokenCost,
): number {
  const { inputTokens, outputTokens } = mix;
  if (!(inputTokens >= 0) || !(outputTokens >= 0) || inputTokens + outputTokens === 0) {
    throw new RangeError(`the mix needs non-negative input and output tokens, not both zero (got ${inputTokens} / ${outputTokens})`);
  }
  // Seconds of instance time per output-token-equivalent of work, scaled to the mix.
  const work = outputTokens + inputTokenCost * inputTokens;
  return (decodeTokensPerSecond * (inputTokens + outputTokens)) / work;
}

/**
 * Output tokens/s within a mix: the share of inputOutputTokensPerSecond() that is output. What a benchmark that reports
 * "output tokens/s" for a given input/output length measures.
 */
export function outputTokensPerSecond(
  decodeTokensPerSecond: number,
  mix: { inputTokens: number; outputTokens: number },
  inputTokenCost: number = THROUGHPUT_CONSTANTS.inputTokenCost,
): number {
  const total = inputOutputTokensPerSecond(decodeTokensPerSecond, mix, inputTokenCost);
  return (total * mix.outputTokens) / (mix.inputTokens + mix.outputTokens);
}

/**
 * Memory bandwidth of one accelerator in an instance whose accelerators have `memoryGiB` each: the accelerator's
 * memory variant for that size when the catalog lists one (A100 80 GB in p4de: 2,039 GB/s), else its base figure.
 * Structural, so callers pass a catalog accelerator entry without this module importing the catalog.
 */
export function acceleratorBandwidthGBps(
  entry: { memoryBandwidthGBps: number; memoryVariants?: ReadonlyArray<{ memoryGiB: number; memoryBandwidthGBps: number }> },
  memoryGiB: number,
): number {
  const variant = entry.memoryVariants?.find((v) => Math.abs(v.memoryGiB - memoryGiB) < 1e-9);
  return variant ? variant.memoryBandwidthGBps : entry.memoryBandwidthGBps;
}
