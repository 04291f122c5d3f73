import { z } from "zod";

// Used at build time only (scripts/build-catalog.ts) and by the test that checks the generated file: the pack
// publishes the precomputed result and never converts a schema while a preview waits.

/**
 * A zod schema as a policy configSchema: JSON Schema draft-7 of its input type, each default stated in the
 * description instead of as `default`. The engine copies a schema's defaults into every policy's config, and
 * then the pack could not tell what the user set (assumptions are set once, under any cost policy).
 */
export function configSchemaOf(schema: z.ZodType): { properties: Record<string, unknown>; required: string[] } {
  const json = z.toJSONSchema(schema, { target: "draft-7", io: "input" }) as { properties?: Record<string, Record<string, unknown>>; required?: string[] };
  const properties: Record<string, unknown> = {};
  for (const [key, property] of Object.entries(json.properties ?? {})) {
    const { default: fallback, ...rest } = property;
    const said = fallback === undefined ? "" : ` Default: ${JSON.stringify(fallback)}.`;
    properties[key] = { ...rest, ...(rest.description || said ? { description: `${rest.description ?? ""}${said}`.trim() } : {}) };
  }
  return { properties, required: [] };
}
