import type { EnforcementLevel, ResourceValidationPolicy } from "@pulumi/policy";
import { stackContext } from "../analysis/analyzeStack";
import type { StackContext } from "../analysis/context";
import type { Finding, PolicyName } from "../analysis/types";
import { assumptionsConfigSchema } from "../assumptions/configSchema";
import { parseAssumptions } from "../assumptions/parse";
import { shippedCatalog } from "../catalog/load";
import { readResource } from "../resources/readInstance";
import type { GpuResource } from "../resources/types";
import { reportFinding, reportInternalError } from "./report";
import { packStackConfig } from "./stackConfig";

const contexts = new Map<string, StackContext>();

/** A resource policy: runs one per-resource check in Analyze, so a mandatory finding stops `pulumi up` before the resource exists. */
export function resourcePolicy(
  name: PolicyName,
  enforcementLevel: EnforcementLevel,
  description: string,
  check: (resource: GpuResource, ctx: StackContext) => Finding[],
  options: { needsPrices: boolean },
): ResourceValidationPolicy {
  return {
    name,
    description,
    enforcementLevel,
    ...(options.needsPrices ? { configSchema: assumptionsConfigSchema() } : {}),
    validateResource: (args, report) => {
      try {
        const parsed = parseAssumptions(options.needsPrices ? args.getConfig() : {}, name);
        if (!parsed.ok) {
          report(`The policy config is invalid, so this policy did not run:\n${parsed.problems.map((p) => `  - ${p}`).join("\n")}`);
          return;
        }
        const config = packStackConfig();
        const reading = readResource(args, config.awsRegion);
        if (reading.kind !== "gpu") return;
        const key = JSON.stringify(parsed.assumptions);
        let ctx = contexts.get(key);
        if (!ctx) {
          ctx = stackContext(config, parsed.assumptions, shippedCatalog());
          contexts.set(key, ctx);
        }
        for (const finding of check(reading.resource, ctx)) reportFinding(report, description, finding);
      } catch (e) {
        reportInternalError(report, description, e);
      }
    },
  };
}
