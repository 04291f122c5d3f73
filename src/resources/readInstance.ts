import { isAcceleratorInstanceType } from "./accelerators";
import { readKnown } from "./known";
import { resolveRegion } from "./region";
import { Known, ResourceLike, ResourceReading } from "./types";

export const INSTANCE_TYPE = "aws:ec2/instance:Instance";
export const WORKLOAD_TAG = "gpu-breakeven:workload";

/** Reads the workload tag from tags (or tagsAll), without touching any other tag (they may be secrets). */
export function readWorkloadTag(resource: ResourceLike): Known<string | undefined> {
  for (const key of ["tags", "tagsAll"]) {
    const tag = readKnown(`tag ${WORKLOAD_TAG} of ${resource.name}`, () => {
      const tags = resource.props[key];
      return tags && typeof tags === "object" ? tags[WORKLOAD_TAG] : undefined;
    });
    if (!tag.known) return tag;
    if (typeof tag.value === "string" && tag.value) return { known: true, value: tag.value };
  }
  return { known: true, value: undefined };
}

/** Turns an aws:ec2/instance:Instance into a GPU resource, or says why it cannot be judged yet. */
export function readInstance(resource: ResourceLike, stackRegion: string | undefined): ResourceReading {
  const base = { urn: resource.urn, name: resource.name, type: resource.type };
  const instanceType = readKnown(`instanceType of ${resource.name}`, () => resource.props.instanceType);
  if (!instanceType.known) {
    return { kind: "unevaluable", ...base, workloadTag: readWorkloadTag(resource), reason: instanceType.reason };
  }
  if (typeof instanceType.value !== "string" || !isAcceleratorInstanceType(instanceType.value)) return { kind: "other" };
  const zone = readKnown(`availabilityZone of ${resource.name}`, () => {
    const az = resource.props.availabilityZone;
    return typeof az === "string" && az ? az : undefined;
  });
  const { region, source } = resolveRegion(resource, stackRegion, zone);
  return {
    kind: "gpu",
    resource: {
      ...base,
      instanceType: instanceType.value,
      count: 1,
      region,
      regionSource: source,
      availabilityZone: zone.known ? zone.value : undefined,
      workloadTag: readWorkloadTag(resource),
    },
  };
}

/** Reads any resource the pack understands; anything else is "other". Never throws. */
export function readResource(resource: ResourceLike, stackRegion: string | undefined): ResourceReading {
  try {
    if (resource.type === INSTANCE_TYPE) return readInstance(resource, stackRegion);
    return { kind: "other" };
  } catch (e) {
    return {
      kind: "unevaluable",
      urn: resource.urn,
      name: resource.name,
      type: resource.type,
      workloadTag: { known: true, value: undefined },
      reason: `its properties could not be read (${(e as Error).message})`,
    };
  }
}
