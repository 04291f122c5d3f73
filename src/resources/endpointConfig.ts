import { gpuReading, notKnown, readList, readString } from "./build";
import { readCount } from "./counts";
import { readKnown } from "./known";
import { SECRET_MARK } from "../text/redact";
import { isSecretProp, secretFields } from "./secret";
import { readWorkloadTag } from "./tags";
import { Capacity, ResourceLike, ResourceReading } from "./types";

export const SAGEMAKER_ENDPOINT_CONFIG = "aws:sagemaker/endpointConfiguration:EndpointConfiguration";

/** aws:sagemaker/endpointConfiguration:EndpointConfiguration: each production variant's ml.* type × initialInstanceCount. */
export function readEndpointConfig(resource: ResourceLike, stackRegion: string | undefined): ResourceReading {
  const tag = readWorkloadTag(resource);
  const variants = readList(`productionVariants of ${resource.name}`, `[{ instanceType: "ml.g5.xlarge", initialInstanceCount: 1 }]`,
    () => resource.props.productionVariants, isSecretProp(resource, "productionVariants"));
  if (!variants.known) return notKnown(resource, tag, variants);
  if (!variants.value) return { kind: "other" };
  const list = variants.value as Array<Record<string, unknown> | undefined>;
  const capacities: Capacity[] = [];
  for (let i = 0; i < list.length; i++) {
    const label = `productionVariants[${i}] of ${resource.name}`;
    const secretAt = (key: string) => isSecretProp(resource, "productionVariants", i, key);
    const instanceType = readString(`instanceType of ${label}`, () => list[i]?.instanceType, secretAt("instanceType"));
    if (!instanceType.known) return notKnown(resource, tag, instanceType);
    if (!instanceType.value) continue; // serverless variants rent no instance
    const count = readCount(`initialInstanceCount of ${label}`, () => list[i]?.initialInstanceCount, secretAt("initialInstanceCount"));
    if (!count.known) return notKnown(resource, tag, count);
    const name = readKnown(`variantName of ${label}`, () => list[i]?.variantName);
    const shownName = name.known && typeof name.value === "string" && name.value ? (secretAt("variantName") ? SECRET_MARK : name.value) : i;
    capacities.push({
      kindLabel: `SageMaker endpoint variant ${shownName}`,
      instanceType: instanceType.value,
      count: count.value ?? 1,
      market: "on-demand",
      availabilityZones: [],
      secret: secretFields({ instanceType: instanceType.secret, count: count.value !== undefined && count.secret }),
    });
  }
  return gpuReading(resource, stackRegion, tag, capacities, { known: true, value: undefined });
}
