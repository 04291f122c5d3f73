// Data residency constrains the managed side too: a workload that may only process data in `allowedRegions` is
// compared with an offering of its managed model that processes only there (a cloud's geographic endpoint, a
// provider's data-residency option), at that offering's price; with none, self-hosting is the only compliant option.
import type { ModelPrice } from "../catalog/prices";
import type { ProcessingOffering } from "../catalog/schema";
import type { WorkloadDeclaration } from "../declaration/schema";
import { scaledPrice } from "../model/managedCost";
import { globCovers } from "../text/glob";

/** An offering the workload may use, with its price factor made explicit. */
export interface ChosenOffering {
  via: string;
  regions: string[];
  priceFactor: number;
  estimate: boolean;
  source: string;
  note?: string;
}

/** The managed price the workload is compared with, or why no managed API complies with its residency rule. */
export type ManagedChoice =
  | { compliant: true; price: ModelPrice; offering?: ChosenOffering }
  | { compliant: false; offerings: ChosenOffering[] };

/**
 * True when no managed API may take the workload's data: its declaration says selfHostedOnly, or no offering of its
 * managed model processes data only in its allowedRegions (`noCompliantApi`, set by the analysis).
 */
export function apiRuledOut(w: { declaration: WorkloadDeclaration; noCompliantApi?: object }): boolean {
  return (w.declaration.dataResidency?.selfHostedOnly ?? false) || w.noCompliantApi !== undefined;
}

/** True when every region the offering may process data in is covered by one of the allowed globs. */
export function offeringComplies(offering: Pick<ProcessingOffering, "regions">, allowedRegions: readonly string[]): boolean {
  return offering.regions.every((region) => allowedRegions.some((glob) => globCovers(glob, region)));
}

/**
 * The managed price a workload is judged against. Without allowedRegions, the model's list price (no offering is
 * chosen). With them, the cheapest offering whose every processing region is allowed (ties: the first listed), at
 * list price × its priceFactor; none when no offering complies (or the catalog knows of none).
 */
export function managedChoice(price: ModelPrice, offerings: readonly ProcessingOffering[], allowedRegions: readonly string[] | undefined): ManagedChoice {
  if (!allowedRegions) return { compliant: true, price };
  const all = offerings.map(chosen);
  let best: ChosenOffering | undefined;
  for (const offering of all) {
    if (offeringComplies(offering, allowedRegions) && (!best || offering.priceFactor < best.priceFactor)) best = offering;
  }
  if (!best) return { compliant: false, offerings: all };
  return { compliant: true, price: offeringPrice(price, best), offering: best };
}

/** The model's price bought through an offering: every per-token price × its factor, and a source that says so. */
function offeringPrice(price: ModelPrice, offering: ChosenOffering): ModelPrice {
  if (offering.priceFactor === 1) return { ...price, source: `${price.source}; ${offering.via}` };
  const scaled = scaledPrice(price, offering.priceFactor);
  if (price.longContext) scaled.longContext = scaledPrice(price.longContext, offering.priceFactor);
  return { ...scaled, source: `${price.source} × ${offering.priceFactor}${offering.estimate ? " (estimated)" : ""}; ${offering.via}` };
}

function chosen(o: ProcessingOffering): ChosenOffering {
  return { via: o.via, regions: [...o.regions], priceFactor: o.priceFactor ?? 1, estimate: o.estimate ?? false, source: o.source, ...(o.note ? { note: o.note } : {}) };
}
