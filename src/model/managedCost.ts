import { ManagedPrice, TokenVolume } from "./types";

/** What the managed API charges for `volume` scaled by `share` (1 = the declared volume, 0.5 = half). */
export function managedCostAt(volume: TokenVolume, price: ManagedPrice, share = 1): number {
  const input = ((volume.inputTokens * share) / 1e6) * inputUsdPerMillion(volume, price);
  const output = ((volume.outputTokens * share) / 1e6) * price.outputUsdPerMillion;
  return input + output;
}

/** Total tokens of a volume, input plus output. */
export function totalTokens(volume: TokenVolume): number {
  return volume.inputTokens + volume.outputTokens;
}

/** The blended price of one million input tokens, given the share a prompt cache serves. */
export function inputUsdPerMillion(volume: TokenVolume, price: ManagedPrice): number {
  const cached = volume.cachedInputShare ?? 0;
  const cachedPrice = price.cachedInputUsdPerMillion ?? price.inputUsdPerMillion;
  return (1 - cached) * price.inputUsdPerMillion + cached * cachedPrice;
}

/** Every per-token price of `price` times `factor` (an offering priced against the list price, e.g. 1.1). */
export function scaledPrice<P extends ManagedPrice>(price: P, factor: number): P {
  const scaled: P = { ...price, inputUsdPerMillion: price.inputUsdPerMillion * factor, outputUsdPerMillion: price.outputUsdPerMillion * factor };
  if (price.cachedInputUsdPerMillion !== undefined) scaled.cachedInputUsdPerMillion = price.cachedInputUsdPerMillion * factor;
  return scaled;
}
