import type { PolicyConfigSchema, ReportViolation, StackValidationPolicy } from "@pulumi/policy";
import type { StackConfigInput } from "../analysis/analyzeStack";
import type { Finding } from "../analysis/findings";
import type { PolicyEntry } from "../analysis/registry";
import { assumptionsConfigSchema, precomputedConfigSchema } from "../assumptions/configSchema";
import { describeFinding } from "../report/describe";
import { currentCall } from "./callScope";
import { keepLateError, sharedAnalysis } from "./sharedAnalysis";

/** What the pack's policies may be given instead of the process's: a clock, and the stack config. */
export interface PolicyOptions {
  now?: () => Date;
  stackConfig?: () => StackConfigInput;
}

/** The env var that fixes the analysis date (an ISO date), e.g. to reproduce a past report or in tests. */
export const NOW_ENV = "GPU_BREAKEVEN_NOW";

/** The analysis date: GPU_BREAKEVEN_NOW when set and valid, else the clock. */
export function packNow(env: NodeJS.ProcessEnv = process.env): Date {
  const fixed = env[NOW_ENV] ? new Date(env[NOW_ENV]!) : undefined;
  return fixed && !Number.isNaN(fixed.getTime()) ? fixed : new Date();
}

/** A registry row as a stack policy that reports its own findings from the shared analysis. */
export function stackPolicy(entry: PolicyEntry, options: PolicyOptions = {}): StackValidationPolicy {
  const now = options.now ?? (() => packNow());
  const schema = configSchemaOf(entry);
  return {
    name: entry.name,
    description: entry.description,
    enforcementLevel: entry.level,
    ...(schema ? { configSchema: schema } : {}),
    validateStack: (args, report) => {
      const scope = currentCall();
      try {
        const analysis = sharedAnalysis({
          resources: args.resources,
          policy: entry.name,
          ownConfig: args.getConfig<Record<string, unknown>>() ?? {},
          now: now(),
          stackConfig: options.stackConfig,
        });
        const late = entry.name === "pack-health" ? scope?.late ?? [] : [];
        for (const finding of [...analysis.findings, ...late]) {
          if (finding.policy === entry.name) reportFinding(report, entry.description, finding, analysis.secrets ?? []);
        }
      } catch (e) {
        keepLateError(scope, e);
      }
    },
  };
}

function configSchemaOf(entry: PolicyEntry): PolicyConfigSchema | undefined {
  if (entry.config === "assumptions") return assumptionsConfigSchema();
  if (entry.config === "catalog-fresh") return precomputedConfigSchema("catalog-fresh");
  return undefined;
}

/** Reports a finding; one the pack could not judge (or that never blocks) goes at advisory level whatever the policy's. */
function reportFinding(report: ReportViolation, description: string, finding: Finding, secrets: readonly string[]): void {
  const message = describeFinding(finding, secrets);
  if (finding.level !== "advisory") {
    report(message, finding.urn);
    return;
  }
  // The SDK accepts a violation object with its own enforcement level (server.js makeReportViolationFun).
  const violation = { message: `${description}\n${message}`, urn: finding.urn, enforcementLevel: "advisory" };
  (report as unknown as (v: typeof violation) => void)(violation);
}
