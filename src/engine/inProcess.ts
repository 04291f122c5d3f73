// The pack's policies run in this process the way the spawned pack runs them: the SDK's own AnalyzeStack handler
// (@pulumi/policy/server makeAnalyzeStackRpcFun) with the engine's request message, the policy config reconciled
// as the engine does it, and the pack's Configure hook fed directly. Used by the fast tests; the spawned-pack
// tests (test/engine-protocol.test.ts) prove that the process boundary changes nothing.
import type { PolicyConfigSchema } from "@pulumi/policy";
import * as path from "path";
import { gpuBreakevenPolicies } from "../policies";
import { EnginePolicyConfig, inAnalyzeStackCall, packLevel, recordEngineConfig } from "../policies/callScope";
import { requestSecrets } from "../policies/secrets";
import { markStackConfigSecrets, stackConfigInput } from "../policies/stackConfig";
import { analyzeStackRequest } from "./messages";
import { parsePolicyPackConfig, PolicyPackConfigFile, reconcilePolicyPackConfig } from "./policyConfig";
import { enforcementLevelFromProto, loadProtocol, severityFromProto } from "./protocol";
import type { EngineResource } from "./resource";
import type { EngineDiagnostic } from "./session";

/** The pack's folder: its package.json resolves the same @pulumi/pulumi (and proto modules) the SDK uses here. */
const PACK_DIR = path.resolve(__dirname, "..", "..", "policy-pack");

/** What one in-process preview takes: the stack's resources and config, the policy config, and the date. */
export interface InProcessPreview {
  resources: EngineResource[];
  /** The stack config as the engine passes it (PULUMI_CONFIG): "ns:key" → string. */
  stackConfig: Record<string, string>;
  policyConfig?: PolicyPackConfigFile;
  now: Date;
  /** The stack config keys set with --secret (the engine's PULUMI_CONFIG_SECRET_KEYS). */
  secretConfigKeys?: string[];
}

type Rpc = (call: { request: unknown }, callback: (error: unknown, response?: AnalyzeResponse) => void) => void;
interface AnalyzeResponse {
  getDiagnosticsList(): {
    getPolicyname(): string;
    getPolicypackname(): string;
    getPolicypackversion(): string;
    getDescription(): string;
    getMessage(): string;
    getEnforcementlevel(): number;
    getUrn(): string;
    getSeverity?(): number;
  }[];
}

/** Runs every stack policy of the pack on `resources` in this process and returns the diagnostics the engine would get. */
export async function previewInProcess(opts: InProcessPreview): Promise<EngineDiagnostic[]> {
  const stackConfig = stackConfigInput(opts.stackConfig);
  markStackConfigSecrets(stackConfig, opts.secretConfigKeys ?? []);
  const pack = gpuBreakevenPolicies({ now: () => opts.now, stackConfig: () => stackConfig });
  // Reconciled from the schemas the policies publish, as the engine reconciles them from GetAnalyzerInfo.
  const reconciled = reconcilePolicyPackConfig(
    { name: "gpu-breakeven", policies: pack.map((p) => ({ name: p.name, enforcementLevel: p.enforcementLevel ?? "advisory", configSchema: engineSchema(p.configSchema) })) },
    undefined,
    parsePolicyPackConfig(opts.policyConfig ?? {}),
  );
  const engineConfig: Record<string, EnginePolicyConfig> = {};
  for (const [name, c] of Object.entries(reconciled)) engineConfig[name] = { level: packLevel(c.enforcementLevel), properties: c.properties ?? {} };
  recordEngineConfig(engineConfig);
  const policies = pack.map((p) => ({ ...p, enforcementLevel: reconciled[p.name]?.enforcementLevel ?? p.enforcementLevel }));
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const server = require("@pulumi/policy/server") as { makeAnalyzeStackRpcFun(name: string, version: string, level: string, policies: unknown[]): Rpc };
  const rpc = server.makeAnalyzeStackRpcFun("gpu-breakeven", "0.1.0", "advisory", policies);
  const request = analyzeStackRequest(loadProtocol(PACK_DIR), opts.resources);
  const response = await new Promise<AnalyzeResponse>((resolve, reject) =>
    inAnalyzeStackCall(() => rpc({ request }, (error, r) => (error || !r ? reject(error) : resolve(r))), requestSecrets(request)),
  );
  return response.getDiagnosticsList().map((d) => ({
    policyName: d.getPolicyname(),
    policyPackName: d.getPolicypackname(),
    policyPackVersion: d.getPolicypackversion(),
    description: d.getDescription(),
    message: d.getMessage(),
    enforcementLevel: enforcementLevelFromProto(d.getEnforcementlevel()),
    urn: d.getUrn(),
    severity: severityFromProto(d.getSeverity?.() ?? 0),
    phase: "analyzeStack",
  }));
}

/** A policy's published config schema as the engine's GetAnalyzerInfo carries it: properties and required keys. */
function engineSchema(schema: PolicyConfigSchema | undefined): { properties: Record<string, unknown>; required: string[] } | undefined {
  return schema && { properties: schema.properties as Record<string, unknown>, required: schema.required ?? [] };
}
