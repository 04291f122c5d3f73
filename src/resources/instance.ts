import { gpuReading, notKnown, readInstanceType, unevaluable } from "./build";
import { readCount } from "./counts";
import { readKnown } from "./known";
import { readZone } from "./region";
import { isSecretProp, secretFields } from "./secret";
import { readWorkloadTag } from "./tags";
import { templateOf } from "./launchTemplates";
import { Capacity, Known, ResourceLike, ResourceReading } from "./types";

export const INSTANCE = "aws:ec2/instance:Instance";
export const SPOT_REQUEST = "aws:ec2/spotInstanceRequest:SpotInstanceRequest";
export const CAPACITY_RESERVATION = "aws:ec2/capacityReservation:CapacityReservation";

/** aws:ec2/instance:Instance: one instance, on spot when instanceMarketOptions says so; its type may come from a launch template. */
export function readInstance(
  resource: ResourceLike,
  stackRegion: string | undefined,
  templates = new Map<string, ResourceLike>(),
): ResourceReading {
  const tag = readWorkloadTag(resource);
  let instanceType = readInstanceType(resource);
  if (instanceType.known && instanceType.value === undefined) {
    const template = templateOf(resource, "launchTemplate", templates);
    if (template) instanceType = readInstanceType(template, `launch template ${template.name}`);
  }
  if (!instanceType.known) return notKnown(resource, tag, instanceType);
  if (!instanceType.value) return { kind: "other" };
  const market = readKnown(`instanceMarketOptions of ${resource.name}`, () => resource.props.instanceMarketOptions?.marketType);
  if (!market.known) return notKnown(resource, tag, market);
  return inOneZone(resource, stackRegion, tag, {
    kindLabel: "EC2 instance",
    instanceType: instanceType.value,
    count: 1,
    market: market.value === "spot" ? "spot" : "on-demand",
    secret: secretFields({ instanceType: instanceType.secret, market: isSecretProp(resource, "instanceMarketOptions", "marketType") }),
  });
}

/** aws:ec2/spotInstanceRequest:SpotInstanceRequest: one spot instance. */
export function readSpotRequest(resource: ResourceLike, stackRegion: string | undefined): ResourceReading {
  const tag = readWorkloadTag(resource);
  const instanceType = readInstanceType(resource);
  if (!instanceType.known) return notKnown(resource, tag, instanceType);
  if (!instanceType.value) return { kind: "other" };
  return inOneZone(resource, stackRegion, tag, {
    kindLabel: "spot instance request",
    instanceType: instanceType.value,
    count: 1,
    market: "spot",
    secret: secretFields({ instanceType: instanceType.secret }),
  });
}

/** aws:ec2/capacityReservation:CapacityReservation: instanceType × instanceCount, paid whether used or not. */
export function readCapacityReservation(resource: ResourceLike, stackRegion: string | undefined): ResourceReading {
  const tag = readWorkloadTag(resource);
  const instanceType = readInstanceType(resource);
  if (!instanceType.known) return notKnown(resource, tag, instanceType);
  if (!instanceType.value) return { kind: "other" };
  const count = readCount(`instanceCount of ${resource.name}`, () => resource.props.instanceCount, isSecretProp(resource, "instanceCount"));
  if (!count.known) return notKnown(resource, tag, count);
  if (count.value === undefined) {
    return unevaluable(resource, tag, "invalid", `instanceCount of ${resource.name} is not set; set the number of instances to reserve`);
  }
  return inOneZone(resource, stackRegion, tag, {
    kindLabel: "capacity reservation",
    instanceType: instanceType.value,
    count: count.value,
    market: "on-demand",
    reservation: true,
    secret: secretFields({ instanceType: instanceType.secret, count: count.secret }),
  });
}

/** Capacity in the one availability zone the resource names (if it names one), which may also give the region. */
function inOneZone(resource: ResourceLike, stackRegion: string | undefined, tag: Known<string | undefined>, capacity: Omit<Capacity, "availabilityZones">): ResourceReading {
  const zone = readZone(resource);
  const secret = secretFields({ ...capacity.secret, zones: zone.known && zone.secret });
  return gpuReading(resource, stackRegion, tag, [{ ...capacity, availabilityZones: zone.known && zone.value ? [zone.value] : [], secret }], zone);
}
