/** Another resource of the stack as a policy sees it through dependencies (PolicyResource fits). */
export interface ResourceRef {
  type: string;
  urn: string;
  name?: string;
  props?: Record<string, any>;
}

/** The shape of a resource as a policy sees it: the SDK's PolicyResource and ResourceValidationArgs both fit. */
export interface ResourceLike {
  type: string;
  urn: string;
  name: string;
  props: Record<string, any>;
  provider?: { props: Record<string, any> };
  dependencies?: ResourceRef[];
  propertyDependencies?: Record<string, ResourceRef[]>;
  /**
   * Where the engine marked its properties (and its provider's) secret. The SDK hands a policy the plaintext, so the
   * pack reads this off the request (src/policies/secrets.ts) and readStack attaches it (src/resources/secret.ts).
   */
  secrets?: ResourceSecrets;
}

/** A tree of property keys (list items by index) down to the values the engine marks secret (`true`). */
export type SecretTree = { [key: string]: SecretTree | true };

/** The secret places of one resource: in its properties, and in its provider's. */
export interface ResourceSecrets {
  props?: SecretTree | true;
  provider?: SecretTree | true;
}

/**
 * A value read from a resource that may be unknown during preview. `secret` is set when the engine marks the value
 * (or a part of it) secret: it is used for the arithmetic and never shown.
 */
export type Known<T> = { known: true; value: T; secret?: true } | { known: false; reason: string };

/** A value read from a resource: known, unknown during preview, or present but of the wrong shape. */
export type Reading<T> = Known<T> | { known: false; reason: string; invalid: true };

/** How rented capacity is bought. */
export type Market = "on-demand" | "spot";

/**
 * Which of the values a finding or the report may show the engine marks secret: each is used for the arithmetic and
 * shown as [secret] (SECRET_MARK). Secret strings of 3 characters or more are also replaced wherever they appear
 * (src/text/redact.ts); these flags hide the rest: numbers, and strings too short to search for.
 */
export interface SecretFields {
  instanceType?: true;
  count?: true;
  /** The group's minimum or maximum size. */
  countRange?: true;
  /** Any of its availability zones. */
  zones?: true;
  region?: true;
  workloadTag?: true;
  /** How it is bought (instanceMarketOptions.marketType, capacityType): spot or on demand. */
  market?: true;
}

/** What a reader found on a resource: accelerator capacity, before the region is resolved. */
export interface Capacity {
  /** What it is, for messages: "EC2 instance", "auto-scaling group", "EKS node group"... */
  kindLabel: string;
  instanceType: string;
  count: number;
  /** For groups: the range the count may move in. */
  countRange?: { min: number; max: number };
  market: Market;
  /** A capacity reservation: billed whether instances use it or not. */
  reservation?: boolean;
  /** Known availability zones; empty when none is pinned or they are unknown. */
  availabilityZones: string[];
  /** Something worth saying about how it was read (another type in a mixed group). */
  notes?: string[];
  /** Set when the resource's own tag and the tag its instances get disagree (a group and its template). */
  tagConflict?: string;
  /** The values read that the engine marks secret; absent when none is. */
  secret?: SecretFields;
}

/** Capacity that runs accelerators, reduced to what the cost model and checks need. One resource may give several. */
export interface GpuResource extends Capacity {
  urn: string;
  name: string;
  type: string;
  /** The region it runs in; known but undefined when nothing says. */
  region: Known<string | undefined>;
  regionSource?: string;
  /** The value of the gpu-breakeven:workload tag; known but undefined when untagged. */
  workloadTag: Known<string | undefined>;
  /** The capacity reservation this instance runs in: its cost is the reservation's. */
  coveredByReservation?: string;
}

/** A resource the pack cannot judge: a value unknown during preview, or input that is wrong. */
export interface Unevaluable {
  urn: string;
  name: string;
  type: string;
  workloadTag: Known<string | undefined>;
  cause: "unknown" | "invalid";
  /** What is unknown or wrong, and for "invalid" how to fix it. */
  reason: string;
}

/** What reading one resource gave. */
export type ResourceReading =
  | { kind: "gpu"; resources: GpuResource[] }
  | ({ kind: "unevaluable" } & Unevaluable)
  | { kind: "other" };
