import type { StackValidationPolicy } from "@pulumi/policy";
import type { PolicyName } from "../analysis/types";
import { assumptionsConfigSchema } from "../assumptions/configSchema";
import { parseAssumptions } from "../assumptions/parse";
import type { Assumptions } from "../assumptions/schema";
import { DEFAULT_LEVELS } from "./defaultLevels";
import { reportFinding, reportInternalError } from "./report";
import { sharedAnalysis } from "./sharedAnalysis";

/**
 * A stack policy that reports its own findings from the shared stack analysis. Cost policies carry the
 * assumptions schema; the others take no config, so an organisation sets the assumptions where they matter.
 */
export function stackPolicy(
  name: PolicyName,
  description: string,
  options: { usesAssumptions: boolean },
): StackValidationPolicy {
  return {
    name,
    description,
    enforcementLevel: DEFAULT_LEVELS[name],
    ...(options.usesAssumptions ? { configSchema: assumptionsConfigSchema() } : {}),
    validateStack: (args, report) => {
      try {
        let assumptions: Assumptions | undefined;
        if (options.usesAssumptions) {
          const parsed = parseAssumptions(args.getConfig(), name);
          if (!parsed.ok) {
            report(`The policy config is invalid, so this policy did not run:\n${parsed.problems.map((p) => `  - ${p}`).join("\n")}`);
            return;
          }
          assumptions = parsed.assumptions;
        }
        const { analysis, divergesFromFirst } = sharedAnalysis(args.resources, assumptions);
        if (divergesFromFirst) {
          reportFinding(report, description, {
            policy: name,
            level: "advisory",
            message: `This policy's cost assumptions differ from those of the first cost policy that ran, so their figures disagree. ` +
              `Set the same assumptions on every cost policy in the policy config (the "all" key carries only the enforcement level).`,
          });
        }
        for (const finding of analysis.findings) {
          if (finding.policy === name) reportFinding(report, description, finding);
        }
      } catch (e) {
        reportInternalError(report, description, e);
      }
    },
  };
}
