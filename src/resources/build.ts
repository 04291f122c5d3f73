import { isAcceleratorInstanceType } from "./accelerators";
import { quoteValue } from "../text/quote";
import { SECRET_MARK } from "../text/redact";
import type { Reading } from "./types";
import { readKnown } from "./known";
import { resolveRegion } from "./region";
import { isSecretProp, markSecret, secretFields } from "./secret";
import { Capacity, GpuResource, Known, ResourceLike, ResourceReading, Unevaluable } from "./types";

/** Turns capacity read from a resource into GPU resources, resolving the region once for all of them. */
export function gpuReading(
  resource: ResourceLike,
  stackRegion: string | undefined,
  workloadTag: Known<string | undefined>,
  capacities: Capacity[],
  zone: Known<string | undefined> = { known: true, value: capacities[0]?.availabilityZones[0] },
): ResourceReading {
  const gpus = capacities.filter((c) => isAcceleratorInstanceType(c.instanceType));
  if (gpus.length === 0) return { kind: "other" };
  const { region, source } = resolveRegion(resource, stackRegion, zone);
  const resources: GpuResource[] = gpus.map(({ notes, secret, ...capacity }) => {
    const secrets = secretFields({ ...secret, region: region.known && region.secret, workloadTag: workloadTag.known && workloadTag.secret });
    return {
      urn: resource.urn,
      name: resource.name,
      type: resource.type,
      ...withoutUndefined(capacity),
      ...(notes?.length ? { notes } : {}),
      region,
      regionSource: source,
      workloadTag,
      ...(secrets ? { secret: secrets } : {}),
    };
  });
  return { kind: "gpu", resources };
}

/** The object without its undefined members (readers leave optional fields unset as undefined). */
function withoutUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

/** A resource that cannot be judged: unknown during preview, or invalid input with its fix. */
export function unevaluable(
  resource: ResourceLike,
  workloadTag: Known<string | undefined>,
  cause: Unevaluable["cause"],
  reason: string,
): ResourceReading {
  return { kind: "unevaluable", urn: resource.urn, name: resource.name, type: resource.type, workloadTag, cause, reason };
}

/** The unevaluable reading for a value that is unknown or invalid (an unknown or invalid count included). */
export function notKnown(resource: ResourceLike, tag: Known<string | undefined>, value: { known: false; reason: string; invalid?: true }): ResourceReading {
  return unevaluable(resource, tag, value.invalid ? "invalid" : "unknown", value.reason);
}

/**
 * Reads an instance type: a string, unset, unknown, or invalid when it is something else (a number, an object).
 * A `secret` one is flagged, and never quoted.
 */
export function readString(what: string, read: () => unknown, secret = false): Reading<string | undefined> {
  const value = readKnown(what, read);
  if (!value.known) return value;
  if (value.value === undefined || value.value === null || value.value === "") return { known: true, value: undefined };
  if (typeof value.value === "string") return markSecret({ known: true, value: value.value }, secret);
  const got = secret ? SECRET_MARK : quoteValue(value.value);
  return { known: false, invalid: true, reason: `${what} must be an instance type such as "g6e.xlarge", got ${got}` };
}

/**
 * The resource's own instanceType (a launch template's too, with `what` "launch template <name>"), flagged secret where
 * the engine marks it: the property is named once, for the read and for its secrecy.
 */
export function readInstanceType(resource: ResourceLike, what = resource.name): Reading<string | undefined> {
  return readString(`instanceType of ${what}`, () => resource.props.instanceType, isSecretProp(resource, "instanceType"));
}

/** Reads a list property: a list, unset, unknown, or invalid when it is something else. A `secret` one is flagged. */
export function readList(what: string, example: string, read: () => unknown, secret = false): Reading<unknown[] | undefined> {
  const value = readKnown(what, read);
  if (!value.known) return value;
  if (value.value === undefined || value.value === null) return { known: true, value: undefined };
  if (Array.isArray(value.value)) return markSecret({ known: true, value: value.value }, secret);
  const got = secret ? SECRET_MARK : quoteValue(value.value);
  return { known: false, invalid: true, reason: `${what} must be a list such as ${example}, got ${got}` };
}
