import { readAutoScalingGroup, AUTOSCALING_GROUP } from "./autoScalingGroup";
import { readEndpointConfig, SAGEMAKER_ENDPOINT_CONFIG } from "./endpointConfig";
import { CAPACITY_RESERVATION, INSTANCE, readCapacityReservation, readInstance, readSpotRequest, SPOT_REQUEST } from "./instance";
import { isTemplate } from "./launchTemplates";
import { EKS_NODE_GROUP, readNodeGroup } from "./nodeGroup";
import { SecretIndex, withSecrets } from "./secret";
import { GpuResource, ResourceLike, ResourceReading, Unevaluable } from "./types";

/** Every GPU resource of a stack, and the resources that could not be judged. */
export interface StackReading {
  gpus: GpuResource[];
  unevaluable: Unevaluable[];
}

/** The resource types the pack reads capacity from. */
export const GPU_RESOURCE_TYPES = [INSTANCE, SPOT_REQUEST, CAPACITY_RESERVATION, AUTOSCALING_GROUP, EKS_NODE_GROUP, SAGEMAKER_ENDPOINT_CONFIG];

/** Reads one resource; `templates` are the stack's launch templates by URN. Never throws. */
export function readResource(resource: ResourceLike, stackRegion: string | undefined, templates = new Map<string, ResourceLike>()): ResourceReading {
  try {
    switch (resource.type) {
      case INSTANCE:
        return readInstance(resource, stackRegion, templates);
      case SPOT_REQUEST:
        return readSpotRequest(resource, stackRegion);
      case CAPACITY_RESERVATION:
        return readCapacityReservation(resource, stackRegion);
      case AUTOSCALING_GROUP:
        return readAutoScalingGroup(resource, stackRegion, templates);
      case EKS_NODE_GROUP:
        return readNodeGroup(resource, stackRegion, templates);
      case SAGEMAKER_ENDPOINT_CONFIG:
        return readEndpointConfig(resource, stackRegion);
      default:
        return { kind: "other" };
    }
  } catch (e) {
    return {
      kind: "unevaluable",
      urn: resource.urn,
      name: resource.name,
      type: resource.type,
      workloadTag: { known: true, value: undefined },
      cause: "invalid",
      reason: `the properties of ${resource.name} could not be read (${String((e as Error)?.message ?? e).slice(0, 200)})`,
    };
  }
}

/**
 * Reads a whole stack: templates first (groups join them by URN), then every capacity resource. The engine sends
 * AnalyzeStack's resources in no fixed order (it walks a Go sync.Map), so they are read in URN order: the same
 * stack always gives the same findings, attached to the same resources. `secrets`: where the request marks each
 * resource's properties secret (src/policies/secrets.ts); what is read from there is flagged, used, never shown.
 */
export function readStack(unordered: ResourceLike[], stackRegion: string | undefined, secrets?: SecretIndex): StackReading {
  const resources = withSecrets(unordered, secrets).sort((a, b) => (a.urn < b.urn ? -1 : a.urn > b.urn ? 1 : 0));
  const templates = new Map<string, ResourceLike>();
  for (const r of resources) if (isTemplate(r)) templates.set(r.urn, r);
  const gpus: GpuResource[] = [];
  const unevaluable: Unevaluable[] = [];
  for (const resource of resources) {
    const reading = readResource(resource, stackRegion, templates);
    if (reading.kind === "gpu") gpus.push(...reading.resources);
    else if (reading.kind === "unevaluable") unevaluable.push(reading);
  }
  markReservationCoverage(resources, gpus);
  return { gpus, unevaluable };
}

/**
 * Instances that run in a capacity reservation of the stack cost nothing more: the reservation is
 * billed whether used or not. The join goes through the instance's property dependencies.
 */
function markReservationCoverage(resources: ResourceLike[], gpus: GpuResource[]): void {
  const reservations = new Set(gpus.filter((g) => g.reservation).map((g) => g.urn));
  if (reservations.size === 0) return;
  const byUrn = new Map(resources.map((r) => [r.urn, r]));
  for (const gpu of gpus) {
    if (gpu.type !== INSTANCE) continue;
    const refs = byUrn.get(gpu.urn)?.propertyDependencies?.capacityReservationSpecification ?? [];
    const target = refs.find((ref) => reservations.has(ref.urn));
    if (target) gpu.coveredByReservation = target.urn;
  }
}
