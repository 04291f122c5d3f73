/**
 * The engine's policy-config reconciliation, ported from pulumi/pulumi
 * `pkg/resource/analyzer/config.go` (parsePolicyPackConfig, ReconcilePolicyPackConfig, applyConfig,
 * validatePolicyPackConfig) and the schema handling of `analyzer_plugin.go` GetAnalyzerInfo.
 *
 * Quirks kept on purpose:
 * - `"all"` applies ONLY its enforcement level to every policy, never its properties. (Like the engine, the
 *   `"all"` key — and any key that names no policy — still ends up as its own entry of the result.)
 * - Per-policy properties are merged shallowly: a top-level key replaces the default/initial value.
 * - Only schemas are validated, not unknown policy names; an entry without a valid level (e.g. an unknown
 *   policy given only properties) makes the later Configure fail with `invalid enforcement level ""`.
 */
import Ajv, { ErrorObject } from "ajv";

import {
  AnalyzerPolicyConfig,
  isPlainObject,
  isValidLevel,
  parsePolicyPackConfig,
  PolicyLevel,
} from "../assumptions/policyPackConfigFile";

export { isValidLevel, parsePolicyPackConfig, VALID_LEVELS } from "../assumptions/policyPackConfigFile";
export type { AnalyzerPolicyConfig, PolicyLevel, PolicyPackConfigFile } from "../assumptions/policyPackConfigFile";

export interface ReconcilePolicyInfo {
  name: string;
  enforcementLevel: string;
  configSchema?: { properties: Record<string, unknown>; required: string[] };
}

/** createConfigWithDefaults: each policy's level + the top-level `default` of each schema property. */
function createConfigWithDefaults(policies: ReconcilePolicyInfo[]): Record<string, AnalyzerPolicyConfig> {
  const result: Record<string, AnalyzerPolicyConfig> = {};
  for (const p of policies) {
    let props: Record<string, unknown> | undefined;
    for (const [k, s] of Object.entries(p.configSchema?.properties ?? {})) {
      if (isPlainObject(s) && Object.prototype.hasOwnProperty.call(s, "default")) {
        props ??= {};
        props[k] = structuredClone(s.default);
      }
    }
    result[p.name] = { enforcementLevel: p.enforcementLevel as PolicyLevel, properties: props };
  }
  return result;
}

function applyConfig(
  result: Record<string, AnalyzerPolicyConfig>,
  toApply: Record<string, AnalyzerPolicyConfig>,
): Record<string, AnalyzerPolicyConfig> {
  // "all": only the enforcement level, for every policy already in the result.
  const all = toApply["all"];
  if (all && isValidLevel(all.enforcementLevel)) {
    for (const [k, v] of Object.entries(result)) {
      result[k] = { enforcementLevel: all.enforcementLevel, properties: v.properties };
    }
  }
  // Policy-level config (the engine iterates every key, "all" included).
  for (const [policy, given] of Object.entries(toApply)) {
    let enforcementLevel: PolicyLevel | "" = "";
    let properties: Record<string, unknown> | undefined;
    const existing = result[policy];
    if (existing) {
      enforcementLevel = existing.enforcementLevel;
      properties = existing.properties;
    }
    if (isValidLevel(given.enforcementLevel)) enforcementLevel = given.enforcementLevel;
    const givenProps = given.properties ?? {};
    if (Object.keys(givenProps).length > 0) {
      properties = { ...(properties ?? {}) };
      for (const [k, v] of Object.entries(givenProps)) properties[k] = structuredClone(v); // shallow merge
    }
    result[policy] = { enforcementLevel, properties };
  }
  return result;
}

/** The schema the engine validates with: analyzer_plugin.go injects `enforcementLevel`, config.go convertSchema wraps it. */
export function engineSchemaFor(p: ReconcilePolicyInfo): Record<string, unknown> {
  const properties: Record<string, unknown> = { ...(p.configSchema?.properties ?? {}) };
  properties.enforcementLevel = { type: "string", enum: ["advisory", "mandatory", "remediate", "disabled"] };
  const schema: Record<string, unknown> = { type: "object", properties };
  const required = p.configSchema?.required ?? [];
  if (required.length > 0) schema.required = required;
  return schema;
}

let ajvInstance: Ajv | undefined;
const compiled = new Map<string, ReturnType<Ajv["compile"]>>();
/** Draft-07 validator (the engine uses gojsonschema), compiled once per distinct schema. */
function validatorFor(schema: Record<string, unknown>): ReturnType<Ajv["compile"]> {
  const key = JSON.stringify(schema);
  let v = compiled.get(key);
  if (!v) {
    ajvInstance ??= new Ajv({ strict: false, allErrors: true, validateFormats: false, logger: false });
    v = ajvInstance.compile(structuredClone(schema));
    compiled.set(key, v);
  }
  return v;
}

function jsonType(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  if (typeof v === "number") return Number.isInteger(v) ? "integer" : "number";
  return typeof v;
}

function valueAt(doc: unknown, instancePath: string): unknown {
  let cur: unknown = doc;
  for (const seg of instancePath.split("/").slice(1)) {
    const key = seg.replace(/~1/g, "/").replace(/~0/g, "~");
    cur = (cur as Record<string, unknown> | undefined)?.[key];
  }
  return cur;
}

/** Formats an ajv error like gojsonschema's ResultError.String() with "(root): " trimmed (config.go). */
export function gojsonschemaMessage(e: ErrorObject, doc: unknown): string {
  const segs = e.instancePath
    .split("/")
    .slice(1)
    .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"));
  const field = segs.length ? segs.join(".") : "(root)";
  const p = e.params as Record<string, unknown>;
  let d: string;
  switch (e.keyword) {
    case "required":
      d = `${String(p.missingProperty)} is required`;
      break;
    case "type": {
      const t = Array.isArray(p.type) ? `[${(p.type as string[]).join(",")}]` : String(p.type);
      d = `Invalid type. Expected: ${t}, given: ${jsonType(valueAt(doc, e.instancePath))}`;
      break;
    }
    case "enum":
      d = `${field} must be one of the following: ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(", ")}`;
      break;
    case "const":
      d = `${field} does not match: ${JSON.stringify(p.allowedValue)}`;
      break;
    case "minLength":
      d = `String length must be greater than or equal to ${p.limit}`;
      break;
    case "maxLength":
      d = `String length must be less than or equal to ${p.limit}`;
      break;
    case "minimum":
      d = `Must be greater than or equal to ${p.limit}`;
      break;
    case "exclusiveMinimum":
      d = `Must be greater than ${p.limit}`;
      break;
    case "maximum":
      d = `Must be less than or equal to ${p.limit}`;
      break;
    case "exclusiveMaximum":
      d = `Must be less than ${p.limit}`;
      break;
    case "multipleOf":
      d = `Must be a multiple of ${p.multipleOf}`;
      break;
    case "pattern":
      d = `Does not match pattern '${p.pattern}'`;
      break;
    case "minItems":
      d = `Array must have at least ${p.limit} items`;
      break;
    case "maxItems":
      d = `Array must have at most ${p.limit} items`;
      break;
    case "uniqueItems":
      d = `array items[${p.j},${p.i}] must be unique`;
      break;
    case "minProperties":
      d = `Must have at least ${p.limit} properties`;
      break;
    case "maxProperties":
      d = `Must have at most ${p.limit} properties`;
      break;
    case "additionalProperties":
      d = `Additional property ${String(p.additionalProperty)} is not allowed`;
      break;
    default:
      d = e.message ?? e.keyword;
  }
  const s = `${field}: ${d}`;
  return s.startsWith("(root): ") ? s.slice("(root): ".length) : s;
}

/** validatePolicyPackConfig: `<policy>: <problem>` for every schema violation (every policy is validated). */
export function validatePolicyPackConfig(
  policies: ReconcilePolicyInfo[],
  config: Record<string, AnalyzerPolicyConfig>,
): string[] {
  const errors: string[] = [];
  for (const p of policies) {
    const props = config[p.name]?.properties ?? {};
    let validate: ReturnType<Ajv["compile"]>;
    try {
      validate = validatorFor(engineSchemaFor(p));
    } catch (e) {
      throw new Error(`${p.name}: invalid config schema: ${(e as Error).message}`);
    }
    if (!validate(props)) {
      for (const e of validate.errors ?? []) errors.push(`${p.name}: ${gojsonschemaMessage(e, props)}`);
    }
  }
  return errors;
}

export class PolicyConfigValidationError extends Error {
  /** `<policy>: <problem>` entries, sorted. */
  readonly problems: string[];
  /** The exact lines the engine prints (`validating policy config: <pack> <version>  <policy>: <problem>`). */
  readonly engineLines: string[];
  constructor(packName: string, packVersion: string, problems: string[]) {
    const sorted = [...problems].sort();
    super(sorted.map((p) => `validating policy config for ${JSON.stringify(packName)}: ${p}`).join("\n"));
    this.name = "PolicyConfigValidationError";
    this.problems = sorted;
    this.engineLines = sorted.map((p) => `validating policy config: ${packName} ${packVersion}  ${p}`);
  }
}

/**
 * ReconcilePolicyPackConfig: defaults → initialConfig → user config, then validation.
 * Throws PolicyConfigValidationError when the result does not satisfy the schemas.
 */
export function reconcilePolicyPackConfig(
  pack: { name: string; version?: string; policies: ReconcilePolicyInfo[] },
  initialConfig: Record<string, AnalyzerPolicyConfig> | undefined,
  userConfig: Record<string, AnalyzerPolicyConfig> | undefined,
): Record<string, AnalyzerPolicyConfig> {
  let result = createConfigWithDefaults(pack.policies);
  if (initialConfig) result = applyConfig(result, structuredClone(initialConfig));
  if (userConfig) result = applyConfig(result, structuredClone(userConfig));
  let problems: string[];
  try {
    problems = validatePolicyPackConfig(pack.policies, result);
  } catch (e) {
    throw new Error(`reconciling policy config for ${JSON.stringify(pack.name)}: ${(e as Error).message}`);
  }
  if (problems.length > 0) throw new PolicyConfigValidationError(pack.name, pack.version ?? "", problems);
  return result;
}
