import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import { Fleet } from "./fleets";

/** What every fleet shares: the machine image and the secret cost-centre tag. */
export interface Shared {
  amiId: string;
  costCenter: pulumi.Output<string>;
}

const VLLM_PORT = 8000;
const DEFAULT_MODEL = "meta-llama/Llama-3.1-8B-Instruct";

/** Deploys one fleet in its shape; returns the ids of what it created. */
export function deployFleet(fleet: Fleet, shared: Shared, opts: pulumi.CustomResourceOptions): pulumi.Output<string>[] {
  switch (fleet.shape) {
    case "instances":
    case "spot-instances":
      return instances(fleet, shared, opts);
    case "auto-scaling-group":
      return [autoScalingGroup(fleet, shared, opts)];
    case "eks-node-group":
      return [eksNodeGroup(fleet, opts)];
    case "sagemaker-endpoint":
      return [sagemakerEndpoint(fleet, opts)];
    case "capacity-reservation":
      return capacityReservation(fleet, shared, opts);
  }
}

function tags(fleet: Fleet, shared: Shared, name: string): Record<string, pulumi.Input<string>> {
  return { Name: name, ...(fleet.workload ? { "gpu-breakeven:workload": fleet.workload } : {}), costCenter: shared.costCenter };
}

function securityGroup(fleet: Fleet, opts: pulumi.CustomResourceOptions): aws.ec2.SecurityGroup {
  return new aws.ec2.SecurityGroup(`${fleet.name}-sg`, {
    description: `vLLM API for fleet ${fleet.name} (port ${VLLM_PORT}, private network only)`,
    ingress: [{ protocol: "tcp", fromPort: VLLM_PORT, toPort: VLLM_PORT, cidrBlocks: ["10.0.0.0/8"] }],
    egress: [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] }],
    tags: { Name: `${fleet.name}-sg` },
  }, opts);
}

/** Plain EC2 instances, on spot for `spot-instances`, spread over the fleet's zones. */
function instances(fleet: Fleet, shared: Shared, opts: pulumi.CustomResourceOptions, reservation?: aws.ec2.CapacityReservation) {
  const sg = securityGroup(fleet, opts);
  const zones = fleet.availabilityZones ?? [];
  return Array.from({ length: fleet.count }, (_, i) => {
    const name = `${fleet.name}-${i}`;
    return new aws.ec2.Instance(name, {
      ami: shared.amiId,
      instanceType: fleet.instanceType,
      availabilityZone: zones.length > 0 ? zones[i % zones.length] : undefined,
      vpcSecurityGroupIds: [sg.id],
      userData: vllmUserData(fleet.servedModel ?? DEFAULT_MODEL),
      rootBlockDevice: { volumeSize: 200, volumeType: "gp3" },
      instanceMarketOptions: fleet.shape === "spot-instances" ? { marketType: "spot" } : undefined,
      capacityReservationSpecification: reservation ? { capacityReservationTarget: { capacityReservationId: reservation.id } } : undefined,
      tags: tags(fleet, shared, name),
    }, opts).id;
  });
}

/** A launch template and an auto-scaling group; below 100% on demand, the rest runs on spot. */
function autoScalingGroup(fleet: Fleet, shared: Shared, opts: pulumi.CustomResourceOptions) {
  const sg = securityGroup(fleet, opts);
  const template = new aws.ec2.LaunchTemplate(`${fleet.name}-lt`, {
    imageId: shared.amiId,
    instanceType: fleet.instanceType,
    vpcSecurityGroupIds: [sg.id],
    userData: Buffer.from(vllmUserData(fleet.servedModel ?? DEFAULT_MODEL)).toString("base64"),
    tagSpecifications: [{ resourceType: "instance", tags: tags(fleet, shared, `${fleet.name}-node`) }],
  }, opts);
  const spot = fleet.onDemandPercentage !== undefined && fleet.onDemandPercentage < 100;
  const spec = { launchTemplateSpecification: { launchTemplateId: template.id, version: "$Latest" } };
  return new aws.autoscaling.Group(`${fleet.name}-asg`, {
    desiredCapacity: fleet.count,
    minSize: fleet.minSize ?? fleet.count,
    maxSize: fleet.maxSize ?? fleet.count,
    availabilityZones: fleet.availabilityZones,
    ...(spot
      ? {
          mixedInstancesPolicy: {
            launchTemplate: spec,
            instancesDistribution: { onDemandBaseCapacity: 0, onDemandPercentageAboveBaseCapacity: fleet.onDemandPercentage },
          },
        }
      : { launchTemplate: { id: template.id, version: "$Latest" } }),
    tags: [{ key: "Name", value: `${fleet.name}-asg`, propagateAtLaunch: false }],
  }, opts).id;
}

/** An EKS cluster with one GPU node group (the cluster and its roles are minimal: enough to preview). */
function eksNodeGroup(fleet: Fleet, opts: pulumi.CustomResourceOptions) {
  const assume = (service: string) => JSON.stringify({
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Principal: { Service: service }, Action: "sts:AssumeRole" }],
  });
  const clusterRole = new aws.iam.Role(`${fleet.name}-cluster-role`, { assumeRolePolicy: assume("eks.amazonaws.com") }, opts);
  const nodeRole = new aws.iam.Role(`${fleet.name}-node-role`, { assumeRolePolicy: assume("ec2.amazonaws.com") }, opts);
  const subnetIds = ["subnet-0a1b2c3d4e5f60001", "subnet-0a1b2c3d4e5f60002"];
  const cluster = new aws.eks.Cluster(`${fleet.name}-cluster`, { roleArn: clusterRole.arn, vpcConfig: { subnetIds } }, opts);
  return new aws.eks.NodeGroup(`${fleet.name}-gpu-nodes`, {
    clusterName: cluster.name,
    nodeRoleArn: nodeRole.arn,
    subnetIds,
    instanceTypes: [fleet.instanceType],
    amiType: "AL2023_x86_64_NVIDIA",
    capacityType: fleet.capacityType ?? "ON_DEMAND",
    scalingConfig: { desiredSize: fleet.count, minSize: fleet.minSize ?? fleet.count, maxSize: fleet.maxSize ?? fleet.count },
    labels: fleet.workload ? { "gpu-breakeven/workload": fleet.workload } : {},
    tags: { Name: `${fleet.name}-gpu-nodes` },
  }, opts).id;
}

/** A SageMaker model served by a real-time endpoint on `ml.*` instances. */
function sagemakerEndpoint(fleet: Fleet, opts: pulumi.CustomResourceOptions) {
  const role = new aws.iam.Role(`${fleet.name}-sagemaker-role`, {
    assumeRolePolicy: JSON.stringify({
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Principal: { Service: "sagemaker.amazonaws.com" }, Action: "sts:AssumeRole" }],
    }),
  }, opts);
  const model = new aws.sagemaker.Model(`${fleet.name}-model`, {
    executionRoleArn: role.arn,
    primaryContainer: {
      image: "763104351884.dkr.ecr.us-east-1.amazonaws.com/djl-inference:0.29.0-lmi11.0.0-cu124",
      environment: { HF_MODEL_ID: fleet.servedModel ?? DEFAULT_MODEL, OPTION_ROLLING_BATCH: "vllm" },
    },
  }, opts);
  const endpointConfig = new aws.sagemaker.EndpointConfiguration(`${fleet.name}-config`, {
    productionVariants: [{ variantName: "primary", modelName: model.name, instanceType: fleet.instanceType, initialInstanceCount: fleet.count }],
    tags: fleet.workload ? { "gpu-breakeven:workload": fleet.workload } : {},
  }, opts);
  return new aws.sagemaker.Endpoint(`${fleet.name}-endpoint`, { endpointConfigName: endpointConfig.name }, opts).id;
}

/** A capacity reservation (billed whether used or not) and instances that run in it. */
function capacityReservation(fleet: Fleet, shared: Shared, opts: pulumi.CustomResourceOptions) {
  const zone = fleet.availabilityZones?.[0];
  if (!zone) throw new Error(`gpu-inference:fleets: ${fleet.name}: a capacity reservation needs availabilityZones[0]`);
  const reservation = new aws.ec2.CapacityReservation(`${fleet.name}-reservation`, {
    instanceType: fleet.instanceType,
    instancePlatform: "Linux/UNIX",
    availabilityZone: zone,
    instanceCount: fleet.count,
    tags: tags(fleet, shared, `${fleet.name}-reservation`),
  }, opts);
  return [reservation.id, ...instances({ ...fleet, availabilityZones: [zone] }, shared, opts, reservation)];
}

/** Cloud-init script: start vLLM's OpenAI-compatible server in Docker on every GPU. */
function vllmUserData(model: string): string {
  return [
    "#!/bin/bash",
    "set -euo pipefail",
    "docker run -d --restart unless-stopped --gpus all --ipc=host \\",
    `  -p ${VLLM_PORT}:8000 -v /opt/hf-cache:/root/.cache/huggingface \\`,
    `  vllm/vllm-openai:latest --model ${model}`,
    "",
  ].join("\n");
}
