/**
 * The `--policy-pack-config` file format as the engine parses it (pulumi/pulumi `pkg/resource/analyzer/config.go`
 * parsePolicyPackConfig). Kept below the report and the engine harness: both read these files.
 */
export const VALID_LEVELS = ["advisory", "mandatory", "remediate", "disabled"] as const;
export type PolicyLevel = (typeof VALID_LEVELS)[number];

/** The `--policy-pack-config` file format: policy name (or "all") → level string or `{enforcementLevel?, ...props}`. */
export type PolicyPackConfigFile = Record<string, string | Record<string, unknown>>;

/** plugin.AnalyzerPolicyConfig: `enforcementLevel` is "" when not set. */
export interface AnalyzerPolicyConfig {
  enforcementLevel: PolicyLevel | "";
  properties?: Record<string, unknown>;
}

export function isValidLevel(x: unknown): x is PolicyLevel {
  return typeof x === "string" && (VALID_LEVELS as readonly string[]).includes(x);
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function goValue(v: unknown): string {
  // Approximates Go's %v for the error message of a non-string/non-object value.
  if (Array.isArray(v)) return `[${v.map(goValue).join(" ")}]`;
  if (v === null) return "<nil>";
  return String(v);
}

/** extractEnforcementLevel: validates and removes `enforcementLevel` from `props` (mutates). */
function extractEnforcementLevel(props: Record<string, unknown>): PolicyLevel | "" {
  if (!Object.prototype.hasOwnProperty.call(props, "enforcementLevel")) return "";
  const v = props.enforcementLevel;
  if (typeof v !== "string") throw new Error(`${goValue(v)} is not a valid enforcement level; must be a string`);
  if (!isValidLevel(v)) throw new Error(`${JSON.stringify(v)} is not a valid enforcement level`);
  delete props.enforcementLevel;
  return v;
}

/**
 * parsePolicyPackConfig: parses a `--policy-pack-config` file (JSON text or an already-parsed object).
 * Returns the normalized map (entries with neither level nor properties are dropped).
 * An `"environments"` array (ESC environments in newer CLIs) is ignored.
 */
export function parsePolicyPackConfig(
  input: string | PolicyPackConfigFile | undefined | null,
): Record<string, AnalyzerPolicyConfig> | undefined {
  if (input === undefined || input === null) return undefined;
  let config: unknown;
  if (typeof input === "string") {
    if (input.trim() === "") return undefined; // "Gracefully allow empty content."
    config = JSON.parse(input);
  } else {
    config = JSON.parse(JSON.stringify(input)); // deep copy; extractEnforcementLevel mutates
  }
  if (!isPlainObject(config)) throw new Error("policy pack config must be a JSON object");
  const result: Record<string, AnalyzerPolicyConfig> = {};
  for (const [k, v] of Object.entries(config)) {
    if (k === "environments" && Array.isArray(v)) continue;
    let enforcementLevel: PolicyLevel | "" = "";
    let properties: Record<string, unknown> | undefined;
    if (typeof v === "string") {
      if (!isValidLevel(v)) {
        throw new Error(`parsing enforcement level for ${JSON.stringify(k)}: ${JSON.stringify(v)} is not a valid enforcement level`);
      }
      enforcementLevel = v;
    } else if (isPlainObject(v)) {
      try {
        enforcementLevel = extractEnforcementLevel(v);
      } catch (e) {
        throw new Error(`parsing enforcement level for ${JSON.stringify(k)}: ${(e as Error).message}`);
      }
      if (Object.keys(v).length > 0) properties = v;
    } else {
      throw new Error(`parsing ${JSON.stringify(k)}: ${goValue(v)} is not a valid value; must be a string or object`);
    }
    if (enforcementLevel === "" && !properties) continue; // "Don't bother including empty configs."
    result[k] = properties ? { enforcementLevel, properties } : { enforcementLevel };
  }
  return result;
}

