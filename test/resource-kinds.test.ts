// Every AWS shape a GPU fleet comes in, read into plain GPU resources (no Pulumi engine involved).
import * as assert from "node:assert/strict";
import { readStack } from "../src/resources/readStack";
import type { GpuResource, ResourceLike } from "../src/resources/types";

const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const urn = (type: string, name: string) => `urn:pulumi:dev::gpu-inference::${type}::${name}`;
const LT = "aws:ec2/launchTemplate:LaunchTemplate";
const ASG = "aws:autoscaling/group:Group";

function res(type: string, name: string, props: Record<string, unknown>, extra: Partial<ResourceLike> = {}): ResourceLike {
  return { type, name, urn: urn(type, name), props, ...extra };
}
const template = (name: string, props: Record<string, unknown>) => res(LT, name, { id: UNKNOWN, ...props });
const ref = (r: ResourceLike) => ({ type: r.type, urn: r.urn });
const only = (gpus: GpuResource[], name: string) => gpus.filter((g) => g.name === name);

describe("resources: auto-scaling groups and launch templates", () => {
  const lt = template("chat-lt", {
    instanceType: "g6e.xlarge",
    tagSpecifications: [{ resourceType: "volume", tags: { other: "x" } }, { resourceType: "instance", tags: { "gpu-breakeven:workload": "chat" } }],
  });

  it("joins a group to its template through property dependencies while the template id is unknown", () => {
    const group = res(ASG, "chat-asg", { launchTemplate: { id: UNKNOWN, version: "$Latest" }, desiredCapacity: 4, minSize: 2, maxSize: 8,
      availabilityZones: ["us-east-1a", "us-east-1b"] }, { propertyDependencies: { launchTemplate: [ref(lt)] } });
    const { gpus, unevaluable } = readStack([lt, group], "us-east-1");
    assert.deepEqual(unevaluable, []);
    const [g] = only(gpus, "chat-asg");
    assert.equal(g.instanceType, "g6e.xlarge");
    assert.equal(g.count, 4); // desiredCapacity
    assert.deepEqual(g.countRange, { min: 2, max: 8 });
    assert.equal(g.market, "on-demand");
    assert.deepEqual(g.workloadTag, { known: true, value: "chat" }); // from the template's instance tagSpecifications
    assert.deepEqual(g.availabilityZones, ["us-east-1a", "us-east-1b"]);
    assert.equal(g.kindLabel, "auto-scaling group");
  });

  it("falls back to minSize, and to the only template among plain dependencies", () => {
    const group = res(ASG, "g", { launchTemplate: { id: UNKNOWN }, minSize: 3, maxSize: 5 }, { dependencies: [ref(lt)] });
    const [g] = readStack([lt, group], "us-east-1").gpus;
    assert.equal(g.count, 3);
  });

  it("splits a mixed-instances group into on-demand and spot by its instancesDistribution", () => {
    // 10 instances, base 2 on demand, 25% of the 8 above the base on demand: 2 + round(8 × 0.25) = 4 on demand, 6 spot
    const group = res(ASG, "mixed", {
      desiredCapacity: 10, minSize: 10, maxSize: 10,
      mixedInstancesPolicy: {
        launchTemplate: { launchTemplateSpecification: { launchTemplateId: UNKNOWN }, overrides: [{ instanceType: "g6.2xlarge" }, { instanceType: "g5.2xlarge" }] },
        instancesDistribution: { onDemandBaseCapacity: 2, onDemandPercentageAboveBaseCapacity: 25 },
      },
    }, { propertyDependencies: { mixedInstancesPolicy: [ref(lt)] } });
    const gpus = only(readStack([lt, group], "us-east-1").gpus, "mixed");
    assert.deepEqual(gpus.map((g) => [g.market, g.count, g.instanceType]), [["on-demand", 4, "g6.2xlarge"], ["spot", 6, "g6.2xlarge"]]);
    assert.ok(gpus[0].notes?.some((n) => n.includes("may also run g5.2xlarge")));
  });

  it("a template with spot market options makes the whole group spot", () => {
    const spotLt = template("spot-lt", { instanceType: "g5.xlarge", instanceMarketOptions: { marketType: "spot" } });
    const group = res(ASG, "g", { desiredCapacity: 2, minSize: 0, maxSize: 4 }, { propertyDependencies: { launchTemplate: [ref(spotLt)] } });
    const [g] = readStack([spotLt, group], "us-east-1").gpus;
    assert.equal(g.market, "spot");
    assert.equal(g.count, 2);
  });

  it("a group whose template is tagged for another workload counts under the template's, and says so", () => {
    const group = res(ASG, "g", { desiredCapacity: 2, minSize: 2, maxSize: 2, tags: [{ key: "gpu-breakeven:workload", value: "batch", propagateAtLaunch: true }] },
      { propertyDependencies: { launchTemplate: [ref(lt)] } });
    const [g] = readStack([lt, group], "us-east-1").gpus;
    assert.deepEqual(g.workloadTag, { known: true, value: "chat" });
    assert.match(g.tagConflict ?? "", /tagged batch, but its launch template chat-lt tags the instances it launches chat/);
  });

  it("a group with no resolvable template is invalid, naming the fix", () => {
    const group = res(ASG, "orphan", { launchTemplate: { id: "lt-0123" }, desiredCapacity: 2, minSize: 1, maxSize: 3,
      tags: [{ key: "gpu-breakeven:workload", value: "chat", propagateAtLaunch: true }] });
    const { gpus, unevaluable } = readStack([group], "us-east-1");
    assert.deepEqual(gpus, []);
    assert.equal(unevaluable[0].cause, "invalid");
    assert.match(unevaluable[0].reason, /auto-scaling group orphan has no launch template the pack can resolve/);
    assert.deepEqual(unevaluable[0].workloadTag, { known: true, value: "chat" });
  });

  it("an unknown desiredCapacity is unknown, a negative or absurd one invalid", () => {
    const mk = (desiredCapacity: unknown) => res(ASG, "g", { desiredCapacity, minSize: 0, maxSize: 4 }, { propertyDependencies: { launchTemplate: [ref(lt)] } });
    assert.equal(readStack([lt, mk("3eeb2bf0-c639-47a8-9e75-3b44932eb421")], "us-east-1").unevaluable[0].cause, "unknown");
    const negative = readStack([lt, mk(-3)], "us-east-1").unevaluable[0];
    assert.equal(negative.cause, "invalid");
    assert.match(negative.reason, /desiredCapacity of g must be a whole number from 0 to 10,000, got -3/);
    assert.match(readStack([lt, mk(1e9)], "us-east-1").unevaluable[0].reason, /got 1000000000/);
  });
});

describe("resources: EKS, SageMaker, spot requests, capacity reservations", () => {
  it("EKS node group: instanceTypes[0] × desiredSize, SPOT, workload from a label", () => {
    const ng = res("aws:eks/nodeGroup:NodeGroup", "gpu-nodes", {
      instanceTypes: ["g5.2xlarge", "g5.4xlarge"], capacityType: "SPOT", scalingConfig: { desiredSize: 3, minSize: 1, maxSize: 6 },
      labels: { "gpu-breakeven/workload": "rag" },
    });
    const [g] = readStack([ng], "us-west-2").gpus;
    assert.deepEqual([g.instanceType, g.count, g.market, g.workloadTag], ["g5.2xlarge", 3, "spot", { known: true, value: "rag" }]);
    assert.deepEqual(g.countRange, { min: 1, max: 6 });
  });

  it("EKS node group with an empty instanceTypes is invalid; without any it is EKS's default CPU type", () => {
    const empty = res("aws:eks/nodeGroup:NodeGroup", "ng", { instanceTypes: [], scalingConfig: { desiredSize: 1 } });
    assert.match(readStack([empty], "us-east-1").unevaluable[0].reason, /instanceTypes of node group ng is empty/);
    const unset = res("aws:eks/nodeGroup:NodeGroup", "ng", { scalingConfig: { desiredSize: 1 } });
    assert.deepEqual(readStack([unset], "us-east-1"), { gpus: [], unevaluable: [] });
  });

  it("SageMaker endpoint configuration: one GPU resource per production variant", () => {
    const cfg = res("aws:sagemaker/endpointConfiguration:EndpointConfiguration", "cfg", {
      productionVariants: [
        { variantName: "a", instanceType: "ml.g5.2xlarge", initialInstanceCount: 2 },
        { variantName: "serverless", serverlessConfig: { maxConcurrency: 5 } },
        { variantName: "b", instanceType: "ml.g6.12xlarge" },
      ],
      tags: { "gpu-breakeven:workload": "chat" },
    });
    const gpus = readStack([cfg], "us-east-1").gpus;
    assert.deepEqual(gpus.map((g) => [g.kindLabel, g.instanceType, g.count]), [
      ["SageMaker endpoint variant a", "ml.g5.2xlarge", 2],
      ["SageMaker endpoint variant b", "ml.g6.12xlarge", 1], // initialInstanceCount defaults to 1
    ]);
  });

  it("spot instance requests and spot-market instances are spot", () => {
    const req = res("aws:ec2/spotInstanceRequest:SpotInstanceRequest", "spot-0", { instanceType: "g6.xlarge", availabilityZone: "us-east-1c" });
    const inst = res("aws:ec2/instance:Instance", "i-0", { instanceType: "g6.xlarge", instanceMarketOptions: { marketType: "spot" } });
    const gpus = readStack([req, inst], "us-east-1").gpus;
    assert.deepEqual(gpus.map((g) => g.market), ["spot", "spot"]);
    // Read in URN order, whatever the order given: the instance (aws:ec2/instance…) before the request (aws:ec2/spot…).
    assert.deepEqual(gpus.map((g) => g.name), ["i-0", "spot-0"]);
    assert.deepEqual(gpus.find((g) => g.name === "spot-0")!.availabilityZones, ["us-east-1c"]);
    assert.deepEqual(readStack([inst, req], "us-east-1").gpus.map((g) => g.name), ["i-0", "spot-0"]);
  });

  it("a capacity reservation is paid whether used or not, and instances in it are covered by it", () => {
    const cr = res("aws:ec2/capacityReservation:CapacityReservation", "cr", { instanceType: "p5.48xlarge", instanceCount: 2, availabilityZone: "us-east-1a" });
    const inst = res("aws:ec2/instance:Instance", "p5-0", {
      instanceType: "p5.48xlarge", capacityReservationSpecification: { capacityReservationTarget: { capacityReservationId: UNKNOWN } },
    }, { propertyDependencies: { capacityReservationSpecification: [ref(cr)] } });
    const gpus = readStack([cr, inst], "us-east-1").gpus;
    const reservation = gpus.find((g) => g.name === "cr")!;
    assert.equal(reservation.reservation, true);
    assert.equal(reservation.count, 2);
    assert.equal(gpus.find((g) => g.name === "p5-0")!.coveredByReservation, cr.urn);
  });

  it("a launch template alone is not capacity, and an instance may take its type from one", () => {
    const lt = template("lt", { instanceType: "g6e.2xlarge" });
    const inst = res("aws:ec2/instance:Instance", "from-lt", { launchTemplate: { id: UNKNOWN } }, { propertyDependencies: { launchTemplate: [ref(lt)] } });
    const gpus = readStack([lt, inst], "us-east-1").gpus;
    assert.deepEqual(gpus.map((g) => [g.name, g.instanceType]), [["from-lt", "g6e.2xlarge"]]);
  });
});
