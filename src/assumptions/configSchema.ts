import type { PolicyConfigSchema } from "@pulumi/policy";
import generated from "./configSchema.generated.json";

// The JSON Schemas are computed from the zod schemas at build time (scripts/build-catalog.ts, with
// z.toJSONSchema(schema, { target: "draft-7", io: "input" })), so loading the pack compiles none of them.
// test/startup.test.ts checks that they still equal what zod computes from the schemas in the source.
type Generated = Record<string, { properties: PolicyConfigSchema["properties"]; required: string[] }>;

/** A policy config's precomputed JSON Schema by its key in configSchema.generated.json ("assumptions", "catalog-fresh"). */
export function precomputedConfigSchema(key: string): PolicyConfigSchema {
  const schema = Object.prototype.hasOwnProperty.call(generated, key) ? (generated as unknown as Generated)[key] : undefined;
  if (!schema) throw new Error(`no precomputed config schema "${key}" in src/assumptions/configSchema.generated.json; run npm run build`);
  // A copy per policy: the SDK and the engine only read it, but nothing shared can then be changed by one of them.
  return { properties: structuredClone(schema.properties), required: [...schema.required] };
}

/** The assumptions schema as a policy configSchema: JSON Schema draft-7 of the zod input type, defaults included. */
export function assumptionsConfigSchema(): PolicyConfigSchema {
  return precomputedConfigSchema("assumptions");
}
