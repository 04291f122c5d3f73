import * as fs from "fs";
import * as path from "path";
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
  if (!file) return { project };
  try {
    return { project, policyConfig: JSON.parse(fs.readFileSync(file, "utf8")) };
  } catch (e) {
    throw new Error(`cannot read --policy-pack-config ${file}: ${(e as Error).message}`);
  }
}
