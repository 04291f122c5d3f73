// The example program's own config: gpu-inference:fleets, lightly validated with errors naming the key.

/** How a fleet is deployed: the AWS shapes the policy pack reads. */
export const SHAPES = ["instances", "spot-instances", "auto-scaling-group", "eks-node-group", "sagemaker-endpoint", "capacity-reservation"] as const;
export type Shape = (typeof SHAPES)[number];

/** One group of identical GPU machines serving one model. */
export interface Fleet {
  /** Names the fleet's resources: `<name>-sg`, `<name>-0`, `<name>-asg`, ... */
  name: string;
  /** How it is deployed (default: plain EC2 instances). */
  shape: Shape;
  /** The gpu-breakeven workload this fleet serves (value of the `gpu-breakeven:workload` tag). */
  workload?: string;
  /** EC2 instance type, e.g. `g6e.xlarge` (an `ml.*` type for SageMaker). */
  instanceType: string;
  /** Number of instances (desired capacity for groups). */
  count: number;
  /** Group bounds (auto-scaling and node groups); default: count. */
  minSize?: number;
  maxSize?: number;
  /** Auto-scaling groups: the share of instances above zero to run on demand (0–100); below 100 means spot. */
  onDemandPercentage?: number;
  /** EKS node groups: SPOT or ON_DEMAND. */
  capacityType?: "SPOT" | "ON_DEMAND";
  /** Instances are spread round-robin over these zones. */
  availabilityZones?: string[];
  /** Deploy this fleet through an explicit provider for this region instead of `aws:region`. */
  region?: string;
  /** Hugging Face model id that vLLM serves. */
  servedModel?: string;
}

/** Light validation of gpu-inference:fleets, with errors that name the key at fault. */
export function parseFleets(raw: unknown): Fleet[] {
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
    const whole = (k: string, required: boolean): number | undefined => {
      const v = typeof o[k] === "string" ? Number(o[k]) : o[k];
      if (v === undefined && !required) return undefined;
      if (typeof v !== "number" || !Number.isInteger(v) || v < 0) throw new Error(`${at}.${k} must be a whole number ≥ 0`);
      return v;
    };
    const name = str("name", true)!;
    if (seen.has(name)) throw new Error(`${at}.name: fleet name "${name}" is used twice`);
    seen.add(name);
    const shape = (str("shape", false) ?? "instances") as Shape;
    if (!SHAPES.includes(shape)) throw new Error(`${at}.shape must be one of ${SHAPES.join(", ")}`);
    const zones = o.availabilityZones;
    if (zones !== undefined && (!Array.isArray(zones) || zones.some((z) => typeof z !== "string"))) {
      throw new Error(`${at}.availabilityZones must be a list of zone names`);
    }
    const capacityType = str("capacityType", false);
    if (capacityType !== undefined && capacityType !== "SPOT" && capacityType !== "ON_DEMAND") {
      throw new Error(`${at}.capacityType must be SPOT or ON_DEMAND`);
    }
    return {
      name,
      shape,
      workload: str("workload", false),
      instanceType: str("instanceType", true)!,
      count: whole("count", true)!,
      minSize: whole("minSize", false),
      maxSize: whole("maxSize", false),
      onDemandPercentage: whole("onDemandPercentage", false),
      capacityType,
      availabilityZones: zones as string[] | undefined,
      region: str("region", false),
      servedModel: str("servedModel", false),
    };
  });
}
