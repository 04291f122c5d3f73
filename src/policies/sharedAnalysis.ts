import type { PolicyResource } from "@pulumi/policy";
import { analyzePack, internalError } from "../analysis/analyzePack";
import type { StackConfigInput } from "../analysis/analyzeStack";
import type { StackAnalysis } from "../analysis/types";
import { defaultAssumptions } from "../assumptions/parse";
import { compiledCatalog, OVERLAY_ENV } from "../catalog/load";
import { CallScope, currentCall, recordedEngineConfig } from "./callScope";
import { packStackConfig } from "./stackConfig";
import { writeReportIfAsked } from "./writeReport";

/** What a stack policy knows when it asks for the analysis. */
export interface AnalysisRequest {
  resources: PolicyResource[];
  /** This policy's name and its own config (getConfig), for when the engine's Configure call was not seen. */
  policy: string;
  ownConfig: Record<string, unknown>;
  now: Date;
  /** The stack config, when not the process's (PULUMI_CONFIG). */
  stackConfig?: () => StackConfigInput;
}

/**
 * The stack's analysis, computed once per AnalyzeStack call and shared by every stack policy of that call
 * (each call has its own scope: concurrent calls never share figures). The report is written once, with it.
 * Outside a call scope (a policy called directly), it is computed afresh.
 */
export function sharedAnalysis(request: AnalysisRequest): StackAnalysis {
  const scope = currentCall();
  if (scope?.analysis) return scope.analysis;
  const analysis = computeAnalysis(request, scope);
  if (scope) scope.analysis = analysis;
  return analysis;
}

function computeAnalysis(request: AnalysisRequest, scope: CallScope | undefined): StackAnalysis {
  const engine = recordedEngineConfig();
  try {
    const policyConfig = engine
      ? Object.fromEntries(Object.entries(engine).map(([name, c]) => [name, c.properties]))
      : { [request.policy]: request.ownConfig };
    const analysis = analyzePack({
      resources: request.resources,
      stackConfig: (request.stackConfig ?? packStackConfig)(),
      policyConfig,
      // The overlay (GPU_BREAKEVEN_CATALOG_OVERLAY, else the policy config's catalogOverlay) is applied by the analysis,
      // which reports one that cannot be used as a pack-health finding.
      catalog: compiledCatalog(),
      overlayEnv: process.env[OVERLAY_ENV] || undefined,
      now: request.now,
      secrets: scope?.secrets,
      secretPaths: scope?.secretPaths,
    });
    const notWritten = writeReportIfAsked(analysis, engine);
    return notWritten ? { ...analysis, findings: [...analysis.findings, notWritten] } : analysis;
  } catch (e) {
    return { assumptions: defaultAssumptions(), catalogAsOf: compiledCatalog().asOf, workloads: [], findings: [internalError(e)] };
  }
}

/** Keeps an error met while reporting, for pack-health to report (it runs last). */
export function keepLateError(scope: CallScope | undefined, error: unknown): void {
  scope?.late.push(internalError(error));
}
