import { Guesses } from "../text/closest";
import { globMatches } from "../text/glob";
import type { GpuResource } from "../resources/types";
import { membershipOf, StackContext } from "./context";
import type { Finding, ResourceFacts } from "./findings";

/** The per-resource checks: residency, declared workload, known price. */
export function checkResource(resource: GpuResource, ctx: StackContext): Finding[] {
  return [...checkDeclared(resource, ctx), ...checkPricing(resource, ctx), ...checkResidency(resource, ctx)];
}

/** What a finding says about a resource: its name and capacity, nothing else from its properties. */
export function resourceFacts(r: GpuResource): ResourceFacts {
  return { name: r.name, kindLabel: r.kindLabel, instanceType: r.instanceType, count: r.count, market: r.market, ...(r.secret ? { secret: r.secret } : {}) };
}

/**
 * The did-you-mean guesses of one analysis (one context): a tag or type seen again is answered from memory, and all
 * of them together do bounded work, however many mistyped tags and declared workloads a hostile stack holds.
 */
const guessesOf = new WeakMap<StackContext, Guesses>();
function guesses(ctx: StackContext): Guesses {
  let g = guessesOf.get(ctx);
  if (!g) guessesOf.set(ctx, (g = new Guesses()));
  return g;
}
const instanceTypesOf = new WeakMap<object, string[]>();
function instanceTypes(ctx: StackContext): string[] {
  const catalog = ctx.prices.catalog;
  let types = instanceTypesOf.get(catalog);
  if (!types) instanceTypesOf.set(catalog, (types = catalog.instances.map((i) => i.type)));
  return types;
}

/** gpu-workload-declared: the resource must belong to a declared workload. */
export function checkDeclared(resource: GpuResource, ctx: StackContext): Finding[] {
  const m = membershipOf(resource.workloadTag, ctx);
  if (m.kind === "workload") return [];
  const base = { policy: "gpu-workload-declared" as const, urn: resource.urn };
  const facts = resourceFacts(resource);
  if (m.kind === "unknown") return [{ ...base, level: "advisory", fact: { kind: "membership-unknown", resource: facts, reason: m.reason } }];
  const declared = ctx.declaredNames;
  if (m.tag !== undefined) {
    return [{ ...base, fact: { kind: "undeclared-tag", resource: facts, tag: m.tag, guess: guesses(ctx).closest(m.tag, declared), declared } }];
  }
  return [{ ...base, fact: { kind: "untagged", resource: facts, declared } }];
}

/** gpu-pricing-known: the instance type must have a price in its region, from the catalog or the policy config. */
export function checkPricing(resource: GpuResource, ctx: StackContext): Finding[] {
  if (!resource.region.known) return [];
  const base = { policy: "gpu-pricing-known" as const, urn: resource.urn };
  const facts = resourceFacts(resource);
  const region = resource.region.value;
  if (region === undefined) return [{ ...base, fact: { kind: "no-region", resource: facts } }];
  if (ctx.prices.hourlyPrice(resource.instanceType, region)) return [];
  const notOffered = ctx.prices.notOffered(resource.instanceType, region);
  if (notOffered) {
    const { family, source, asOf } = notOffered;
    return [{ ...base, fact: { kind: "not-offered", resource: facts, region, family, source, asOf, offeredIn: ctx.prices.pricedRegions(resource.instanceType) } }];
  }
  if (!ctx.prices.regionKnown(region)) {
    return [{ ...base, fact: { kind: "unknown-region", resource: facts, region, regionSource: resource.regionSource } }];
  }
  if (ctx.prices.instanceType(resource.instanceType)) {
    return [{ ...base, fact: { kind: "no-regional-price", resource: facts, region, pricedRegions: ctx.prices.pricedRegions(resource.instanceType) } }];
  }
  const guess = guesses(ctx).closest(resource.instanceType, instanceTypes(ctx));
  return [{ ...base, fact: { kind: "unknown-instance-type", resource: facts, region, guess } }];
}

/** data-residency: the resource must run in one of its workload's allowed regions. */
export function checkResidency(resource: GpuResource, ctx: StackContext): Finding[] {
  const m = membershipOf(resource.workloadTag, ctx);
  if (m.kind !== "workload") return [];
  const allowed = ctx.parsed.workloads.get(m.name)?.dataResidency?.allowedRegions;
  if (!allowed) return [];
  const base = { policy: "data-residency" as const, urn: resource.urn, workload: m.name };
  const facts = resourceFacts(resource);
  if (!resource.region.known) {
    return [{ ...base, level: "advisory", fact: { kind: "residency-unknown", resource: facts, workload: m.name, reason: resource.region.reason, allowed } }];
  }
  const region = resource.region.value;
  if (region === undefined) return [{ ...base, fact: { kind: "residency-no-region", resource: facts, workload: m.name, allowed } }];
  if (allowed.some((glob) => globMatches(glob, region))) return [];
  return [{ ...base, fact: { kind: "residency-breach", resource: facts, workload: m.name, region, regionSource: resource.regionSource, allowed } }];
}
