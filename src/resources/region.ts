import { readKnown } from "./known";
import { isSecretProp, isSecretProviderProp, markSecret } from "./secret";
import { Known, ResourceLike } from "./types";

const regionPattern = /^([a-z]{2}(-gov)?-[a-z]+-\d)/;

/** The region an availability zone belongs to: us-east-1b and the local zone us-east-1-bos-1a → us-east-1. */
export function regionOfZone(zone: string): string | undefined {
  return zone.match(regionPattern)?.[1];
}

/**
 * DESIGN.md §3: the resource's region, else its provider's, else aws:region, else its availability zone's. The region
 * is flagged secret when the value it comes from is (a region derived from a secret zone is a part of that secret);
 * a secret aws:region is hidden as text (src/policies/stackConfig.ts).
 */
export function resolveRegion(
  resource: ResourceLike,
  stackRegion: string | undefined,
  zone: Known<string | undefined>,
): { region: Known<string | undefined>; source?: string } {
  const own = readKnown(`region of ${resource.name}`, () => resource.props.region);
  if (!own.known) return { region: own };
  if (typeof own.value === "string" && own.value) {
    return { region: markSecret(own, isSecretProp(resource, "region")), source: "the resource's region" };
  }
  if (resource.provider) {
    const fromProvider = readKnown(`the provider region of ${resource.name}`, () => resource.provider!.props.region);
    if (!fromProvider.known) return { region: fromProvider };
    if (typeof fromProvider.value === "string" && fromProvider.value) {
      return { region: markSecret(fromProvider, isSecretProviderProp(resource, "region")), source: "its provider's region" };
    }
  }
  if (stackRegion) return { region: { known: true, value: stackRegion }, source: "stack config aws:region" };
  if (!zone.known) return { region: zone };
  const derived = zone.value ? regionOfZone(zone.value) : undefined;
  return derived
    ? { region: markSecret({ known: true, value: derived }, zone.secret), source: "its availability zone" }
    : { region: { known: true, value: undefined } };
}

/** Reads one availability zone property as a string, if set; flagged when the engine marks it secret. */
export function readZone(resource: ResourceLike, key = "availabilityZone"): Known<string | undefined> {
  const zone = readKnown(`${key} of ${resource.name}`, () => {
    const az = resource.props[key];
    return typeof az === "string" && az ? az : undefined;
  });
  return markSecret(zone, zone.known && zone.value !== undefined && isSecretProp(resource, key));
}
