import { badCount, gpuReading, notKnown, readString, unevaluable } from "./build";
import { readCount } from "./counts";
import { readKnown } from "./known";
import { templateOf } from "./launchTemplates";
import { firstTag, tagFromList, tagFromMap } from "./tags";
import { Capacity, Known, ResourceLike, ResourceReading } from "./types";

export const AUTOSCALING_GROUP = "aws:autoscaling/group:Group";

/**
 * aws:autoscaling/group:Group with its launch template: desiredCapacity (else minSize) instances of the
 * template's type or of the mixed-instances overrides, split between on-demand and spot as its
 * instancesDistribution says.
 */
export function readAutoScalingGroup(resource: ResourceLike, stackRegion: string | undefined, templates: Map<string, ResourceLike>): ResourceReading {
  const groupTag = tagFromList(resource.name, () => resource.props.tags);
  const template = templateOf(resource, ["launchTemplate", "mixedInstancesPolicy", "launchConfiguration"], templates);
  if (!template) {
    return unevaluable(resource, groupTag, "invalid",
      `auto-scaling group ${resource.name} has no launch template the pack can resolve; set launchTemplate ` +
      `(or mixedInstancesPolicy.launchTemplate) to an aws.ec2.LaunchTemplate declared in this stack`);
  }
  const tag = firstTag(instanceTagOf(template), tagFromMap(`launch template ${template.name}`, () => template.props.tags), groupTag);
  const notes: string[] = [];
  const tagConflict = groupTag.known && groupTag.value && tag.known && tag.value && groupTag.value !== tag.value
    ? `auto-scaling group ${resource.name} is tagged ${groupTag.value}, but its launch template ${template.name} tags the instances ` +
      `it launches ${tag.value}: they are counted under ${tag.value}. Make the two tags agree.`
    : undefined;

  const types = instanceTypesOf(resource, template);
  if (!types.known) return notKnown(resource, tag, types);
  if (types.value.length === 0) return { kind: "other" };
  if (types.value.length > 1) notes.push(`mixed instances: priced as ${types.value[0]}; the group may also run ${types.value.slice(1).join(", ")}`);

  const desired = readCount(`desiredCapacity of ${resource.name}`, () => resource.props.desiredCapacity);
  const min = readCount(`minSize of ${resource.name}`, () => resource.props.minSize);
  const max = readCount(`maxSize of ${resource.name}`, () => resource.props.maxSize);
  const bad = badCount(resource, tag, desired) ?? badCount(resource, tag, min) ?? badCount(resource, tag, max);
  if (bad) return bad;
  const minSize = (min as { value?: number }).value;
  const maxSize = (max as { value?: number }).value;
  const count = (desired as { value?: number }).value ?? minSize;
  if (count === undefined) return unevaluable(resource, tag, "invalid", `auto-scaling group ${resource.name} sets neither desiredCapacity nor minSize`);
  if (minSize !== undefined && maxSize !== undefined && minSize > maxSize) {
    return unevaluable(resource, tag, "invalid", `minSize ${minSize} of ${resource.name} is above its maxSize ${maxSize}`);
  }

  const split = marketSplit(resource, template, count);
  if (!split.known) return notKnown(resource, tag, split);
  const zones = readKnown(`availabilityZones of ${resource.name}`, () => resource.props.availabilityZones);
  const zoneList = zones.known && Array.isArray(zones.value) ? zones.value.filter((z): z is string => typeof z === "string") : [];
  const range = { min: minSize ?? count, max: maxSize ?? count };
  const slice = (market: "on-demand" | "spot", n: number): Capacity => ({
    kindLabel: "auto-scaling group",
    instanceType: types.value[0],
    count: n,
    countRange: range,
    market,
    availabilityZones: zoneList,
    notes,
    tagConflict,
  });
  const capacities = [slice("on-demand", split.value.onDemand), slice("spot", split.value.spot)].filter((c) => c.count > 0);
  return gpuReading(resource, stackRegion, tag, capacities.length ? capacities : [slice("on-demand", 0)], { known: true, value: zoneList[0] });
}

/** Tags the template puts on the instances it launches (tagSpecifications with resourceType "instance"). */
function instanceTagOf(template: ResourceLike): Known<string | undefined> {
  const specs = readKnown(`tagSpecifications of launch template ${template.name}`, () => template.props.tagSpecifications);
  if (!specs.known) return specs;
  if (!Array.isArray(specs.value)) return { known: true, value: undefined };
  for (let i = 0; i < specs.value.length; i++) {
    const spec = readKnown(`tagSpecifications of launch template ${template.name}`, () => specs.value[i]?.resourceType);
    if (!spec.known) return spec;
    if (spec.value !== "instance") continue;
    return tagFromMap(`launch template ${template.name}`, () => specs.value[i].tags);
  }
  return { known: true, value: undefined };
}

function instanceTypesOf(group: ResourceLike, template: ResourceLike): Known<string[]> {
  const overrides = readKnown(`mixedInstancesPolicy overrides of ${group.name}`, () => group.props.mixedInstancesPolicy?.launchTemplate?.overrides);
  if (!overrides.known) return overrides;
  if (Array.isArray(overrides.value) && overrides.value.length > 0) {
    const types: string[] = [];
    for (let i = 0; i < overrides.value.length; i++) {
      const t = readString(`mixedInstancesPolicy overrides[${i}].instanceType of ${group.name}`, () => overrides.value[i]?.instanceType);
      if (!t.known) return t;
      if (t.value) types.push(t.value);
    }
    if (types.length > 0) return { known: true, value: types };
  }
  const own = readString(`instanceType of launch template ${template.name}`, () => template.props.instanceType);
  if (!own.known) return own;
  return { known: true, value: own.value ? [own.value] : [] };
}

/** On-demand and spot shares: the template's market options, else the mixed policy's instancesDistribution. */
function marketSplit(group: ResourceLike, template: ResourceLike, count: number): Known<{ onDemand: number; spot: number }> {
  const templateMarket = readKnown(`instanceMarketOptions of launch template ${template.name}`, () => template.props.instanceMarketOptions?.marketType);
  if (!templateMarket.known) return templateMarket;
  if (templateMarket.value === "spot") return { known: true, value: { onDemand: 0, spot: count } };
  const base = readKnown(`onDemandBaseCapacity of ${group.name}`, () => group.props.mixedInstancesPolicy?.instancesDistribution?.onDemandBaseCapacity);
  const percent = readKnown(`onDemandPercentageAboveBaseCapacity of ${group.name}`,
    () => group.props.mixedInstancesPolicy?.instancesDistribution?.onDemandPercentageAboveBaseCapacity);
  if (!base.known) return base;
  if (!percent.known) return percent;
  const baseCount = typeof base.value === "number" && base.value >= 0 ? Math.min(base.value, count) : 0;
  const share = typeof percent.value === "number" && percent.value >= 0 && percent.value <= 100 ? percent.value / 100 : 1;
  // AWS rounds the on-demand share above the base; whole instances either way.
  const onDemand = baseCount + Math.round((count - baseCount) * share);
  return { known: true, value: { onDemand, spot: count - onDemand } };
}
