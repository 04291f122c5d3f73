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
}

/** A value read from a resource that may be unknown during preview. */
export type Known<T> = { known: true; value: T } | { known: false; reason: string };

/** A value read from a resource: known, unknown during preview, or present but of the wrong shape. */
export type Reading<T> = Known<T> | { known: false; reason: string; invalid: true };

/** How rented capacity is bought. */
export type Market = "on-demand" | "spot";

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
