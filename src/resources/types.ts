/** The shape of a resource as a policy sees it: the SDK's PolicyResource and ResourceValidationArgs both fit. */
export interface ResourceLike {
  type: string;
  urn: string;
  name: string;
  props: Record<string, any>;
  provider?: { props: Record<string, any> };
}

/** A value read from a resource that may be unknown during preview. */
export type Known<T> = { known: true; value: T } | { known: false; reason: string };

/** A resource that runs accelerator capacity, reduced to what the cost model and checks need. */
export interface GpuResource {
  urn: string;
  name: string;
  type: string;
  instanceType: string;
  count: number;
  /** The region it runs in; known but undefined when nothing says. */
  region: Known<string | undefined>;
  regionSource?: string;
  availabilityZone?: string;
  /** The value of the gpu-breakeven:workload tag; known but undefined when untagged. */
  workloadTag: Known<string | undefined>;
}

/** What reading one resource gave: a GPU resource, one that cannot be judged yet, or nothing of interest. */
export type ResourceReading =
  | { kind: "gpu"; resource: GpuResource }
  | { kind: "unevaluable"; urn: string; name: string; type: string; workloadTag: Known<string | undefined>; reason: string }
  | { kind: "other" };
