import type { Known, ResourceLike, ResourceSecrets, SecretFields, SecretTree } from "./types";

// Secrecy travels with the values, not as text: the engine marks a value secret on the wire, the SDK hands the policy
// its plaintext, and src/policies/secrets.ts records where the secrets were (a tree of property keys per resource URN)
// in the same walk that collects their strings. readStack attaches each resource's tree; a reader asks whether what it
// read was secret, and the plain fleet data carries a flag (Known.secret, Capacity.secret) to the describer.

/** The secret places of a request's resources, by URN. */
export type SecretIndex = ReadonlyMap<string, ResourceSecrets>;

type Key = string | number;

/**
 * True when the value at `path` is secret, lies inside a secret (a secret map or list holding it), or holds one
 * (a list with a secret item): whichever way, showing it could show a secret.
 */
export function touchesSecret(tree: SecretTree | true | undefined, path: readonly Key[]): boolean {
  let node: SecretTree | true | undefined = tree;
  for (const key of path) {
    if (node === undefined) return false;
    if (node === true) return true;
    node = Object.prototype.hasOwnProperty.call(node, key) ? node[key] : undefined;
  }
  return node !== undefined;
}

/** Whether the resource's property at `path` (keys, list items by index) touches a secret. */
export function isSecretProp(resource: Pick<ResourceLike, "secrets">, ...path: Key[]): boolean {
  return touchesSecret(resource.secrets?.props, path);
}

/** Whether the resource's provider's property at `path` touches a secret. */
export function isSecretProviderProp(resource: Pick<ResourceLike, "secrets">, ...path: Key[]): boolean {
  return touchesSecret(resource.secrets?.provider, path);
}

/** The resources with their secret places attached: a shallow copy of each that has some, the others as they are. */
export function withSecrets(resources: readonly ResourceLike[], index: SecretIndex | undefined): ResourceLike[] {
  if (!index || index.size === 0) return [...resources];
  return resources.map((r) => {
    const secrets = index.get(r.urn);
    return secrets ? { ...r, secrets } : r;
  });
}

/** `known` flagged secret when `secret` is true; as it is otherwise (no `secret: undefined` member). */
export function markSecret<K extends Known<unknown>>(known: K, secret: boolean | undefined): K {
  return secret && known.known ? ({ ...known, secret: true } as K) : known;
}

/** The flags that are set, or undefined when none is, so a resource without secrets reads exactly as before. */
export function secretFields(flags: { [K in keyof SecretFields]?: boolean }): SecretFields | undefined {
  let fields: SecretFields | undefined;
  for (const [key, on] of Object.entries(flags) as [keyof SecretFields, boolean | undefined][]) {
    if (on) (fields ??= {})[key] = true;
  }
  return fields;
}
