import assert from "node:assert/strict";
import { unknownCheckingProxy, UnknownValueError } from "@pulumi/policy";
import { isAcceleratorInstanceType } from "../src/resources/accelerators";
import { isUnknownSentinel, readKnown } from "../src/resources/known";
import { INSTANCE as INSTANCE_TYPE, readInstance } from "../src/resources/instance";
import { readResource } from "../src/resources/readStack";
import { readWorkloadTag, WORKLOAD_TAG } from "../src/resources/tags";
import { resolveRegion } from "../src/resources/region";
import type { GpuResource, ResourceLike, ResourceReading } from "../src/resources/types";

// The engine's sentinel for an unknown string during preview (@pulumi/policy proxy.js unknownStringValue).
const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

function instance(props: Record<string, any>, extra: Partial<ResourceLike> = {}): ResourceLike {
  return { type: INSTANCE_TYPE, urn: "urn:pulumi:dev::proj::aws:ec2/instance:Instance::gpu-a", name: "gpu-a", props, ...extra };
}

function gpu(reading: ResourceReading): GpuResource {
  assert.equal(reading.kind, "gpu", `expected a GPU reading, got ${JSON.stringify(reading)}`);
  return (reading as { kind: "gpu"; resources: GpuResource[] }).resources[0];
}

/** A tags object that records every key read from it (and any enumeration). */
function recordingTags(tags: Record<string, string>): { tags: Record<string, string>; accessed: string[] } {
  const accessed: string[] = [];
  const proxy = new Proxy(tags, {
    get(target, key) {
      accessed.push(String(key));
      return Reflect.get(target, key);
    },
    has(target, key) {
      accessed.push(`has:${String(key)}`);
      return Reflect.has(target, key);
    },
    ownKeys(target) {
      accessed.push("ownKeys");
      return Reflect.ownKeys(target);
    },
    getOwnPropertyDescriptor(target, key) {
      accessed.push(`descriptor:${String(key)}`);
      return Reflect.getOwnPropertyDescriptor(target, key);
    },
  });
  return { tags: proxy, accessed };
}

describe("resources: isAcceleratorInstanceType", () => {
  for (const type of [
    "p3.2xlarge",
    "p5en.48xlarge",
    "p6-b200.48xlarge",
    "g4dn.xlarge",
    "g6e.xlarge",
    "gr6.4xlarge",
    "inf2.xlarge",
    "trn1.32xlarge",
    "dl1.24xlarge",
    "ml.g5.xlarge",
  ]) {
    it(`${type} runs accelerators`, () => assert.equal(isAcceleratorInstanceType(type), true));
  }
  for (const type of ["m5.large", "c7g.xlarge", "t3.micro", "i4g.large"]) {
    it(`${type} does not`, () => assert.equal(isAcceleratorInstanceType(type), false));
  }
});

describe("resources: region precedence", () => {
  const zone = (az: string | undefined) => ({ known: true as const, value: az });

  it("the resource's own region wins over provider, stack and zone", () => {
    const r = instance({ region: "eu-west-1" }, { provider: { props: { region: "eu-central-1" } } });
    assert.deepEqual(resolveRegion(r, "us-west-2", zone("ap-northeast-1a")), {
      region: { known: true, value: "eu-west-1" },
      source: "the resource's region",
    });
  });

  it("the provider's region wins over the stack's aws:region and the zone", () => {
    const r = instance({}, { provider: { props: { region: "eu-central-1" } } });
    assert.deepEqual(resolveRegion(r, "us-west-2", zone("ap-northeast-1a")), {
      region: { known: true, value: "eu-central-1" },
      source: "its provider's region",
    });
  });

  it("the stack's aws:region wins over the zone", () => {
    const r = instance({}, { provider: { props: {} } });
    assert.deepEqual(resolveRegion(r, "us-west-2", zone("ap-northeast-1a")), {
      region: { known: true, value: "us-west-2" },
      source: "stack config aws:region",
    });
  });

  it("derives the region from an availability zone: us-east-1b → us-east-1", () => {
    assert.deepEqual(resolveRegion(instance({}), undefined, zone("us-east-1b")), {
      region: { known: true, value: "us-east-1" },
      source: "its availability zone",
    });
  });

  it("derives the region from a local zone: us-east-1-bos-1a → us-east-1", () => {
    assert.deepEqual(resolveRegion(instance({}), undefined, zone("us-east-1-bos-1a")).region, { known: true, value: "us-east-1" });
  });

  it("knows no region when nothing says, but that is known", () => {
    assert.deepEqual(resolveRegion(instance({}), undefined, zone(undefined)).region, { known: true, value: undefined });
  });

  it("readInstance applies the same precedence end to end", () => {
    const props = { instanceType: "g6e.xlarge", availabilityZone: "ap-northeast-1c" };
    const own = gpu(readInstance(instance({ ...props, region: "eu-west-1" }, { provider: { props: { region: "eu-central-1" } } }), "us-west-2"));
    assert.deepEqual(own.region, { known: true, value: "eu-west-1" });
    const provider = gpu(readInstance(instance(props, { provider: { props: { region: "eu-central-1" } } }), "us-west-2"));
    assert.deepEqual(provider.region, { known: true, value: "eu-central-1" });
    const stack = gpu(readInstance(instance(props), "us-west-2"));
    assert.deepEqual(stack.region, { known: true, value: "us-west-2" });
    const fromZone = gpu(readInstance(instance(props), undefined));
    assert.deepEqual(fromZone.region, { known: true, value: "ap-northeast-1" });
    assert.equal(fromZone.availabilityZones[0], "ap-northeast-1c");
    assert.equal(fromZone.regionSource, "its availability zone");
  });
});

describe("resources: readInstance", () => {
  it("reads a GPU instance", () => {
    const r = gpu(readInstance(instance({ instanceType: "g6e.xlarge", tags: { [WORKLOAD_TAG]: "chat" } }), "us-east-1"));
    assert.equal(r.instanceType, "g6e.xlarge");
    assert.equal(r.count, 1);
    assert.equal(r.name, "gpu-a");
    assert.equal(r.type, INSTANCE_TYPE);
    assert.deepEqual(r.region, { known: true, value: "us-east-1" });
    assert.deepEqual(r.workloadTag, { known: true, value: "chat" });
  });

  it("a non-GPU instance is other", () => {
    assert.deepEqual(readInstance(instance({ instanceType: "m5.large" }), "us-east-1"), { kind: "other" });
    assert.deepEqual(readResource(instance({ instanceType: "m5.large" }), "us-east-1"), { kind: "other" });
  });

  it("a resource of another type is other", () => {
    assert.deepEqual(readResource({ ...instance({ instanceType: "g6e.xlarge" }), type: "aws:s3/bucket:Bucket" }, "us-east-1"), {
      kind: "other",
    });
  });
});

describe("resources: unknown values as raw sentinel strings", () => {
  it("isUnknownSentinel recognises the string sentinel and nothing else", () => {
    assert.equal(isUnknownSentinel(UNKNOWN), true);
    assert.equal(isUnknownSentinel("g6e.xlarge"), false);
    assert.equal(isUnknownSentinel(undefined), false);
  });

  it("an unknown instanceType makes the instance unevaluable, with its workload tag still read", () => {
    const reading = readInstance(instance({ instanceType: UNKNOWN, tags: { [WORKLOAD_TAG]: "chat" } }), "us-east-1");
    assert.equal(reading.kind, "unevaluable");
    assert.ok(reading.kind === "unevaluable");
    assert.match(reading.reason, /instanceType of gpu-a/);
    assert.equal(reading.name, "gpu-a");
    assert.deepEqual(reading.workloadTag, { known: true, value: "chat" });
  });

  it("an unknown region is reported as not known", () => {
    const r = gpu(readInstance(instance({ instanceType: "g6e.xlarge", region: UNKNOWN }), "us-east-1"));
    assert.equal(r.region.known, false);
  });

  it("an unknown provider region is reported as not known (no fallback to the stack region)", () => {
    const r = gpu(readInstance(instance({ instanceType: "g6e.xlarge" }, { provider: { props: { region: UNKNOWN } } }), "us-east-1"));
    assert.equal(r.region.known, false);
  });

  it("an unknown workload tag is reported as not known", () => {
    const r = gpu(readInstance(instance({ instanceType: "g6e.xlarge", tags: { [WORKLOAD_TAG]: UNKNOWN } }), "us-east-1"));
    assert.equal(r.workloadTag.known, false);
  });

  it("another tag being unknown does not hide the workload tag", () => {
    const r = gpu(readInstance(instance({ instanceType: "g6e.xlarge", tags: { Owner: UNKNOWN, [WORKLOAD_TAG]: "chat" } }), "us-east-1"));
    assert.deepEqual(r.workloadTag, { known: true, value: "chat" });
  });
});

describe("resources: unknown values through the SDK's unknownCheckingProxy", () => {
  const proxied = (props: Record<string, any>, extra: Partial<ResourceLike> = {}) => instance(unknownCheckingProxy(props), extra);

  it("the proxy throws UnknownValueError for an unknown (so these tests exercise the throwing path)", () => {
    const props = unknownCheckingProxy({ instanceType: UNKNOWN });
    assert.throws(() => props.instanceType, (e: unknown) => e instanceof UnknownValueError);
  });

  it("readKnown turns UnknownValueError into not known, naming the value", () => {
    const props = unknownCheckingProxy({ instanceType: UNKNOWN });
    assert.deepEqual(readKnown("instanceType of gpu-a", () => props.instanceType), {
      known: false,
      reason: "instanceType of gpu-a can't be known during preview",
    });
  });

  it("readKnown rethrows any other error", () => {
    assert.throws(
      () => readKnown("x", () => {
        throw new Error("boom");
      }),
      /boom/,
    );
  });

  it("an unknown instanceType makes the instance unevaluable, with its workload tag still read", () => {
    const reading = readInstance(proxied({ instanceType: UNKNOWN, tags: { [WORKLOAD_TAG]: "chat", Owner: UNKNOWN } }), "us-east-1");
    assert.equal(reading.kind, "unevaluable");
    assert.ok(reading.kind === "unevaluable");
    assert.match(reading.reason, /instanceType of gpu-a/);
    assert.deepEqual(reading.workloadTag, { known: true, value: "chat" });
    // readResource agrees and does not throw
    const viaResource = readResource(proxied({ instanceType: UNKNOWN }), "us-east-1");
    assert.equal(viaResource.kind, "unevaluable");
    assert.ok(viaResource.kind === "unevaluable");
    assert.match(viaResource.reason, /instanceType of gpu-a/);
  });

  it("an unknown region is reported as not known", () => {
    const r = gpu(readInstance(proxied({ instanceType: "g6e.xlarge", region: UNKNOWN }), "us-east-1"));
    assert.equal(r.region.known, false);
    assert.ok(!r.region.known);
    assert.match(r.region.reason, /region of gpu-a/);
  });

  it("an unknown provider region is reported as not known", () => {
    const r = gpu(readInstance(proxied({ instanceType: "g6e.xlarge" }, { provider: { props: unknownCheckingProxy({ region: UNKNOWN }) } }), "us-east-1"));
    assert.equal(r.region.known, false);
  });

  it("an unknown availability zone does not matter when the stack has a region", () => {
    const r = gpu(readInstance(proxied({ instanceType: "g6e.xlarge", availabilityZone: UNKNOWN }), "us-east-1"));
    assert.deepEqual(r.region, { known: true, value: "us-east-1" });
    assert.deepEqual(r.availabilityZones, []);
  });

  it("an unknown availability zone with nothing else leaves the region not known", () => {
    const r = gpu(readInstance(proxied({ instanceType: "g6e.xlarge", availabilityZone: UNKNOWN }), undefined));
    assert.equal(r.region.known, false);
  });

  it("the workload tag is readable when another tag is unknown", () => {
    const r = gpu(readInstance(proxied({ instanceType: "g6e.xlarge", tags: { Owner: UNKNOWN, [WORKLOAD_TAG]: "chat" } }), "us-east-1"));
    assert.deepEqual(r.workloadTag, { known: true, value: "chat" });
  });

  it("an unknown workload tag is reported as not known", () => {
    const r = gpu(readInstance(proxied({ instanceType: "g6e.xlarge", tags: { [WORKLOAD_TAG]: UNKNOWN } }), "us-east-1"));
    assert.equal(r.workloadTag.known, false);
  });
});

describe("resources: props that cannot be read", () => {
  it("a resource whose props throw on access is unevaluable, and readResource does not throw", () => {
    const props = new Proxy({} as Record<string, any>, {
      get() {
        throw new Error("decryption failed");
      },
    });
    const reading = readResource(instance(props), "us-east-1");
    assert.equal(reading.kind, "unevaluable");
    assert.ok(reading.kind === "unevaluable");
    assert.equal(reading.name, "gpu-a");
    assert.match(reading.reason, /decryption failed/);
  });
});

describe("resources: readWorkloadTag reads only its own tag", () => {
  it("reads only gpu-breakeven:workload from tags", () => {
    const { tags, accessed } = recordingTags({ Owner: "secret-team", CostCentre: "42", [WORKLOAD_TAG]: "chat" });
    assert.deepEqual(readWorkloadTag(instance({ tags })), { known: true, value: "chat" });
    assert.ok(accessed.length > 0, "the tags were never read");
    // The own-property check probes the same key's descriptor: still no other tag is touched.
    assert.deepEqual([...new Set(accessed.map((k) => k.replace(/^descriptor:/, "")))], [WORKLOAD_TAG]);
  });

  it("falls back to tagsAll, reading only gpu-breakeven:workload from either", () => {
    const own = recordingTags({ Owner: "secret-team" });
    const all = recordingTags({ Owner: "secret-team", [WORKLOAD_TAG]: "batch" });
    assert.deepEqual(readWorkloadTag(instance({ tags: own.tags, tagsAll: all.tags })), { known: true, value: "batch" });
    const keys = (a: string[]) => [...new Set(a.map((k) => k.replace(/^descriptor:/, "")))];
    assert.deepEqual(keys(own.accessed), [WORKLOAD_TAG]);
    assert.deepEqual(keys(all.accessed), [WORKLOAD_TAG]);
  });

  it("an untagged resource has a known, undefined workload tag", () => {
    assert.deepEqual(readWorkloadTag(instance({ tags: { Owner: "x" } })), { known: true, value: undefined });
    assert.deepEqual(readWorkloadTag(instance({})), { known: true, value: undefined });
  });
});
