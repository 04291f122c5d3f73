import { SECRET_MARK } from "../text/redact";
import { readKnown } from "./known";
import { isSecretProp, markSecret } from "./secret";
import { Known, ResourceLike } from "./types";

export const WORKLOAD_TAG = "gpu-breakeven:workload";
/** Kubernetes label keys may not hold ':', so EKS node groups may use this label instead. */
export const WORKLOAD_LABEL = "gpu-breakeven/workload";

const untagged: Known<string | undefined> = { known: true, value: undefined };

/**
 * Reads the workload tag from a tags map, touching no other key (the others may be secrets).
 * A non-string value counts as untagged. `secret`: the engine marks the tag (or the whole map) secret.
 */
export function tagFromMap(what: string, read: () => unknown, key = WORKLOAD_TAG, secret = false): Known<string | undefined> {
  const tag = readKnown(`${key} of ${what}`, () => {
    const tags = read();
    return tags && typeof tags === "object" && !Array.isArray(tags) && Object.prototype.hasOwnProperty.call(tags, key)
      ? (tags as Record<string, unknown>)[key]
      : undefined;
  });
  if (!tag.known) return tag;
  return typeof tag.value === "string" && tag.value ? markSecret({ known: true, value: tag.value }, secret) : untagged;
}

/**
 * Reads the workload tag from an auto-scaling group's tag list ([{ key, value, propagateAtLaunch }]).
 * `secretAt(i)`: whether the engine marks the i-th entry's value (or the entry, or the list) secret.
 */
export function tagFromList(what: string, read: () => unknown, secretAt: (index: number) => boolean = () => false): Known<string | undefined> {
  let at = -1;
  const tag = readKnown(`${WORKLOAD_TAG} of ${what}`, () => {
    const list = read();
    if (!Array.isArray(list)) return undefined;
    for (let i = 0; i < list.length; i++) {
      const entry = list[i];
      if (entry && typeof entry === "object" && entry.key === WORKLOAD_TAG) {
        at = i;
        return typeof entry.value === "string" && entry.value ? entry.value : undefined;
      }
    }
    return undefined;
  });
  return markSecret(tag, tag.known && tag.value !== undefined && secretAt(at));
}

/** The tag as a message may show it: [secret] when the engine marks it secret. */
export function shownTag(tag: Known<string | undefined>): string | undefined {
  return tag.known ? (tag.secret ? SECRET_MARK : tag.value) : undefined;
}

/** The first tag that is unknown or set, in order of precedence; untagged when none is. */
export function firstTag(...tags: Known<string | undefined>[]): Known<string | undefined> {
  for (const tag of tags) if (!tag.known || tag.value !== undefined) return tag;
  return untagged;
}

/**
 * The tag `key` of the resource's map property `prop` (tags, tagsAll, labels), flagged secret where the engine marks
 * it: the property and the key are named once, for the read and for its secrecy. `what` names the map in messages.
 */
export function tagIn(
  resource: Pick<ResourceLike, "name" | "props" | "secrets">,
  prop: string,
  key = WORKLOAD_TAG,
  what = resource.name,
): Known<string | undefined> {
  return tagFromMap(what, () => resource.props[prop], key, isSecretProp(resource, prop, key));
}

/** The workload tag of a resource with a tags map: tags first, then tagsAll (provider default tags). */
export function readWorkloadTag(resource: Pick<ResourceLike, "name" | "props" | "secrets">): Known<string | undefined> {
  return firstTag(tagIn(resource, "tags"), tagIn(resource, "tagsAll"));
}
