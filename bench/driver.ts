/**
 * A lean fake engine for benchmarks: spawns a pack exactly like the CLI (src/engine/packProcess.ts), runs the
 * engine's opening sequence (Handshake, ConfigureStack, GetPluginInfo, GetAnalyzerInfo, Configure with the schema
 * defaults reconciled as the engine does), then sends requests that were serialized once beforehand, so a
 * timing holds the RPC and the pack's work, not the harness building protobuf messages in JavaScript
 * (the real engine marshals in Go).
 */
import * as fs from "fs";
import { loadProtocol, enforcementLevelFromProto, enforcementLevelToProto, policyTypeFromProto } from "../src/engine/protocol";
import { spawnPolicyPack } from "../src/engine/packProcess";
import { parsePolicyPackConfig, PolicyPackConfigFile, reconcilePolicyPackConfig, ReconcilePolicyInfo } from "../src/engine/policyConfig";
import type { EngineResource } from "../src/engine/resource";
import { analyzeRequest, analyzeStackRequest, struct } from "../src/engine/messages";
import type * as apbT from "@pulumi/pulumi/proto/analyzer_pb";

export interface BenchDiagnostic {
  policyName: string;
  message: string;
  level: string;
  urn: string;
}

export interface BenchPack {
  startMs: number;
  pid: number;
  policies: { name: string; type: string }[];
  /**
   * One AnalyzeStack with a pre-serialized request: `ms` is the wall time around the RPC, `cpuMs` the CPU time
   * the pack process (all its threads, GC included) spent meanwhile, which other load on the machine disturbs less.
   */
  analyzeStack(request: Buffer): Promise<{ ms: number; cpuMs: number; diagnostics: BenchDiagnostic[] }>;
  /** Remediate then Analyze, as the engine does per resource. */
  analyzeResource(request: Buffer): Promise<BenchDiagnostic[]>;
  stderr(): string;
  /** Lines the pack printed on stdout after its port (the engine shows them as info diagnostics). */
  stdout(): string[];
  close(): Promise<void>;
}

const MAX_MSG = 1024 * 1024 * 400;

/** Peak resident memory of a live process so far, in MiB (Linux /proc VmHWM); NaN elsewhere. */
export function peakRssMiB(pid: number): number {
  try {
    const line = fs.readFileSync(`/proc/${pid}/status`, "utf8").split("\n").find((l) => l.startsWith("VmHWM:"));
    return line ? Number(line.split(/\s+/)[1]) / 1024 : NaN;
  } catch {
    return NaN;
  }
}

/** CPU time of every thread of a process so far, in ms (Linux /proc schedstat, ns resolution); NaN elsewhere. */
export function processCpuMs(pid: number): number {
  try {
    let ns = 0;
    for (const task of fs.readdirSync(`/proc/${pid}/task`)) {
      ns += Number(fs.readFileSync(`/proc/${pid}/task/${task}/schedstat`, "utf8").split(" ")[0]);
    }
    return ns / 1e6;
  } catch {
    return NaN;
  }
}



/** The AnalyzeStackRequest of `resources`, serialized (every field the engine sends). */
export function serializeStackRequest(packDir: string, resources: EngineResource[]): Buffer {
  return Buffer.from(analyzeStackRequest(loadProtocol(packDir), resources).serializeBinary());
}

/** One AnalyzeRequest (Remediate and Analyze take the same message), serialized. */
export function serializeAnalyzeRequest(packDir: string, r: EngineResource): Buffer {
  return Buffer.from(analyzeRequest(loadProtocol(packDir), r).serializeBinary());
}

export async function openBenchPack(opts: {
  packDir: string;
  stackConfig: Record<string, string>;
  env?: Record<string, string>;
  /** A --policy-pack-config file's content, reconciled with the schema defaults and validated as the engine does. */
  policyConfig?: Record<string, unknown>;
  /** Sent to Configure as it is, without the engine's reconciliation or schema validation (hostile-input tests). */
  rawPolicyConfig?: Record<string, { enforcementLevel: string; properties: Record<string, unknown> }>;
}): Promise<BenchPack> {
  const P = loadProtocol(opts.packDir);
  const { grpc, apb, Empty } = P;
  const proc = await spawnPolicyPack({ packDir: opts.packDir, stackConfig: opts.stackConfig, project: "bench", stack: "synthetic", organization: "acme", dryRun: true, env: opts.env });
  const client = new P.AnalyzerClient(`127.0.0.1:${proc.port}`, grpc.credentials.createInsecure(), {
    "grpc.max_receive_message_length": MAX_MSG,
    "grpc.max_send_message_length": MAX_MSG,
  });
  const call = <Res>(method: string, req: unknown): Promise<Res> =>
    new Promise((resolve, reject) =>
      (client as unknown as Record<string, Function>)[method](req, (e: Error | null, r: Res) => (e ? reject(new Error(`${method}: ${e.message}\n${proc.stderr()}`)) : resolve(r))),
    );
  // Raw unary call with a pre-serialized request.
  const raw = <Res>(path: string, body: Buffer, decode: (b: Uint8Array) => Res): Promise<Res> =>
    new Promise((resolve, reject) =>
      client.makeUnaryRequest(path, (b: Buffer) => b, decode, body, (e: Error | null, r?: Res) =>
        e ? reject(new Error(`${path}: ${e.message}\n${proc.stderr()}`)) : resolve(r!),
      ),
    );
  const toDiagnostics = (res: apbT.AnalyzeResponse): BenchDiagnostic[] =>
    res.getDiagnosticsList().map((d) => ({
      policyName: d.getPolicyname(),
      message: d.getMessage(),
      level: enforcementLevelFromProto(d.getEnforcementlevel()),
      urn: d.getUrn(),
    }));

  try {
    const hs = new apb.AnalyzerHandshakeRequest();
    hs.setEngineAddress("127.0.0.1:1");
    await call("handshake", hs).catch(() => undefined); // @pulumi/policy answers UNIMPLEMENTED
    const cs = new apb.AnalyzerStackConfigureRequest();
    cs.setStack("synthetic");
    cs.setProject("bench");
    cs.setOrganization("acme");
    cs.setDryRun(true);
    for (const [k, v] of Object.entries(opts.stackConfig)) cs.getConfigMap().set(k, v);
    await call("configureStack", cs);
    await call("getPluginInfo", new Empty());
    const info = await call<apbT.AnalyzerInfo>("getAnalyzerInfo", new Empty());
    const policies: ReconcilePolicyInfo[] = info.getPoliciesList().map((p) => {
      const s = p.getConfigschema();
      return {
        name: p.getName(),
        enforcementLevel: enforcementLevelFromProto(p.getEnforcementlevel()),
        ...(s ? { configSchema: { properties: (s.getProperties()?.toJavaScript() ?? {}) as Record<string, unknown>, required: s.getRequiredList() } } : {}),
      };
    });
    const reconciled = opts.rawPolicyConfig ?? reconcilePolicyPackConfig({ name: info.getName(), policies }, undefined, parsePolicyPackConfig(opts.policyConfig as PolicyPackConfigFile | undefined));
    const cfg = new apb.ConfigureAnalyzerRequest();
    for (const [k, v] of Object.entries(reconciled)) {
      const pc = new apb.PolicyConfig();
      pc.setEnforcementlevel(enforcementLevelToProto(v.enforcementLevel || "advisory"));
      pc.setProperties(struct(P, v.properties));
      cfg.getPolicyconfigMap().set(k, pc);
    }
    await call("configure", cfg);
    return {
      startMs: proc.startMs,
      pid: proc.pid,
      policies: info.getPoliciesList().map((p) => ({ name: p.getName(), type: policyTypeFromProto(p.getPolicyType()) })),
      async analyzeStack(request) {
        const cpu0 = processCpuMs(proc.pid);
        const t0 = process.hrtime.bigint();
        const res = await raw("/pulumirpc.Analyzer/AnalyzeStack", request, (b) => apb.AnalyzeResponse.deserializeBinary(b));
        const ms = Number(process.hrtime.bigint() - t0) / 1e6;
        return { ms, cpuMs: processCpuMs(proc.pid) - cpu0, diagnostics: toDiagnostics(res) };
      },
      async analyzeResource(request) {
        const rem = await raw("/pulumirpc.Analyzer/Remediate", request, (b) => apb.RemediateResponse.deserializeBinary(b));
        const out: BenchDiagnostic[] = rem.getRemediationsList().map((t) => ({ policyName: t.getPolicyname(), message: t.getDiagnostic(), level: "remediate", urn: "" }));
        const res = await raw("/pulumirpc.Analyzer/Analyze", request, (b) => apb.AnalyzeResponse.deserializeBinary(b));
        return [...out, ...toDiagnostics(res)];
      },
      stderr: () => proc.stderr(),
      stdout: () => proc.stdoutLines(),
      async close() {
        client.close();
        await proc.close();
      },
    };
  } catch (e) {
    client.close();
    await proc.close();
    throw e;
  }
}
