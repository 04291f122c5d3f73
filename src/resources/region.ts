import { readKnown } from "./known";
import { Known, ResourceLike } from "./types";

const regionPattern = /^([a-z]{2}(-gov)?-[a-z]+-\d)/;

/** DESIGN.md §3: the resource's region, else its provider's, else aws:region, else its availability zone's. */
export function resolveRegion(
  resource: ResourceLike,
  stackRegion: string | undefined,
  availabilityZone: Known<string | undefined>,
): { region: Known<string | undefined>; source?: string } {
  const own = readKnown(`region of ${resource.name}`, () => resource.props.region);
  if (!own.known) return { region: own };
  if (typeof own.value === "string" && own.value) return { region: own, source: "the resource's region" };
  if (resource.provider) {
    const fromProvider = readKnown(`the provider region of ${resource.name}`, () => resource.provider!.props.region);
    if (!fromProvider.known) return { region: fromProvider };
    if (typeof fromProvider.value === "string" && fromProvider.value) return { region: fromProvider, source: "its provider's region" };
  }
  if (stackRegion) return { region: { known: true, value: stackRegion }, source: "stack config aws:region" };
  if (!availabilityZone.known) return { region: availabilityZone };
  const derived = availabilityZone.value?.match(regionPattern)?.[1];
  return derived
    ? { region: { known: true, value: derived }, source: "its availability zone" }
    : { region: { known: true, value: undefined } };
}
