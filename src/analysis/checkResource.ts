import { closest } from "../text/closest";
import { WORKLOAD_TAG } from "../resources/tags";
import type { GpuResource } from "../resources/types";
import { membershipOf, StackContext } from "./context";
import type { Finding } from "./types";

/** The per-resource checks: residency, declared workload, known price. */
export function checkResource(resource: GpuResource, ctx: StackContext): Finding[] {
  return [...checkDeclared(resource, ctx), ...checkPricing(resource, ctx), ...checkResidency(resource, ctx)];
}

/** gpu-workload-declared: the resource must belong to a declared workload. */
export function checkDeclared(resource: GpuResource, ctx: StackContext): Finding[] {
  const m = membershipOf(resource.workloadTag, ctx);
  if (m.kind === "workload") return [];
  const what = `${resource.name} (${describeCapacity(resource)})`;
  if (m.kind === "unknown") {
    return [{ policy: "gpu-workload-declared", urn: resource.urn, level: "advisory", message: `Could not check ${what}: ${m.reason}.` }];
  }
  const declared = ctx.declaredNames.length ? `Declared workloads: ${ctx.declaredNames.join(", ")}.` : "The stack declares no workloads.";
  if (m.tag !== undefined) {
    const guess = closest(m.tag, ctx.declaredNames);
    const hint = guess ? ` Did you mean "${guess}"?` : "";
    return [{
      policy: "gpu-workload-declared",
      urn: resource.urn,
      message: `${what} is tagged ${WORKLOAD_TAG}: "${m.tag}", but the stack declares no workload "${m.tag}".${hint} ${declared} ` +
        `Fix the tag, or declare the workload under gpu-breakeven:workloads.${m.tag} in Pulumi.<stack>.yaml.`,
    }];
  }
  return [{
    policy: "gpu-workload-declared",
    urn: resource.urn,
    message: `${what} belongs to no declared workload, so nobody has said what token volume it serves. ${declared} ` +
      `Tag it ${WORKLOAD_TAG}: <name> and declare that workload under gpu-breakeven:workloads.`,
  }];
}

/** gpu-pricing-known: the instance type must have a price in its region, from the catalog or the policy config. */
export function checkPricing(resource: GpuResource, ctx: StackContext): Finding[] {
  if (!resource.region.known) return [];
  const region = resource.region.value;
  if (region === undefined) {
    return [{
      policy: "gpu-pricing-known",
      urn: resource.urn,
      message: `${resource.name}: no region could be determined (resource, provider, aws:region, availability zone), so ${resource.instanceType} ` +
        `cannot be priced. Set aws:region in the stack config.`,
    }];
  }
  if (ctx.prices.hourlyPrice(resource.instanceType, region)) return [];
  if (!ctx.prices.regionKnown(region)) {
    return [{
      policy: "gpu-pricing-known",
      urn: resource.urn,
      message: `${resource.name}: region "${region}" (from ${resource.regionSource}) is not a region the catalog prices anything in, ` +
        `so ${resource.instanceType} is not priced rather than priced as us-east-1. Check the region, or set ` +
        `regionalInstancePrices["${region}"]["${resource.instanceType}"] in the policy config.`,
    }];
  }
  const known = ctx.prices.instanceType(resource.instanceType);
  const fix = `Set instancePrices["${resource.instanceType}"] (or regionalInstancePrices["${region}"]["${resource.instanceType}"]) in the policy config.`;
  if (known) {
    return [{
      policy: "gpu-pricing-known",
      urn: resource.urn,
      message: `${resource.name}: the catalog has no ${region} price for ${resource.instanceType} (it prices it in ${ctx.prices.pricedRegions(resource.instanceType).join(", ")}). ` +
        `Its cost is not counted rather than guessed. ${fix}`,
    }];
  }
  const guess = closest(resource.instanceType, ctx.prices.catalog.instances.map((i) => i.type));
  return [{
    policy: "gpu-pricing-known",
    urn: resource.urn,
    message: `${resource.name}: ${resource.instanceType} is not in the catalog${guess ? ` (did you mean ${guess}?)` : ""}, so its cost is unknown, ` +
      `not $0. ${fix}`,
  }];
}

/** data-residency: the resource must run in one of its workload's allowed regions. */
export function checkResidency(resource: GpuResource, ctx: StackContext): Finding[] {
  const m = membershipOf(resource.workloadTag, ctx);
  if (m.kind !== "workload") return [];
  const allowed = ctx.parsed.workloads.get(m.name)?.dataResidency?.allowedRegions;
  if (!allowed) return [];
  const rule = `allowedRegions ${allowed.join(", ")} (gpu-breakeven:workloads.${m.name}.dataResidency)`;
  if (!resource.region.known) {
    return [{
      policy: "data-residency",
      urn: resource.urn,
      workload: m.name,
      level: "advisory",
      message: `Could not check ${resource.name} against ${rule}: ${resource.region.reason}. It will be checked when the value is known.`,
    }];
  }
  const region = resource.region.value;
  if (region === undefined) {
    return [{
      policy: "data-residency",
      urn: resource.urn,
      workload: m.name,
      message: `${resource.name} (workload ${m.name}) has no region: not on the resource, its provider, aws:region or its availability zone. ` +
        `It must run in ${rule}. Set aws:region or the resource's region.`,
    }];
  }
  if (allowed.some((glob) => globMatches(glob, region))) return [];
  return [{
    policy: "data-residency",
    urn: resource.urn,
    workload: m.name,
    message: `${resource.name} (${describeCapacity(resource)}, workload ${m.name}) runs in ${region} (from ${resource.regionSource}), ` +
      `outside ${rule}. Move it to an allowed region, for example with an aws.Provider for ${allowed[0].replace(/\*/g, "…")}.`,
  }];
}

/** Matches a region against a glob with * and ?. */
export function globMatches(glob: string, region: string): boolean {
  const pattern = glob.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".");
  return new RegExp(`^${pattern}$`).test(region);
}

/** "g6e.xlarge" for an instance, "auto-scaling group of 4 × g6e.xlarge" for anything bigger. */
export function describeCapacity(resource: GpuResource): string {
  if (resource.kindLabel === "EC2 instance") return resource.instanceType;
  return `${resource.kindLabel} of ${resource.count} × ${resource.instanceType}${resource.market === "spot" ? " on spot" : ""}`;
}
