import { badCount, gpuReading, notKnown, readList, readString, unevaluable } from "./build";
import { readCount } from "./counts";
import { readKnown } from "./known";
import { templateOf } from "./launchTemplates";
import { firstTag, tagFromMap, WORKLOAD_LABEL, WORKLOAD_TAG } from "./tags";
import { ResourceLike, ResourceReading } from "./types";

export const EKS_NODE_GROUP = "aws:eks/nodeGroup:NodeGroup";

/** aws:eks/nodeGroup:NodeGroup: instanceTypes[0] × scalingConfig.desiredSize, on spot when capacityType is SPOT. */
export function readNodeGroup(resource: ResourceLike, stackRegion: string | undefined, templates: Map<string, ResourceLike>): ResourceReading {
  const tag = firstTag(
    tagFromMap(resource.name, () => resource.props.tags),
    tagFromMap(`labels of ${resource.name}`, () => resource.props.labels, WORKLOAD_LABEL),
    tagFromMap(`labels of ${resource.name}`, () => resource.props.labels, WORKLOAD_TAG),
  );
  const listed = readList(`instanceTypes of ${resource.name}`, `["g6e.xlarge"]`, () => resource.props.instanceTypes);
  if (!listed.known) return notKnown(resource, tag, listed);
  let instanceType: string | undefined;
  const notes: string[] = [];
  if (Array.isArray(listed.value)) {
    if (listed.value.length === 0) {
      return unevaluable(resource, tag, "invalid", `instanceTypes of node group ${resource.name} is empty; list its instance type, e.g. ["g6e.xlarge"]`);
    }
    const list = listed.value;
    const first = readString(`instanceTypes[0] of ${resource.name}`, () => list[0]);
    if (!first.known) return notKnown(resource, tag, first);
    instanceType = first.value;
    if (listed.value.length > 1) notes.push(`priced as ${instanceType}, the first of its ${listed.value.length} instanceTypes`);
  } else {
    const template = templateOf(resource, "launchTemplate", templates);
    if (template) {
      const fromTemplate = readString(`instanceType of launch template ${template.name}`, () => template.props.instanceType);
      if (!fromTemplate.known) return notKnown(resource, tag, fromTemplate);
      instanceType = fromTemplate.value;
    }
  }
  if (!instanceType) return { kind: "other" }; // EKS's default, t3.medium, runs no accelerator

  const desired = readCount(`scalingConfig.desiredSize of ${resource.name}`, () => resource.props.scalingConfig?.desiredSize);
  const min = readCount(`scalingConfig.minSize of ${resource.name}`, () => resource.props.scalingConfig?.minSize);
  const max = readCount(`scalingConfig.maxSize of ${resource.name}`, () => resource.props.scalingConfig?.maxSize);
  const bad = badCount(resource, tag, desired) ?? badCount(resource, tag, min) ?? badCount(resource, tag, max);
  if (bad) return bad;
  const count = (desired as { value?: number }).value ?? (min as { value?: number }).value;
  if (count === undefined) return unevaluable(resource, tag, "invalid", `scalingConfig.desiredSize of node group ${resource.name} is not set`);
  const capacityType = readKnown(`capacityType of ${resource.name}`, () => resource.props.capacityType);
  if (!capacityType.known) return notKnown(resource, tag, capacityType);
  return gpuReading(resource, stackRegion, tag, [{
    kindLabel: "EKS node group",
    instanceType,
    count,
    countRange: { min: (min as { value?: number }).value ?? count, max: (max as { value?: number }).value ?? count },
    market: capacityType.value === "SPOT" ? "spot" : "on-demand",
    availabilityZones: [],
    notes,
  }], { known: true, value: undefined });
}
