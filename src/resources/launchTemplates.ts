import { ResourceLike } from "./types";

export const LAUNCH_TEMPLATE = "aws:ec2/launchTemplate:LaunchTemplate";
export const LAUNCH_CONFIGURATION = "aws:ec2/launchConfiguration:LaunchConfiguration";
const templateTypes = new Set([LAUNCH_TEMPLATE, LAUNCH_CONFIGURATION]);

/** True for the resources a group or instance can take its instance type from. */
export function isTemplate(resource: { type: string }): boolean {
  return templateTypes.has(resource.type);
}

/**
 * The launch template (or configuration) a resource uses. During preview the template's id is unknown,
 * so the join goes through the dependency URNs the engine sends: first the named properties'
 * dependencies, then the resource's only template dependency, then a template with the same `name`.
 */
export function templateOf(resource: ResourceLike, keys: string | string[], templates: Map<string, ResourceLike>): ResourceLike | undefined {
  for (const key of Array.isArray(keys) ? keys : [keys]) {
    for (const ref of resource.propertyDependencies?.[key] ?? []) {
      const found = templates.get(ref.urn);
      if (found) return found;
    }
  }
  const fromDependencies = (resource.dependencies ?? []).map((d) => templates.get(d.urn)).filter((t) => t !== undefined);
  if (fromDependencies.length === 1) return fromDependencies[0];
  return byName(resource, keys, templates);
}

function byName(resource: ResourceLike, keys: string | string[], templates: Map<string, ResourceLike>): ResourceLike | undefined {
  for (const key of Array.isArray(keys) ? keys : [keys]) {
    let name: unknown;
    try {
      const spec = resource.props[key];
      name = spec?.name ?? spec?.launchTemplate?.launchTemplateSpecification?.launchTemplateName;
    } catch {
      continue; // unknown during preview: the dependency URNs were the way, and they did not match
    }
    if (typeof name !== "string") continue;
    for (const template of templates.values()) {
      try {
        if (template.props.name === name) return template;
      } catch {
        // a template whose name is unknown cannot match by name
      }
    }
  }
  return undefined;
}
