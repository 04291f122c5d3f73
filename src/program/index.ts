// The example inference project: GPU instances that each run a vLLM OpenAI-compatible server.
//
// This is the Pulumi program behind Pulumi.yaml (project `gpu-inference`). The stacks under stacks/
// describe their fleets in config, for example:
//
//   config:
//     aws:region: us-east-1
//     gpu-inference:fleets:
//       - name: chat
//         workload: chat            # tags the instances with gpu-breakeven:workload=chat
//         instanceType: g6e.xlarge
//         count: 2
//         availabilityZones: [us-east-1a, us-east-1b]
//
// and declare the workload each fleet serves under `gpu-breakeven:workloads`, which is what the
// gpu-breakeven policy pack weighs against a managed LLM API.
import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";

/** One group of identical GPU instances serving one model. */
interface Fleet {
  /** Names the fleet's resources: `<name>-sg`, `<name>-0`, `<name>-1`, ... */
  name: string;
  /** The gpu-breakeven workload this fleet serves (value of the `gpu-breakeven:workload` tag). */
  workload?: string;
  /** EC2 instance type, e.g. `g6e.xlarge`. */
  instanceType: string;
  /** Number of instances. */
  count: number;
  /** Instances are spread round-robin over these zones. */
  availabilityZones?: string[];
  /** Deploy this fleet through an explicit provider for this region instead of `aws:region`. */
  region?: string;
  /** Hugging Face model id that vLLM serves. */
  servedModel?: string;
}

const DEFAULT_MODEL = "meta-llama/Llama-3.1-8B-Instruct";
// AWS Deep Learning AMI GPU PyTorch (Ubuntu 22.04). A fixed id keeps the program free of invokes;
// set gpu-inference:amiId to the id for your region.
const DEFAULT_AMI = "ami-0a3c14e1ddbe7f23c";
const VLLM_PORT = 8000;

const config = new pulumi.Config(); // namespace: the project name, gpu-inference
const fleets = parseFleets(config.getObject<unknown>("fleets"));
const amiId = config.get("amiId") ?? DEFAULT_AMI;
// Cost-centre tag, kept secret: it should not appear in previews, logs or policy messages.
const costCenter = pulumi.secret(config.get("costCenter") ?? "cc-0000");

// One explicit provider per distinct fleet region; fleets without a region use the default provider
// (configured by aws:region).
const providers = new Map<string, aws.Provider>();
for (const region of new Set(fleets.flatMap((f) => (f.region ? [f.region] : [])))) {
  providers.set(region, new aws.Provider(`aws-${region}`, { region }));
}

const instances: aws.ec2.Instance[] = [];
for (const fleet of fleets) {
  const provider = fleet.region ? providers.get(fleet.region) : undefined;
  const opts: pulumi.CustomResourceOptions = provider ? { provider } : {};

  const sg = new aws.ec2.SecurityGroup(`${fleet.name}-sg`, {
    description: `vLLM API for fleet ${fleet.name} (port ${VLLM_PORT}, private network only)`,
    ingress: [{ protocol: "tcp", fromPort: VLLM_PORT, toPort: VLLM_PORT, cidrBlocks: ["10.0.0.0/8"] }],
    egress: [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] }],
    tags: { Name: `${fleet.name}-sg` },
  }, opts);

  for (let i = 0; i < fleet.count; i++) {
    const name = `${fleet.name}-${i}`;
    const zones = fleet.availabilityZones ?? [];
    instances.push(new aws.ec2.Instance(name, {
      ami: amiId,
      instanceType: fleet.instanceType,
      availabilityZone: zones.length > 0 ? zones[i % zones.length] : undefined,
      vpcSecurityGroupIds: [sg.id],
      userData: vllmUserData(fleet.servedModel ?? DEFAULT_MODEL),
      rootBlockDevice: { volumeSize: 200, volumeType: "gp3" },
      tags: {
        Name: name,
        ...(fleet.workload ? { "gpu-breakeven:workload": fleet.workload } : {}),
        costCenter,
      },
    }, opts));
  }
}

export const instanceIds = instances.map((instance) => instance.id);

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

/** Light validation of gpu-inference:fleets, with errors that name the key at fault. */
function parseFleets(raw: unknown): Fleet[] {
  const key = "gpu-inference:fleets";
  if (raw === undefined) {
    throw new Error(`Missing required configuration ${key}: a list of fleets such as ` +
      `[{ name: chat, instanceType: g6e.xlarge, count: 2 }]`);
  }
  if (!Array.isArray(raw)) throw new Error(`${key} must be a list of fleets`);
  const seen = new Set<string>();
  return raw.map((f: unknown, i): Fleet => {
    const at = `${key}[${i}]`;
    if (typeof f !== "object" || f === null || Array.isArray(f)) throw new Error(`${at} must be an object`);
    const o = f as Record<string, unknown>;
    const str = (k: string, required: boolean): string | undefined => {
      const v = o[k];
      if (v === undefined && !required) return undefined;
      if (typeof v !== "string" || v.length === 0) throw new Error(`${at}.${k} must be a non-empty string`);
      return v;
    };
    const name = str("name", true)!;
    if (seen.has(name)) throw new Error(`${at}.name: fleet name "${name}" is used twice`);
    seen.add(name);
    const count = typeof o.count === "string" ? Number(o.count) : o.count;
    if (typeof count !== "number" || !Number.isInteger(count) || count < 0) {
      throw new Error(`${at}.count must be a whole number ≥ 0`);
    }
    const zones = o.availabilityZones;
    if (zones !== undefined && (!Array.isArray(zones) || zones.some((z) => typeof z !== "string"))) {
      throw new Error(`${at}.availabilityZones must be a list of zone names`);
    }
    return {
      name,
      workload: str("workload", false),
      instanceType: str("instanceType", true)!,
      count,
      availabilityZones: zones as string[] | undefined,
      region: str("region", false),
      servedModel: str("servedModel", false),
    };
  });
}
