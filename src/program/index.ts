// The example inference project: GPU capacity that runs a vLLM OpenAI-compatible server, deployed in
// any of the shapes the gpu-breakeven policy pack reads (plain or spot instances, an auto-scaling group
// with a launch template, an EKS node group, a SageMaker endpoint, a capacity reservation).
//
// This is the Pulumi program behind Pulumi.yaml (project `gpu-inference`). The stacks under stacks/
// describe their fleets in config, for example:
//
//   config:
//     aws:region: us-east-1
//     gpu-inference:fleets:
//       - name: chat
//         workload: chat            # tags the capacity with gpu-breakeven:workload=chat
//         shape: auto-scaling-group # default: instances
//         instanceType: g6e.xlarge
//         count: 2
//         availabilityZones: [us-east-1a, us-east-1b]
//
// and declare the workload each fleet serves under `gpu-breakeven:workloads`, which is what the
// gpu-breakeven policy pack weighs against a managed LLM API.
import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import { parseFleets } from "./fleets";
import { deployFleet, Shared } from "./shapes";

const config = new pulumi.Config(); // namespace: the project name, gpu-inference
const fleets = parseFleets(config.getObject<unknown>("fleets"));

const shared: Shared = {
  // AWS Deep Learning AMI GPU PyTorch (Ubuntu 22.04). A fixed id keeps the program free of invokes;
  // set gpu-inference:amiId to the id for your region.
  amiId: config.get("amiId") ?? "ami-0a3c14e1ddbe7f23c",
  // Cost-centre tag, kept secret: it should not appear in previews, logs or policy messages.
  costCenter: pulumi.secret(config.get("costCenter") ?? "cc-0000"),
};

// One explicit provider per distinct fleet region; fleets without a region use the default provider
// (configured by aws:region).
const providers = new Map<string, aws.Provider>();
for (const region of new Set(fleets.flatMap((f) => (f.region ? [f.region] : [])))) {
  providers.set(region, new aws.Provider(`aws-${region}`, { region }));
}

export const resourceIds = fleets.map((fleet) => {
  const provider = fleet.region ? providers.get(fleet.region) : undefined;
  return deployFleet(fleet, shared, provider ? { provider } : {});
});
