// Every example stack's program runs under the mocks and deploys each fleet in its shape. It reads the previews
// that test/example-stacks.test.ts makes once per run (this file is loaded by it, so both run in one process).
import assert from "node:assert/strict";
import * as fs from "fs";
import * as path from "path";
import { readStackConfig } from "../../src/mock/capture";
import { exampleCheck, prefetchAllExampleChecks } from "../helpers/exampleStacks";

const root = path.resolve(__dirname, "..", "..");
const INSTANCE = "aws:ec2/instance:Instance";

describe("mock capture of every example stack", () => {
  before(async function () {
    this.timeout(180_000);
    await prefetchAllExampleChecks();
  });

    for (const f of fs.readdirSync(path.join(root, "stacks")).filter((x) => /^Pulumi\..+\.yaml$/.test(x))) {
      const stack = f.slice("Pulumi.".length, -".yaml".length);
      it(`${stack}: runs, declares workloads, and deploys each fleet in its shape`, async () => {
        const config = readStackConfig(path.join(root, "stacks", f));
        assert.equal(typeof config["aws:region"], "string");
        assert.equal(typeof config["gpu-breakeven:workloads"], "object");
        // The example stacks are previewed once per run; their captured resources are read here.
        const { resources } = await exampleCheck(stack);
        const shapeType: Record<string, string> = {
          instances: INSTANCE,
          "spot-instances": INSTANCE,
          "auto-scaling-group": "aws:autoscaling/group:Group",
          "eks-node-group": "aws:eks/nodeGroup:NodeGroup",
          "sagemaker-endpoint": "aws:sagemaker/endpointConfiguration:EndpointConfiguration",
          "capacity-reservation": "aws:ec2/capacityReservation:CapacityReservation",
        };
        for (const fleet of config["gpu-inference:fleets"] as { name: string; shape?: string }[]) {
          const type = shapeType[fleet.shape ?? "instances"];
          assert.ok(resources.some((r) => r.type === type && r.name.startsWith(fleet.name)), `${stack}: fleet ${fleet.name} has a ${type}`);
        }
      });
    }
  });

