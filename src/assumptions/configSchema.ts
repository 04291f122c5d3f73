import type { PolicyConfigSchema } from "@pulumi/policy";
import { z } from "zod";
import { assumptionsSchema } from "./schema";

/** The assumptions schema as a policy configSchema: JSON Schema draft-7 of the zod input type, defaults included. */
export function assumptionsConfigSchema(): PolicyConfigSchema {
  const json = z.toJSONSchema(assumptionsSchema, { target: "draft-7", io: "input" }) as {
    properties: PolicyConfigSchema["properties"];
    required?: string[];
  };
  return { properties: json.properties, required: json.required ?? [] };
}
