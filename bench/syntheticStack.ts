/**
 * A synthetic stack as the Pulumi engine would send it to a policy pack: `size` resources, `gpuShare` of them
 * GPU capacity of every kind the pack reads (src/resources/readStack.ts GPU_RESOURCE_TYPES), spread over
 * `workloads` workloads declared in the stack config, with the engine's unknown sentinels and secret wire
 * objects sprinkled in. Deterministic for a given seed, so every run and both packs see the same stack.
 *
 * GPU kinds, in rotation: EC2 instances (on-demand, spot market, from a launch template, running in a
 * capacity reservation), spot instance requests, capacity reservations, auto-scaling groups with their
 * launch templates (plain and mixed-instances), EKS node groups and SageMaker endpoint configurations.
 * A launch template counts as a supporting resource, not a GPU resource: the group that uses it is one.
 */
import type { EngineProviderResource, EngineResource } from "../src/engine/resource";

/** The engine's per-type sentinels for computed values (@pulumi/policy proxy.js). */
export const UNKNOWNS = {
  boolean: "1c4a061d-8072-4f0a-a4cb-0ff528b18fe7",
  number: "3eeb2bf0-c639-47a8-9e75-3b44932eb421",
  string: "04da6b54-80e4-46f7-96ec-b56ff0331ba9",
  array: "6a19a0b0-7e62-4c92-b797-7f8e31da9cc2",
  asset: "030794c1-ac77-496b-92df-f27374a8bd58",
  archive: "e48ece36-62e2-4504-bad9-02848725956a",
  object: "dd056dcd-154b-4c76-9bd3-c8f88648b5ff",
} as const;
const U = UNKNOWNS.string;

/** The secret wire form the engine marshals with KeepSecrets. */
export const secret = (value: unknown) => ({ "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", value });

/** Every secret plaintext the generator puts in a stack: none may appear in a message or report. */
export const SECRET_MARK = "s3cr3t-bench";

export const TYPES = {
  instance: "aws:ec2/instance:Instance",
  spotRequest: "aws:ec2/spotInstanceRequest:SpotInstanceRequest",
  capacityReservation: "aws:ec2/capacityReservation:CapacityReservation",
  launchTemplate: "aws:ec2/launchTemplate:LaunchTemplate",
  autoScalingGroup: "aws:autoscaling/group:Group",
  nodeGroup: "aws:eks/nodeGroup:NodeGroup",
  endpointConfig: "aws:sagemaker/endpointConfiguration:EndpointConfiguration",
} as const;

/** The GPU kinds the generator rotates through (a launch template comes with each auto-scaling group). */
export const GPU_KINDS = [
  "instance",
  "autoScalingGroup",
  "nodeGroup",
  "endpointConfig",
  "spotInstance",
  "spotRequest",
  "capacityReservation",
  "templateInstance",
  "mixedAutoScalingGroup",
] as const;
export type GpuKind = (typeof GPU_KINDS)[number];

export interface SyntheticStackOptions {
  /** Total resources, supporting launch templates and providers' dependants included. */
  size: number;
  /** Declared workloads (default 100). */
  workloads?: number;
  /** Share of resources that are GPU capacity (default 0.1). */
  gpuShare?: number;
  seed?: number;
  project?: string;
  stack?: string;
}

export interface SyntheticStack {
  stackConfig: Record<string, string>;
  resources: EngineResource[];
  workloadNames: string[];
  /** Resources per type token. */
  byType: Record<string, number>;
  /** GPU capacity resources per kind. */
  byKind: Record<GpuKind, number>;
  gpuResources: number;
  /** Plaintexts of every secret in the stack (resources and stack config). */
  secrets: string[];
}

/** mulberry32: a small deterministic PRNG. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const EC2_GPU_TYPES = ["g6e.xlarge", "g6e.2xlarge", "g5.xlarge", "g5.2xlarge", "g6.xlarge", "g6.12xlarge", "g4dn.xlarge", "inf2.xlarge", "p4d.24xlarge"];
const SAGEMAKER_TYPES = ["ml.g5.xlarge", "ml.g5.2xlarge", "ml.g6.2xlarge", "ml.inf2.xlarge"];
const MODELS = ["anthropic/claude-haiku-4-5", "openai/gpt-4o-mini", "openai/gpt-4.1", "anthropic/claude-sonnet-4-5", "google/gemini-2.5-flash", "openai/gpt-5-mini"];
const ZONES = ["us-east-1a", "us-east-1b", "us-east-1c"];

/** Builds the stack. */
export function syntheticStack(opts: SyntheticStackOptions): SyntheticStack {
  const rand = prng(opts.seed ?? 42);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
  const workloadCount = opts.workloads ?? 100;
  const gpuShare = opts.gpuShare ?? 0.1;
  const project = opts.project ?? "bench";
  const stack = opts.stack ?? "synthetic";
  const urn = (type: string, name: string) => `urn:pulumi:${stack}::${project}::${type}::${name}`;
  const secrets: string[] = [];
  const addSecret = (label: string) => {
    const plain = `${SECRET_MARK}-${label}`;
    secrets.push(plain);
    return secret(plain);
  };

  const defaultProvider: EngineProviderResource = {
    type: "pulumi:providers:aws",
    name: "default_7_48_0",
    urn: urn("pulumi:providers:aws", "default_7_48_0"),
    properties: { region: "us-east-1", skipCredentialsValidation: "false", version: "7.48.0" },
  };
  const euProvider: EngineProviderResource = {
    type: "pulumi:providers:aws",
    name: "eu",
    urn: urn("pulumi:providers:aws", "eu"),
    properties: { region: "eu-west-1", accessKey: secret(`${SECRET_MARK}-provider-key`), version: "7.48.0" },
  };
  secrets.push(`${SECRET_MARK}-provider-key`);

  // Workload declarations: 100 by default, a mix of models, environments, throughput and residency rules.
  const workloadNames = Array.from({ length: workloadCount }, (_, i) => `wl-${String(i).padStart(3, "0")}`);
  const workloads: Record<string, unknown> = {};
  workloadNames.forEach((name, i) => {
    const input = Math.round(10 ** (8 + rand() * 3));
    const decl: Record<string, unknown> = {
      monthlyInputTokens: i % 7 === 0 ? String(input) : input, // numeric strings as `pulumi config set --path` stores them
      monthlyOutputTokens: Math.round(input / (2 + rand() * 4)),
      managedModel: MODELS[i % MODELS.length],
      opsHoursPerMonth: Math.round(rand() * 40),
      environment: i % 5 === 4 ? "staging" : "production",
    };
    if (i % 3 === 0) decl.tokensPerSecondPerInstance = 500 + Math.round(rand() * 4000);
    if (i % 10 === 3) decl.dataResidency = { allowedRegions: ["us-*"] };
    if (i % 25 === 7) decl.dataResidency = { selfHostedOnly: true };
    workloads[name] = decl;
  });
  const stackConfig: Record<string, string> = {
    "aws:region": "us-east-1",
    "gpu-breakeven:workloads": JSON.stringify(workloads),
    // Stack config secrets arrive decrypted in PULUMI_CONFIG.
    "inference:dbPassword": `${SECRET_MARK}-stack-config`,
    "inference:replicas": "3",
  };
  secrets.push(`${SECRET_MARK}-stack-config`);

  const resources: EngineResource[] = [];
  const byType: Record<string, number> = {};
  const byKind = Object.fromEntries(GPU_KINDS.map((k) => [k, 0])) as Record<GpuKind, number>;
  const push = (r: EngineResource) => {
    resources.push(r);
    byType[r.type] = (byType[r.type] ?? 0) + 1;
  };
  const gpuTotal = Math.round(opts.size * gpuShare);
  let gpuMade = 0;

  // GPU capacity: resource g belongs to workload g % W; its kind rotates so every workload gets every kind.
  const makeGpu = (g: number) => {
    const kind = GPU_KINDS[(g + Math.floor(g / workloadCount)) % GPU_KINDS.length];
    const w = g % workloadCount;
    const workload = workloadNames[w];
    // ~1% untagged, ~0.5% tagged with a typo (did-you-mean), the rest tagged correctly.
    const tagValue = g % 97 === 13 ? undefined : g % 199 === 5 ? `${workload}x` : workload;
    const name = `${workload}-${kind}-${g}`;
    const zone = g % 211 === 17 ? UNKNOWNS.string : ZONES[g % ZONES.length];
    // Residency-restricted workloads put every tenth resource in eu-west-1 (a finding to report).
    const provider = w % 10 === 3 && g % 10 === 3 ? euProvider : defaultProvider;
    // One workload's instance types are unknown during preview: it is reported as not evaluated, the others are judged.
    // A few use a type nobody prices (gpu-pricing-known).
    const ec2Type = workloadCount > 1 && w === workloadCount - 1 && g % 2 === 1 ? UNKNOWNS.string
      : g % 301 === 11 ? "g9.xlarge"
      : EC2_GPU_TYPES[(w + Math.floor(g / 50)) % EC2_GPU_TYPES.length];
    const tags: Record<string, unknown> = { Name: name, team: "ml-platform", "cost-center": `cc-${w}` };
    if (tagValue !== undefined) tags["gpu-breakeven:workload"] = tagValue;
    if (g % 5 === 0) tags.owner = addSecret(`owner-${g}`);
    if (g % 53 === 0) tags.note = U;
    const base = (type: string, n = name) => ({ type, name: n, urn: urn(type, n), provider, parent: urn("pulumi:pulumi:Stack", `${project}-${stack}`) });
    byKind[kind]++;
    switch (kind) {
      case "instance":
      case "spotInstance":
        push({
          ...base(TYPES.instance),
          properties: {
            ...instanceProps(ec2Type, zone, tags),
            ...(kind === "spotInstance" ? { instanceMarketOptions: { marketType: "spot", spotOptions: { maxPrice: "" } } } : {}),
          },
        });
        return;
      case "templateInstance": {
        const lt = launchTemplate(`${name}-lt`, ec2Type, tagValue);
        push(lt);
        push({
          ...base(TYPES.instance),
          properties: { ...instanceProps(undefined, zone, tags), launchTemplate: { id: U, version: "$Latest" } },
          dependencies: [lt.urn],
          propertyDependencies: { launchTemplate: [lt.urn] },
        });
        return;
      }
      case "spotRequest":
        push({
          ...base(TYPES.spotRequest),
          properties: { instanceType: ec2Type, ami: "ami-0abcdef1234567890", spotPrice: "0.90", availabilityZone: zone, waitForFulfillment: true, spotBidStatus: U, tags },
        });
        return;
      case "capacityReservation": {
        const cr = {
          ...base(TYPES.capacityReservation),
          properties: {
            instanceType: ec2Type,
            instancePlatform: "Linux/UNIX",
            availabilityZone: ZONES[g % ZONES.length],
            instanceCount: 1 + (g % 3),
            endDateType: "unlimited",
            tags,
          },
        };
        push(cr);
        // Every other reservation has an instance running in it (billed through the reservation).
        if (g % 2 === 0) {
          push({
            ...base(TYPES.instance, `${name}-in-cr`),
            properties: {
              ...instanceProps(ec2Type, ZONES[g % ZONES.length], tags),
              capacityReservationSpecification: { capacityReservationTarget: { capacityReservationId: U } },
            },
            dependencies: [cr.urn],
            propertyDependencies: { capacityReservationSpecification: [cr.urn] },
          });
        }
        return;
      }
      case "autoScalingGroup":
      case "mixedAutoScalingGroup": {
        const lt = launchTemplate(`${name}-lt`, ec2Type, tagValue);
        push(lt);
        const mixed = kind === "mixedAutoScalingGroup";
        push({
          ...base(TYPES.autoScalingGroup),
          properties: {
            ...(mixed
              ? {
                  mixedInstancesPolicy: {
                    launchTemplate: {
                      launchTemplateSpecification: { launchTemplateId: U, version: "$Latest" },
                      overrides: [{ instanceType: ec2Type }, { instanceType: EC2_GPU_TYPES[(w + 1) % 8] }],
                    },
                    instancesDistribution: { onDemandBaseCapacity: 1, onDemandPercentageAboveBaseCapacity: 50, spotAllocationStrategy: "price-capacity-optimized" },
                  },
                }
              : { launchTemplate: { id: U, version: "$Latest" } }),
            desiredCapacity: 1 + (g % 4),
            minSize: 1,
            maxSize: 8,
            availabilityZones: ZONES.slice(0, 1 + (g % 3)),
            vpcZoneIdentifiers: U,
            healthCheckType: "EC2",
            tags: [
              { key: "Name", value: name, propagateAtLaunch: true },
              ...(tagValue ? [{ key: "gpu-breakeven:workload", value: tagValue, propagateAtLaunch: true }] : []),
              ...(g % 5 === 0 ? [{ key: "owner", value: addSecret(`asg-owner-${g}`), propagateAtLaunch: false }] : []),
            ],
          },
          dependencies: [lt.urn],
          propertyDependencies: mixed ? { mixedInstancesPolicy: [lt.urn] } : { launchTemplate: [lt.urn] },
        });
        return;
      }
      case "nodeGroup":
        push({
          ...base(TYPES.nodeGroup),
          properties: {
            clusterName: "inference",
            nodeGroupName: name,
            nodeRoleArn: U,
            subnetIds: [U, U],
            instanceTypes: [ec2Type],
            amiType: "AL2023_x86_64_NVIDIA",
            capacityType: g % 4 === 0 ? "SPOT" : "ON_DEMAND",
            scalingConfig: { desiredSize: 1 + (g % 3), minSize: 1, maxSize: 6 },
            labels: tagValue ? { "gpu-breakeven/workload": tagValue, "nvidia.com/gpu": "true" } : { "nvidia.com/gpu": "true" },
            taints: [{ key: "nvidia.com/gpu", value: "true", effect: "NO_SCHEDULE" }],
            tags: { Name: name, ...(g % 5 === 0 ? { owner: addSecret(`ng-owner-${g}`) } : {}) },
          },
        });
        return;
      case "endpointConfig":
        push({
          ...base(TYPES.endpointConfig),
          properties: {
            name,
            productionVariants: [
              { variantName: "primary", modelName: U, instanceType: SAGEMAKER_TYPES[w % SAGEMAKER_TYPES.length], initialInstanceCount: 1 + (g % 2), initialVariantWeight: 1 },
            ],
            kmsKeyArn: U,
            tags,
          },
        });
        return;
    }
  };

  const launchTemplate = (name: string, instanceType: string, workload: string | undefined): EngineResource => ({
    type: TYPES.launchTemplate,
    name,
    urn: urn(TYPES.launchTemplate, name),
    provider: defaultProvider,
    properties: {
      name,
      imageId: "ami-0abcdef1234567890",
      instanceType,
      updateDefaultVersion: true,
      blockDeviceMappings: [{ deviceName: "/dev/xvda", ebs: { volumeSize: 200, volumeType: "gp3", encrypted: "true" } }],
      tagSpecifications: workload ? [{ resourceType: "instance", tags: { "gpu-breakeven:workload": workload } }] : [],
      userData: secret(`${SECRET_MARK}-userdata`),
    },
  });
  secrets.push(`${SECRET_MARK}-userdata`);

  // Interleave GPU capacity among the other resources, as a real program declares them.
  const every = gpuTotal > 0 ? opts.size / gpuTotal : Infinity;
  let other = 0;
  while (resources.length < opts.size) {
    if (gpuMade < gpuTotal && resources.length >= gpuMade * every) makeGpu(gpuMade++);
    else push(otherResource(other++, rand, pick, urn, defaultProvider, addSecret));
  }
  return { stackConfig, resources, workloadNames, byType, byKind, gpuResources: gpuMade, secrets };
}

function instanceProps(instanceType: string | undefined, zone: string, tags: Record<string, unknown>): Record<string, unknown> {
  return {
    ...(instanceType === undefined ? {} : { instanceType }),
    ami: "ami-0abcdef1234567890",
    availabilityZone: zone,
    subnetId: U,
    vpcSecurityGroupIds: [U],
    associatePublicIpAddress: false,
    rootBlockDevice: { volumeSize: 200, volumeType: "gp3", deleteOnTermination: true },
    metadataOptions: { httpTokens: "required", httpEndpoint: "enabled" },
    tags,
  };
}

/** The 90% that is not GPU capacity: buckets, roles, security groups, functions, databases, CPU instances... */
function otherResource(
  i: number,
  rand: () => number,
  pick: <T>(xs: readonly T[]) => T,
  urn: (type: string, name: string) => string,
  provider: EngineProviderResource,
  addSecret: (label: string) => unknown,
): EngineResource {
  const kinds = ["bucket", "role", "securityGroup", "function", "cpuInstance", "subnet", "database", "randomPassword", "policy", "logGroup"] as const;
  const kind = kinds[i % kinds.length];
  const name = `${kind}-${i}`;
  const sentinel = i % 20 === 0 ? Object.values(UNKNOWNS)[Math.floor(i / 20) % 7] : undefined; // every unknown kind, in turn
  const tags = { Name: name, team: pick(["web", "data", "ml-platform", "platform"]), env: "prod", ...(sentinel ? { computed: sentinel } : {}) };
  const make = (type: string, properties: Record<string, unknown>): EngineResource => ({ type, name, urn: urn(type, name), provider, properties });
  switch (kind) {
    case "bucket":
      return make("aws:s3/bucket:Bucket", {
        bucket: `bench-${i}-${Math.floor(rand() * 1e9).toString(36)}`,
        forceDestroy: false,
        tags,
        serverSideEncryptionConfiguration: { rule: { applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: U } } },
        versioning: { enabled: true },
      });
    case "role":
      return make("aws:iam/role:Role", {
        name,
        assumeRolePolicy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }] }),
        managedPolicyArns: ["arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore"],
        tags,
      });
    case "securityGroup":
      return make("aws:ec2/securityGroup:SecurityGroup", {
        name,
        vpcId: U,
        ingress: [{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["10.0.0.0/8"] }],
        egress: [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] }],
        tags,
      });
    case "function":
      return make("aws:lambda/function:Function", {
        name,
        runtime: "nodejs20.x",
        handler: "index.handler",
        role: U,
        memorySize: 256,
        timeout: 30,
        code: sentinel === UNKNOWNS.archive ? sentinel : { "4dabf18193072939515e22adb298388d": "0def7320c3a5731c473e5ecbe6d01bc7", path: "./app" },
        environment: { variables: { DB_PASSWORD: addSecret(`fn-${i}`), LOG_LEVEL: "info" } },
        tags,
      });
    case "cpuInstance":
      return make("aws:ec2/instance:Instance", {
        instanceType: pick(["t3.medium", "m7i.large", "c7g.xlarge", "r6i.2xlarge"]),
        ami: "ami-0abcdef1234567890",
        availabilityZone: pick(ZONES),
        subnetId: U,
        userData: addSecret(`cpu-userdata-${i}`),
        tags,
      });
    case "subnet":
      return make("aws:ec2/subnet:Subnet", { vpcId: U, cidrBlock: `10.${i % 256}.${(i >> 8) % 256}.0/24`, availabilityZone: pick(ZONES), mapPublicIpOnLaunch: false, tags });
    case "database":
      return make("aws:rds/instance:Instance", {
        instanceClass: "db.r6g.large",
        engine: "postgres",
        engineVersion: "16.3",
        allocatedStorage: 100,
        username: "app",
        password: addSecret(`db-${i}`),
        multiAz: true,
        storageEncrypted: true,
        tags,
      });
    case "randomPassword":
      return make("random:index/randomPassword:RandomPassword", { length: 32, special: true, result: secret(U) });
    case "policy":
      return make("aws:iam/policy:Policy", {
        name,
        policy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: ["s3:GetObject"], Resource: [`arn:aws:s3:::bench-${i}/*`] }] }),
        tags,
      });
    case "logGroup":
      return make("aws:cloudwatch/logGroup:LogGroup", { name: `/bench/${name}`, retentionInDays: 30, kmsKeyId: sentinel ?? U, tags });
  }
}
