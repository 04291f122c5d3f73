import type { Assumptions } from "../assumptions/schema";
import type { WorkloadDeclaration } from "../declaration/schema";
import type { Discount, InstanceGroup } from "../model/types";
import type { GpuResource, Market } from "../resources/types";
import { SECRET_MARK } from "../text/redact";
import type { StackContext } from "./context";
import type { Blocker } from "./findings";

/** A slice of capacity priced for the model, or what blocks pricing it. */
export type PricedSlice = { ok: true; group: InstanceGroup } | { ok: false; blocker: Blocker };

/**
 * Prices one slice of GPU capacity the way it is paid for: on demand, spot (on-demand × (1 − discount)),
 * or on demand under the workload's savings plan or reserved-instance commitment.
 */
export function priceSlice(gpu: GpuResource, declaration: WorkloadDeclaration, ctx: StackContext, assumptions: Assumptions): PricedSlice {
  if (!gpu.region.known) return { ok: false, blocker: { kind: "unknown-value", resource: gpu.name, reason: gpu.region.reason } };
  const region = gpu.region.value;
  if (region === undefined) return { ok: false, blocker: { kind: "no-region", resource: gpu.name } };
  const price = ctx.prices.hourlyPrice(gpu.instanceType, region);
  if (!price) {
    const secret = gpu.secret && (gpu.secret.instanceType || gpu.secret.region) ? { secret: gpu.secret } : {};
    return { ok: false, blocker: { kind: "unpriced", resource: gpu.name, instanceType: gpu.instanceType, region, ...secret } };
  }
  const group: InstanceGroup = {
    instanceType: gpu.instanceType,
    count: gpu.count,
    usdPerHour: price.usdPerHour,
    priceSource: `${price.source}, ${region}`,
    estimate: price.estimate,
  };
  const discount = discountFor(gpu.market, gpu.instanceType, declaration, ctx, assumptions, gpu.secret?.market === true);
  if (discount) group.discount = discount;
  // A secret market is never named: spot capacity without a known discount is priced on demand without saying why.
  const note = sliceNote(gpu, discount === undefined && gpu.market === "spot" && !gpu.secret?.market);
  if (note) group.note = note;
  return { ok: true, group };
}

/**
 * The share off on-demand for capacity of `instanceType` bought on `market` under the workload's commitment. It is
 * flagged secret (used, shown as [secret]) when the market is (`marketSecret`), or when it is the commitment of a
 * secret declaration.
 */
export function discountFor(
  market: Market,
  instanceType: string,
  declaration: WorkloadDeclaration,
  ctx: StackContext,
  assumptions: Assumptions,
  marketSecret = false,
): Discount | undefined {
  const discount = market === "spot" ? spotDiscount(instanceType, ctx, assumptions) : commitmentDiscount(declaration, ctx);
  const secret = marketSecret || (market !== "spot" && ctx.declarationSecret === true);
  return discount && secret ? { ...discount, secret: true } : discount;
}

function spotDiscount(instanceType: string, ctx: StackContext, assumptions: Assumptions): Discount | undefined {
  if (assumptions.spotDiscount !== undefined) {
    return { share: assumptions.spotDiscount, label: "spot, policy config spotDiscount", estimate: true };
  }
  const fromCatalog = ctx.prices.spotDiscount(instanceType);
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
    // A secret range is stated as one, whatever its bounds (comparing them with the count would tell them).
    const range = gpu.countRange && gpu.secret?.countRange
      ? `, ${SECRET_MARK}–${SECRET_MARK} instances`
      : gpu.countRange && (gpu.countRange.min !== gpu.count || gpu.countRange.max !== gpu.count)
        ? `, ${gpu.countRange.min}–${gpu.countRange.max} instances`
        : "";
    parts.push(`${gpu.kindLabel} ${gpu.name}${range}`);
  }
  if (gpu.reservation) parts.push("paid whether used or not");
  if (spotUnpriced) parts.push("spot, but no spot discount is known for this family: priced on demand");
  parts.push(...(gpu.notes ?? []));
  return parts.length ? parts.join("; ") : undefined;
}
