import type { SecretIndex } from "../resources/secret";
import type { ResourceSecrets, SecretTree } from "../resources/types";
import { secretStrings } from "../text/redact";

// The engine marks a secret on the wire as {"4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270",
// "value": …}. @pulumi/policy unwraps it before a stack policy sees the value, so the pack reads the secrets off the
// request itself, before the SDK does, and never shows them: their strings are replaced wherever they appear, and
// where they were (per resource URN) lets the readers flag the values they read, numbers and short strings included.
/** The secret signature's key and value in the wire form `{[SECRET_SIG_KEY]: SECRET_SIG, value}`. */
export const SECRET_SIG_KEY = "4dabf18193072939515e22adb298388d";
export const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

/** The shape of an AnalyzeStack request the pack reads secrets from (the proto message's getters). */
export interface StackRequestLike {
  getResourcesList(): {
    getUrn?(): string;
    getProperties(): { toJavaScript(): unknown } | undefined;
    getProvider?(): { getProperties(): { toJavaScript(): unknown } | undefined } | undefined;
  }[];
}

/** The secrets of one AnalyzeStack request: their plaintext strings, and where they are in each resource. */
export interface RequestSecrets {
  /** Every string inside a secret of the request's resources and their providers. */
  strings: string[];
  /** By resource URN: the places of its secret properties (and its provider's). Only resources that have some. */
  paths: SecretIndex;
}

/** No secrets: outside an AnalyzeStack call, or when the request cannot be read. */
export const NO_REQUEST_SECRETS: RequestSecrets = { strings: [], paths: new Map() };

/** The request's secrets, in one walk of each resource's (and provider's) properties. */
export function requestSecrets(request: StackRequestLike): RequestSecrets {
  const strings: string[] = [];
  const paths = new Map<string, ResourceSecrets>();
  for (const resource of request.getResourcesList()) {
    const props = collect(resource.getProperties()?.toJavaScript(), strings);
    const provider = collect(resource.getProvider?.()?.getProperties()?.toJavaScript(), strings);
    const urn = resource.getUrn?.();
    if ((props || provider) && urn) paths.set(urn, { ...(props ? { props } : {}), ...(provider ? { provider } : {}) });
  }
  return { strings, paths };
}

/**
 * Collects the strings of every secret inside `value` into `into`, and returns the places of those secrets: `true`
 * when `value` is one, a tree of keys (list items by index) down to them, or undefined when there is none (a resource
 * without secrets allocates nothing).
 */
function collect(value: unknown, into: string[]): SecretTree | true | undefined {
  if (!value || typeof value !== "object") return undefined;
  let tree: SecretTree | undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = collect(value[i], into);
      if (found) (tree ??= {})[i] = found;
    }
    return tree;
  }
  const record = value as Record<string, unknown>;
  if (record[SECRET_SIG_KEY] === SECRET_SIG) {
    secretStrings(record.value, into);
    return true;
  }
  for (const key in record) {
    const found = collect(record[key], into);
    if (found) (tree ??= {})[key] = found;
  }
  return tree;
}
