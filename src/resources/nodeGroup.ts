import { gpuReading, notKnown, readInstanceType, readList, readString, unevaluable } from "./build";
import { groupSize, readCount } from "./counts";
import { readKnown } from "./known";
import { templateOf } from "./launchTemplates";
import { SECRET_MARK } from "../text/redact";
import { isSecretProp, secretFields } from "./secret";
import { firstTag, tagIn, WORKLOAD_LABEL, WORKLOAD_TAG } from "./tags";
import { ResourceLike, ResourceReading } from "./types";

export const EKS_NODE_GROUP = "aws:eks/nodeGroup:NodeGroup";

/** aws:eks/nodeGroup:NodeGroup: instanceTypes[0] × scalingConfig.desiredSize, on spot when capacityType is SPOT. */
export function readNodeGroup(resource: ResourceLike, stackRegion: string | undefined, templates: Map<string, ResourceLike>): ResourceReading {
  const labels = `labels of ${resource.name}`;
  const tag = firstTag(tagIn(resource, "tags"), tagIn(resource, "labels", WORKLOAD_LABEL, labels), tagIn(resource, "labels", WORKLOAD_TAG, labels));
  const listed = readList(`instanceTypes of ${resource.name}`, `["g6e.xlarge"]`, () => resource.props.instanceTypes);
  if (!listed.known) return notKnown(resource, tag, listed);
  let instanceType: string | undefined;
  let typeSecret: boolean | undefined;
  const notes: string[] = [];
  if (Array.isArray(listed.value)) {
    if (listed.value.length === 0) {
      return unevaluable(resource, tag, "invalid", `instanceTypes of node group ${resource.name} is empty; list its instance type, e.g. ["g6e.xlarge"]`);
    }
    const list = listed.value;
    const first = readString(`instanceTypes[0] of ${resource.name}`, () => list[0], isSecretProp(resource, "instanceTypes", 0));
    if (!first.known) return notKnown(resource, tag, first);
    instanceType = first.value;
    typeSecret = first.secret;
    if (listed.value.length > 1) notes.push(`priced as ${typeSecret ? SECRET_MARK : instanceType}, the first of its ${listed.value.length} instanceTypes`);
  } else {
    const template = templateOf(resource, "launchTemplate", templates);
    if (template) {
      const fromTemplate = readInstanceType(template, `launch template ${template.name}`);
      if (!fromTemplate.known) return notKnown(resource, tag, fromTemplate);
      instanceType = fromTemplate.value;
      typeSecret = fromTemplate.secret;
    }
  }
  if (!instanceType) return { kind: "other" }; // EKS's default, t3.medium, runs no accelerator

  const sizeSecret = (key: string) => isSecretProp(resource, "scalingConfig", key);
  const desired = readCount(`scalingConfig.desiredSize of ${resource.name}`, () => resource.props.scalingConfig?.desiredSize, sizeSecret("desiredSize"));
  const min = readCount(`scalingConfig.minSize of ${resource.name}`, () => resource.props.scalingConfig?.minSize, sizeSecret("minSize"));
  const max = readCount(`scalingConfig.maxSize of ${resource.name}`, () => resource.props.scalingConfig?.maxSize, sizeSecret("maxSize"));
  if (!desired.known) return notKnown(resource, tag, desired);
  if (!min.known) return notKnown(resource, tag, min);
  if (!max.known) return notKnown(resource, tag, max);
  const size = groupSize(desired, min, max);
  if (!size) return unevaluable(resource, tag, "invalid", `scalingConfig.desiredSize of node group ${resource.name} is not set`);
  const capacityType = readKnown(`capacityType of ${resource.name}`, () => resource.props.capacityType);
  if (!capacityType.known) return notKnown(resource, tag, capacityType);
  return gpuReading(resource, stackRegion, tag, [{
    kindLabel: "EKS node group",
    instanceType,
    count: size.count,
    countRange: size.range,
    market: capacityType.value === "SPOT" ? "spot" : "on-demand",
    availabilityZones: [],
    notes,
    secret: secretFields({
      instanceType: typeSecret,
      ...size.secret,
      market: isSecretProp(resource, "capacityType"),
    }),
  }], { known: true, value: undefined });
}
