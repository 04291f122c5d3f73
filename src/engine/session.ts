/**
 * A fake Pulumi engine for a Node.js policy pack: spawns the pack like the CLI and drives it over the
 * Analyzer gRPC protocol in the engine's order (Handshake, ConfigureStack, GetPluginInfo, GetAnalyzerInfo,
 * Configure, then Remediate+Analyze per resource, then AnalyzeStack).
 * See docs/engine-differences.md and pulumi/pulumi analyzer_plugin.go.
 */
import * as fs from "fs";
import * as path from "path";
import { parse as parseYaml } from "yaml";
import {
  loadProtocol,
  ProtocolModules,
  enforcementLevelFromProto,
  enforcementLevelToProto,
  severityFromProto,
  policyTypeFromProto,
  EnforcementLevel,
  Severity,
  PolicyType,
} from "./protocol";
import { spawnPolicyPack, PolicyPackProcess } from "./packProcess";
import {
  AnalyzerPolicyConfig,
  PolicyPackConfigFile,
  isValidLevel,
  parsePolicyPackConfig,
  reconcilePolicyPackConfig,
} from "./policyConfig";
import type * as apbT from "@pulumi/pulumi/proto/analyzer_pb";

export type { PolicyPackConfigFile } from "./policyConfig";

import { analyzeRequest, analyzeStackRequest, struct } from "./messages";
import type { EngineResource } from "./resource";
export type { EngineProviderResource, EngineResource } from "./resource";

export interface EngineDiagnostic {
  policyName: string;
  policyPackName: string;
  policyPackVersion: string;
  description: string;
  message: string;
  enforcementLevel: EnforcementLevel;
  urn: string;
  severity: Severity;
  phase: "analyze" | "analyzeStack" | "remediate";
  /** The urn of the resource being analyzed (analyze/remediate phases). */
  resourceUrn?: string;
}

export interface PolicyInfo {
  name: string;
  description: string;
  enforcementLevel: EnforcementLevel;
  policyType: PolicyType;
  severity: Severity;
  configSchema?: { properties: Record<string, unknown>; required: string[] };
}

export interface PackInfo {
  name: string;
  displayName: string;
  /** PulumiPolicy.yaml `version:` if set (like the engine), else the pack's package.json version. */
  version: string;
  description: string;
  supportsConfig: boolean;
  /** Sorted by name, like the engine. */
  policies: PolicyInfo[];
  /** The @pulumi/policy version (GetPluginInfo). */
  pluginVersion: string;
  /** The pack's initialConfig as the engine sees it (a level-less entry reads as "advisory"). */
  initialConfig: Record<string, AnalyzerPolicyConfig>;
}

export interface OpenOpts {
  packDir: string;
  stackConfig?: Record<string, string>;
  project?: string;
  stack?: string;
  organization?: string;
  /** Default true (preview). */
  dryRun?: boolean;
  stackTags?: Record<string, string>;
  env?: Record<string, string>;
  startTimeoutMs?: number;
  /** Deadline per RPC (DEADLINE_EXCEEDED after it); default 120 s. The engine sets none, but a pack bug can
   * leave an RPC unanswered forever (e.g. @pulumi/policy's Remediate on an unrecognized signature). */
  rpcTimeoutMs?: number;
}

export type ReconciledPolicyConfig = Record<string, { enforcementLevel: string; properties: Record<string, unknown> }>;

export interface AnalyzeResult {
  diagnostics: EngineDiagnostic[];
  /** Properties after remediations (what Analyze was called with). */
  properties: Record<string, unknown>;
  notApplicable: { policyName: string; reason: string }[];
}

export interface PolicyPackSession {
  info: PackInfo;
  /** The pack's process id. */
  pid: number;
  /** Milliseconds from spawn to the port line, and to the end of GetAnalyzerInfo. */
  timings: { startMs: number; openMs: number };
  configure(userConfig?: PolicyPackConfigFile | string): Promise<ReconciledPolicyConfig>;
  analyze(resource: EngineResource): Promise<EngineDiagnostic[]>;
  analyzeDetailed(resource: EngineResource): Promise<AnalyzeResult>;
  analyzeStack(resources: EngineResource[]): Promise<EngineDiagnostic[]>;
  output(): { stdout: string[]; stderr: string };
  close(): Promise<void>;
}

/** An RPC failure: `<Method> failed: <STATUS>: <details>`. */
export class EngineRpcError extends Error {
  constructor(
    readonly method: string,
    readonly code: number,
    readonly statusName: string,
    readonly details: string,
  ) {
    super(`${method} failed: ${statusName}: ${details}`);
    this.name = "EngineRpcError";
  }
}

const MAX_MSG = 1024 * 1024 * 400;


function readPolicyYaml(packDir: string): { version?: string; description?: string } {
  const file = path.join(packDir, "PulumiPolicy.yaml");
  if (!fs.existsSync(file)) return {};
  const doc = parseYaml(fs.readFileSync(file, "utf8")) as Record<string, unknown> | null;
  const out: { version?: string; description?: string } = {};
  if (doc && doc.version !== undefined && doc.version !== null && String(doc.version) !== "") out.version = String(doc.version);
  if (doc && typeof doc.description === "string") out.description = doc.description;
  return out;
}

export async function openPolicyPack(opts: OpenOpts): Promise<PolicyPackSession> {
  const packDir = path.resolve(opts.packDir);
  const t0 = Date.now();
  const P: ProtocolModules = loadProtocol(packDir);
  const { grpc, apb, Empty } = P;
  const yamlInfo = readPolicyYaml(packDir);
  const proc: PolicyPackProcess = await spawnPolicyPack({ ...opts, packDir });
  const client = new P.AnalyzerClient(`127.0.0.1:${proc.port}`, grpc.credentials.createInsecure(), {
    "grpc.max_receive_message_length": MAX_MSG,
    "grpc.max_send_message_length": MAX_MSG,
  });
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    client.close();
    await proc.close();
  };

  const rpc = <Res>(method: string, req: unknown): Promise<Res> =>
    new Promise<Res>((resolve, reject) => {
      const name = method[0].toLowerCase() + method.slice(1);
      const fn = (client as unknown as Record<string, Function>)[name];
      const deadline = new Date(Date.now() + (opts.rpcTimeoutMs ?? 120_000));
      const cb = (err: (Error & { code?: number; details?: string }) | null, res: Res) => {
        if (!err) return resolve(res);
        const code = err.code ?? grpc.status.UNKNOWN;
        const statusName = (grpc.status as unknown as Record<number, string>)[code] ?? String(code);
        let details = err.details ?? err.message;
        if (proc.exited()) {
          const se = proc.stderr().trim();
          details += ` (the policy pack process has exited${se ? `; stderr:\n${se}` : ""})`;
        }
        reject(new EngineRpcError(method, code, statusName, details));
      };
      try {
        fn.call(client, req, new grpc.Metadata(), { deadline }, cb);
      } catch (e) {
        // e.g. "Channel has been shut down" after close()
        reject(new EngineRpcError(method, grpc.status.UNAVAILABLE, "UNAVAILABLE", (e as Error).message));
      }
    });

  const isUnimplemented = (e: unknown) => e instanceof EngineRpcError && e.code === grpc.status.UNIMPLEMENTED;

  let info: PackInfo;
  try {
    // 1. Handshake (legacy path). @pulumi/policy answers UNIMPLEMENTED, which the engine accepts.
    const hs = new apb.AnalyzerHandshakeRequest();
    hs.setEngineAddress("127.0.0.1:1");
    hs.setRootDirectory(packDir);
    hs.setProgramDirectory(packDir);
    await rpc("Handshake", hs).catch((e) => {
      if (!isUnimplemented(e)) throw e;
    });

    // 2. ConfigureStack.
    const cs = new apb.AnalyzerStackConfigureRequest();
    cs.setStack(opts.stack ?? "");
    cs.setProject(opts.project ?? "");
    cs.setOrganization(opts.organization ?? "");
    cs.setDryRun(opts.dryRun ?? true);
    for (const [k, v] of Object.entries(opts.stackConfig ?? {})) cs.getConfigMap().set(k, v);
    for (const [k, v] of Object.entries(opts.stackTags ?? {})) cs.getTagsMap().set(k, v);
    await rpc("ConfigureStack", cs).catch((e) => {
      if (!isUnimplemented(e)) throw e;
    });

    // 3. GetPluginInfo.
    const plugin = await rpc<{ getVersion(): string }>("GetPluginInfo", new Empty());

    // 4. GetAnalyzerInfo.
    const ai = await rpc<apbT.AnalyzerInfo>("GetAnalyzerInfo", new Empty());
    const policies: PolicyInfo[] = ai.getPoliciesList().map((p) => {
      const s = p.getConfigschema();
      const pi: PolicyInfo = {
        name: p.getName(),
        description: p.getDescription(),
        enforcementLevel: enforcementLevelFromProto(p.getEnforcementlevel()),
        policyType: policyTypeFromProto(p.getPolicyType()),
        severity: severityFromProto(p.getSeverity()),
      };
      if (s) {
        pi.configSchema = {
          properties: (s.getProperties()?.toJavaScript() ?? {}) as Record<string, unknown>,
          required: s.getRequiredList(),
        };
      }
      return pi;
    });
    policies.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const initialConfig: Record<string, AnalyzerPolicyConfig> = {};
    ai.getInitialconfigMap().forEach((v: apbT.PolicyConfig, k: string) => {
      initialConfig[k] = {
        // Proto default 0 = ADVISORY: a level-less initialConfig entry reads as "advisory" in the engine.
        enforcementLevel: enforcementLevelFromProto(v.getEnforcementlevel()),
        properties: (v.getProperties()?.toJavaScript() ?? {}) as Record<string, unknown>,
      };
    });
    info = {
      name: ai.getName(),
      displayName: ai.getDisplayname(),
      version: yamlInfo.version ?? ai.getVersion(),
      description: ai.getDescription() || yamlInfo.description || "",
      supportsConfig: ai.getSupportsconfig(),
      policies,
      pluginVersion: plugin.getVersion(),
      initialConfig,
    };
  } catch (e) {
    await close();
    throw e;
  }
  const openMs = Date.now() - t0;
  // What GetAnalyzerInfo reported, before any Configure (every configure() reconciles from this).
  const basePolicies = structuredClone(info.policies);

  const severityOf = (policyName: string): Severity =>
    info.policies.find((p) => p.name === policyName)?.severity ?? "";

  const convertDiagnostics = (
    ds: apbT.AnalyzeDiagnostic[],
    phase: EngineDiagnostic["phase"],
    resourceUrn?: string,
  ): EngineDiagnostic[] =>
    ds.map((d) => {
      const sev = severityFromProto(d.getSeverity());
      const out: EngineDiagnostic = {
        policyName: d.getPolicyname(),
        policyPackName: d.getPolicypackname(),
        policyPackVersion: yamlInfo.version ?? d.getPolicypackversion(),
        description: d.getDescription(),
        message: d.getMessage(),
        enforcementLevel: enforcementLevelFromProto(d.getEnforcementlevel()),
        urn: d.getUrn(),
        severity: sev || severityOf(d.getPolicyname()),
        phase,
      };
      if (resourceUrn !== undefined) out.resourceUrn = resourceUrn;
      return out;
    });

  const notApplicableOf = (list: apbT.PolicyNotApplicable[]) =>
    list.map((n) => ({ policyName: n.getPolicyName(), reason: n.getReason() }));

  const analyzeDetailed = async (r: EngineResource): Promise<AnalyzeResult> => {
    const diagnostics: EngineDiagnostic[] = [];
    const notApplicable: AnalyzeResult["notApplicable"] = [];
    let props = r.properties ?? {};
    // Remediate first (step_generator.go): diagnostics become advisory violations on the resource,
    // remediated properties replace the inputs for Analyze.
    try {
      const rem = await rpc<apbT.RemediateResponse>("Remediate", analyzeRequest(P, r, props));
      for (const t of rem.getRemediationsList()) {
        if (t.getDiagnostic() !== "") {
          diagnostics.push({
            policyName: t.getPolicyname(),
            policyPackName: t.getPolicypackname(),
            policyPackVersion: yamlInfo.version ?? t.getPolicypackversion(),
            description: t.getDescription(),
            message: t.getDiagnostic(),
            enforcementLevel: "advisory",
            urn: r.urn,
            severity: "",
            phase: "remediate",
            resourceUrn: r.urn,
          });
        } else if (t.hasProperties()) {
          props = (t.getProperties()!.toJavaScript() ?? {}) as Record<string, unknown>;
        }
      }
      notApplicable.push(...notApplicableOf(rem.getNotApplicableList()));
    } catch (e) {
      if (!isUnimplemented(e)) throw e;
    }
    const res = await rpc<apbT.AnalyzeResponse>("Analyze", analyzeRequest(P, r, props));
    diagnostics.push(...convertDiagnostics(res.getDiagnosticsList(), "analyze", r.urn));
    notApplicable.push(...notApplicableOf(res.getNotApplicableList()));
    return { diagnostics, properties: props, notApplicable };
  };

  const session: PolicyPackSession = {
    info,
    pid: proc.pid,
    timings: { startMs: proc.startMs, openMs },

    async configure(userConfig) {
      const parsed = parsePolicyPackConfig(userConfig as PolicyPackConfigFile | string | undefined);
      const reconciled = reconcilePolicyPackConfig(
        { name: info.name, version: info.version, policies: basePolicies },
        info.initialConfig,
        parsed,
      );
      const out: ReconciledPolicyConfig = {};
      const req = new apb.ConfigureAnalyzerRequest();
      for (const [k, v] of Object.entries(reconciled)) {
        if (!isValidLevel(v.enforcementLevel)) {
          throw new Error(`configuring policy pack ${JSON.stringify(info.name)}: invalid enforcement level ${JSON.stringify(v.enforcementLevel)}`);
        }
        const properties = v.properties ?? {};
        const pc = new apb.PolicyConfig();
        pc.setEnforcementlevel(enforcementLevelToProto(v.enforcementLevel));
        pc.setProperties(struct(P, properties)); // always set (pack needs it)
        req.getPolicyconfigMap().set(k, pc);
        out[k] = { enforcementLevel: v.enforcementLevel, properties };
      }
      if (Object.keys(out).length === 0) return out; // the engine returns early on an empty config
      await rpc("Configure", req);
      // Like the engine, the cached info now carries the configured levels.
      for (const p of info.policies) {
        const c = out[p.name];
        if (c) p.enforcementLevel = c.enforcementLevel as EnforcementLevel;
      }
      return out;
    },

    async analyze(resource) {
      return (await analyzeDetailed(resource)).diagnostics;
    },

    analyzeDetailed,

    async analyzeStack(resources) {
      const req = analyzeStackRequest(P, resources);
      try {
        const res = await rpc<apbT.AnalyzeResponse>("AnalyzeStack", req);
        const known = new Set(resources.map((r) => r.urn));
        const root = `urn:pulumi:${opts.stack ?? ""}::${opts.project ?? ""}::pulumi:pulumi:Stack::${opts.project ?? ""}-${opts.stack ?? ""}`;
        return convertDiagnostics(res.getDiagnosticsList(), "analyzeStack").map((d) => (known.has(d.urn) ? d : { ...d, urn: root }));
      } catch (e) {
        if (isUnimplemented(e)) return []; // the engine skips packs without AnalyzeStack
        throw e;
      }
    },

    output() {
      return { stdout: proc.stdoutLines(), stderr: proc.stderr() };
    },

    close,
  };
  return session;
}

/**
 * The whole preview sequence: open, Configure (only if the pack supports config), Remediate+Analyze per
 * resource, AnalyzeStack, close (always, also on error).
 */
export async function runPolicyPack(
  opts: OpenOpts & { policyConfig?: PolicyPackConfigFile | string; resources: EngineResource[] },
): Promise<{ info: PackInfo; diagnostics: EngineDiagnostic[]; stderr: string; stdout: string[] }> {
  const session = await openPolicyPack(opts);
  try {
    if (session.info.supportsConfig) {
      await session.configure(opts.policyConfig);
    } else if (opts.policyConfig !== undefined) {
      throw new Error(`policy pack ${JSON.stringify(session.info.name)} at ${JSON.stringify(opts.packDir)} does not support config`);
    }
    const diagnostics: EngineDiagnostic[] = [];
    for (const r of opts.resources) diagnostics.push(...(await session.analyze(r)));
    diagnostics.push(...(await session.analyzeStack(opts.resources)));
    const out = session.output();
    return { info: session.info, diagnostics, stderr: out.stderr, stdout: out.stdout };
  } finally {
    await session.close();
  }
}
