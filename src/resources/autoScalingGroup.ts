import { gpuReading, notKnown, readInstanceType, readString, unevaluable } from "./build";
import { groupSize, readCount } from "./counts";
import { readKnown } from "./known";
import { templateOf } from "./launchTemplates";
import { SECRET_MARK } from "../text/redact";
import { isSecretProp, markSecret, secretFields } from "./secret";
import { firstTag, shownTag, tagFromList, tagFromMap, tagIn, WORKLOAD_TAG } from "./tags";
import { Capacity, Known, ResourceLike, ResourceReading } from "./types";

export const AUTOSCALING_GROUP = "aws:autoscaling/group:Group";

/**
 * aws:autoscaling/group:Group with its launch template: desiredCapacity (else minSize) instances of the
 * template's type or of the mixed-instances overrides, split between on-demand and spot as its
 * instancesDistribution says.
 */
export function readAutoScalingGroup(resource: ResourceLike, stackRegion: string | undefined, templates: Map<string, ResourceLike>): ResourceReading {
  const groupTag = tagFromList(resource.name, () => resource.props.tags, (i) => isSecretProp(resource, "tags", i, "value"));
  const template = templateOf(resource, ["launchTemplate", "mixedInstancesPolicy", "launchConfiguration"], templates);
  if (!template) {
    return unevaluable(resource, groupTag, "invalid",
      `auto-scaling group ${resource.name} has no launch template the pack can resolve; set launchTemplate ` +
      `(or mixedInstancesPolicy.launchTemplate) to an aws.ec2.LaunchTemplate declared in this stack`);
  }
  const tag = firstTag(instanceTagOf(template), tagIn(template, "tags", WORKLOAD_TAG, `launch template ${template.name}`), groupTag);
  const notes: string[] = [];
  const tagConflict = groupTag.known && groupTag.value && tag.known && tag.value && groupTag.value !== tag.value
    ? `auto-scaling group ${resource.name} is tagged ${shownTag(groupTag)}, but its launch template ${template.name} tags the instances ` +
      `it launches ${shownTag(tag)}: they are counted under ${shownTag(tag)}. Make the two tags agree.`
    : undefined;

  const types = instanceTypesOf(resource, template);
  if (!types.known) return notKnown(resource, tag, types);
  if (types.value.length === 0) return { kind: "other" };
  if (types.value.length > 1) notes.push(`mixed instances: priced as ${types.value[0]}; the group may also run ${types.value.slice(1).join(", ")}`);

  const desired = readCount(`desiredCapacity of ${resource.name}`, () => resource.props.desiredCapacity, isSecretProp(resource, "desiredCapacity"));
  const min = readCount(`minSize of ${resource.name}`, () => resource.props.minSize, isSecretProp(resource, "minSize"));
  const max = readCount(`maxSize of ${resource.name}`, () => resource.props.maxSize, isSecretProp(resource, "maxSize"));
  if (!desired.known) return notKnown(resource, tag, desired);
  if (!min.known) return notKnown(resource, tag, min);
  if (!max.known) return notKnown(resource, tag, max);
  const size = groupSize(desired, min, max);
  if (!size) return unevaluable(resource, tag, "invalid", `auto-scaling group ${resource.name} sets neither desiredCapacity nor minSize`);
  const { count, range } = size;
  if (min.value !== undefined && max.value !== undefined && min.value > max.value) {
    const shown = (n: number, secret: boolean | undefined) => (secret ? SECRET_MARK : String(n));
    return unevaluable(resource, tag, "invalid", `minSize ${shown(min.value, min.secret)} of ${resource.name} is above its maxSize ${shown(max.value, max.secret)}`);
  }

  const split = marketSplit(resource, template, count);
  if (!split.known) return notKnown(resource, tag, split);
  const zones = readKnown(`availabilityZones of ${resource.name}`, () => resource.props.availabilityZones);
  const zoneList = zones.known && Array.isArray(zones.value) ? zones.value.filter((z): z is string => typeof z === "string") : [];
  const zonesSecret = zoneList.length > 0 && isSecretProp(resource, "availabilityZones");
  const secret = secretFields({
    instanceType: types.secret,
    ...size.secret,
    zones: zonesSecret,
    // The template's market type decides both slices' market.
    market: isSecretProp(template, "instanceMarketOptions", "marketType"),
  });
  const slice = (market: "on-demand" | "spot", n: number): Capacity => ({
    kindLabel: "auto-scaling group",
    instanceType: types.value[0],
    count: n,
    countRange: range,
    market,
    availabilityZones: zoneList,
    notes,
    tagConflict,
    secret,
  });
  const capacities = [slice("on-demand", split.value.onDemand), slice("spot", split.value.spot)].filter((c) => c.count > 0);
  const zone = markSecret({ known: true, value: zoneList[0] }, zonesSecret);
  return gpuReading(resource, stackRegion, tag, capacities.length ? capacities : [slice("on-demand", 0)], zone);
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
    return tagFromMap(`launch template ${template.name}`, () => specs.value[i].tags, WORKLOAD_TAG,
      isSecretProp(template, "tagSpecifications", i, "tags", WORKLOAD_TAG));
  }
  return { known: true, value: undefined };
}

function instanceTypesOf(group: ResourceLike, template: ResourceLike): Known<string[]> {
  const overrides = readKnown(`mixedInstancesPolicy overrides of ${group.name}`, () => group.props.mixedInstancesPolicy?.launchTemplate?.overrides);
  if (!overrides.known) return overrides;
  if (Array.isArray(overrides.value) && overrides.value.length > 0) {
    const types: string[] = [];
    let firstSecret = false;
    for (let i = 0; i < overrides.value.length; i++) {
      const secret = isSecretProp(group, "mixedInstancesPolicy", "launchTemplate", "overrides", i, "instanceType");
      const t = readString(`mixedInstancesPolicy overrides[${i}].instanceType of ${group.name}`, () => overrides.value[i]?.instanceType, secret);
      if (!t.known) return t;
      if (t.value && types.push(t.value) === 1) firstSecret = secret;
    }
    // The group is priced as the first type: its secrecy is the one a message would show.
    if (types.length > 0) return markSecret({ known: true, value: types }, firstSecret);
  }
  const own = readInstanceType(template, `launch template ${template.name}`);
  if (!own.known) return own;
  return markSecret({ known: true, value: own.value ? [own.value] : [] }, own.secret);
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
