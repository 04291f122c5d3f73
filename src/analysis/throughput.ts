import type { PriceBook } from "../catalog/prices";
import type { ServedModel } from "../declaration/schema";
import type { TokenVolume } from "../model/types";
import { acceleratorBandwidthGBps, estimateDecodeThroughput, inputOutputTokensPerSecond } from "../model/throughput";

/** Estimated input+output tokens/s of one instance serving the workload's model, or why there is none. */
export type InstanceThroughput = { ok: true; tokensPerSecond: number } | { ok: false; reason: string };

/**
 * Joins the catalog's specs of an instance type (accelerators, memory, bandwidth) to the pure estimator,
 * and converts decode tokens/s to the workload's input+output mix. Undefined when the catalog lacks a spec.
 */
export function instanceThroughput(instanceType: string, model: ServedModel, volume: TokenVolume, prices: PriceBook): InstanceThroughput | undefined {
  const entry = prices.instanceType(instanceType);
  const accelerator = entry ? prices.accelerator(entry.accelerator) : undefined;
  if (!entry || !accelerator) return undefined;
  const estimate = estimateDecodeThroughput({
    parametersBillions: model.parametersBillions,
    precision: model.precision,
    accelerator: { memoryGiB: entry.acceleratorMemoryGiB, memoryBandwidthGBps: acceleratorBandwidthGBps(accelerator, entry.acceleratorMemoryGiB) },
    acceleratorCount: entry.acceleratorCount,
  });
  if (!estimate.fits) return { ok: false, reason: `${instanceType}: ${estimate.reason}` };
  // A workload with no tokens has no mix; its decode rate stands for both.
  const mix = volume.inputTokens + volume.outputTokens > 0 ? volume : { inputTokens: 0, outputTokens: 1 };
  return { ok: true, tokensPerSecond: inputOutputTokensPerSecond(estimate.decodeTokensPerSecond, mix) };
}
