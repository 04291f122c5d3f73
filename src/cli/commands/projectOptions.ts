import * as fs from "fs";
import * as path from "path";
import { isPlainObject } from "../../assumptions/policyPackConfigFile";
import { PulumiProject, readProject } from "../../project/project";

/** The options every project command shares. */
export const projectOptions = {
  "project-dir": { type: "string" },
  "policy-pack-config": { type: "string" },
} as const;

/** Reads the project and the optional policy-config file named by the shared options. */
export function loadProject(values: { "project-dir"?: string; "policy-pack-config"?: string }): {
  project: PulumiProject;
  policyConfig?: Record<string, unknown>;
} {
  const project = readProject(path.resolve(values["project-dir"] ?? "."));
  const file = values["policy-pack-config"];
  if (file === undefined) return { project };
  return { project, policyConfig: readPolicyConfig(file) };
}

/** A policy-config file: a JSON object, as `pulumi preview --policy-pack-config` takes it. */
function readPolicyConfig(file: string): Record<string, unknown> {
  let config: unknown;
  try {
    config = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (e) {
    throw new Error(`cannot read --policy-pack-config ${file}: ${(e as Error).message}`);
  }
  if (!isPlainObject(config)) {
    throw new Error(`--policy-pack-config ${file} must hold a JSON object of policy names to levels or config, not ${kindOf(config)}`);
  }
  return config;
}

function kindOf(value: unknown): string {
  if (value === null) return "null";
  return Array.isArray(value) ? "an array" : `a ${typeof value}`;
}
