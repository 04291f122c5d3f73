import type { Assumptions } from "../assumptions/schema";
import type { WorkloadDeclaration } from "../declaration/schema";
import type { Discount, InstanceGroup } from "../model/types";
import type { GpuResource } from "../resources/types";
import type { StackContext } from "./context";

/** A slice of capacity priced for the model, or why it cannot be. */
export type PricedSlice = { ok: true; group: InstanceGroup } | { ok: false; reason: string };

/**
 * Prices one slice of GPU capacity the way it is paid for: on demand, spot (on-demand × (1 − discount)),
 * or on demand under the workload's savings plan or reserved-instance commitment.
 */
export function priceSlice(gpu: GpuResource, declaration: WorkloadDeclaration, ctx: StackContext, assumptions: Assumptions): PricedSlice {
  if (!gpu.region.known) return { ok: false, reason: `${gpu.name}: ${gpu.region.reason}` };
  const region = gpu.region.value;
  if (region === undefined) return { ok: false, reason: `${gpu.name}: no region could be determined (see gpu-pricing-known)` };
  const price = ctx.prices.hourlyPrice(gpu.instanceType, region);
  if (!price) return { ok: false, reason: `${gpu.name}: no price for ${gpu.instanceType} in ${region} (see gpu-pricing-known)` };
  const group: InstanceGroup = {
    instanceType: gpu.instanceType,
    count: gpu.count,
    usdPerHour: price.usdPerHour,
    priceSource: `${price.source}, ${region}`,
    estimate: price.estimate,
  };
  const discount = gpu.market === "spot" ? spotDiscount(gpu, ctx, assumptions) : commitmentDiscount(declaration, ctx);
  if (discount) group.discount = discount;
  const note = sliceNote(gpu, discount === undefined && gpu.market === "spot");
  if (note) group.note = note;
  return { ok: true, group };
}

function spotDiscount(gpu: GpuResource, ctx: StackContext, assumptions: Assumptions): Discount | undefined {
  if (assumptions.spotDiscount !== undefined) {
    return { share: assumptions.spotDiscount, label: "spot, policy config spotDiscount", estimate: true };
  }
  const fromCatalog = ctx.prices.spotDiscount(gpu.instanceType);
  if (!fromCatalog) return undefined;
  return { share: fromCatalog.discount, label: `spot, ${fromCatalog.source} ${fromCatalog.asOf}`, estimate: true };
}

function commitmentDiscount(declaration: WorkloadDeclaration, ctx: StackContext): Discount | undefined {
  const c = declaration.commitment;
  if (!c) return undefined;
  const kind = c.kind === "savings-plan" ? "savings plan" : "reserved";
  if (c.discount !== undefined) return { share: c.discount, label: `${kind} ${c.termYears} yr, declared`, estimate: false };
  const fromCatalog = ctx.prices.commitmentDiscount(c.kind, c.termYears);
  if (!fromCatalog) return undefined;
  return { share: fromCatalog.discount, label: `${kind} ${c.termYears} yr, ${fromCatalog.source} default`, estimate: fromCatalog.estimate };
}

/** What the line should say besides the price: the group and its range, the reservation, a missing spot figure. */
function sliceNote(gpu: GpuResource, spotUnpriced: boolean): string | undefined {
  const parts: string[] = [];
  if (gpu.kindLabel !== "EC2 instance") {
    const range = gpu.countRange && (gpu.countRange.min !== gpu.count || gpu.countRange.max !== gpu.count)
      ? `, ${gpu.countRange.min}–${gpu.countRange.max} instances`
      : "";
    parts.push(`${gpu.kindLabel} ${gpu.name}${range}`);
  }
  if (gpu.reservation) parts.push("paid whether used or not");
  if (spotUnpriced) parts.push("spot, but no spot discount is known for this family: priced on demand");
  parts.push(...(gpu.notes ?? []));
  return parts.length ? parts.join("; ") : undefined;
}
