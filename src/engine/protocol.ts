/**
 * Loads the gRPC + protobuf modules the fake engine speaks with, from the SAME module tree as the
 * `@pulumi/pulumi` that the policy pack itself resolves. The generated serializers check messages with
 * `instanceof`, so a second copy of google-protobuf / the proto modules would break every RPC.
 */
import * as path from "path";
import { createRequire } from "module";
import type * as grpcT from "@grpc/grpc-js";
import type * as analyzerPbT from "@pulumi/pulumi/proto/analyzer_pb";
import type * as analyzerGrpcPbT from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import type * as structPbT from "google-protobuf/google/protobuf/struct_pb";
import type * as emptyPbT from "google-protobuf/google/protobuf/empty_pb";
import { SECRET_SIG, SECRET_SIG_KEY } from "../policies/secrets";

export interface ProtocolModules {
  /** Absolute path of the resolved `@pulumi/pulumi/package.json`. */
  sdkPackageJson: string;
  /** Directory of the resolved `@pulumi/pulumi`. */
  sdkDir: string;
  /** Absolute path of `@pulumi/pulumi/cmd/run-policy-pack` (its index.js). */
  runPolicyPack: string;
  grpc: typeof grpcT;
  apb: typeof analyzerPbT;
  AnalyzerClient: typeof analyzerGrpcPbT.AnalyzerClient;
  Struct: typeof structPbT.Struct;
  Empty: typeof emptyPbT.Empty;
}

const cache = new Map<string, ProtocolModules>();

/** Resolves `@pulumi/pulumi/package.json` exactly like the pack process will (from `<packDir>/package.json`). */
export function resolvePulumiSdk(packDir: string): string {
  const packReq = createRequire(path.join(path.resolve(packDir), "package.json"));
  try {
    return packReq.resolve("@pulumi/pulumi/package.json");
  } catch (e) {
    throw new Error(
      `cannot resolve @pulumi/pulumi from policy pack directory ${packDir}: ${(e as Error).message}`,
    );
  }
}

/** Loads (lazily, cached per resolved SDK path) the protocol modules for the pack in `packDir`. */
export function loadProtocol(packDir: string): ProtocolModules {
  const sdkPackageJson = resolvePulumiSdk(packDir);
  const cached = cache.get(sdkPackageJson);
  if (cached) return cached;
  const sdkReq = createRequire(sdkPackageJson);
  const mods: ProtocolModules = {
    sdkPackageJson,
    sdkDir: path.dirname(sdkPackageJson),
    runPolicyPack: sdkReq.resolve("./cmd/run-policy-pack"),
    grpc: sdkReq("@grpc/grpc-js"),
    apb: sdkReq("./proto/analyzer_pb"),
    AnalyzerClient: sdkReq("./proto/analyzer_grpc_pb").AnalyzerClient,
    Struct: sdkReq("google-protobuf/google/protobuf/struct_pb").Struct,
    Empty: sdkReq("google-protobuf/google/protobuf/empty_pb").Empty,
  };
  cache.set(sdkPackageJson, mods);
  return mods;
}

/** Enforcement levels by proto enum value (EnforcementLevel ADVISORY=0, MANDATORY=1, DISABLED=2, REMEDIATE=3). */
export const ENFORCEMENT_LEVELS = ["advisory", "mandatory", "disabled", "remediate"] as const;
export type EnforcementLevel = (typeof ENFORCEMENT_LEVELS)[number];
/** Severities by proto enum value (UNSPECIFIED=0 … CRITICAL=4). */
export const SEVERITIES = ["", "low", "medium", "high", "critical"] as const;
export type Severity = (typeof SEVERITIES)[number];
/** Policy types by proto enum value (UNKNOWN=0, RESOURCE=1, STACK=2). */
export const POLICY_TYPES = ["unknown", "resource", "stack"] as const;
export type PolicyType = (typeof POLICY_TYPES)[number];

export function enforcementLevelFromProto(n: number): EnforcementLevel {
  const l = ENFORCEMENT_LEVELS[n];
  // The engine's convertEnforcementLevel fails on anything else.
  if (!l) throw new Error(`invalid enforcement level ${n}`);
  return l;
}

export function enforcementLevelToProto(l: string): number {
  const i = (ENFORCEMENT_LEVELS as readonly string[]).indexOf(l);
  if (i < 0) throw new Error(`invalid enforcement level ${JSON.stringify(l)}`);
  return i;
}

export function severityFromProto(n: number): Severity {
  return SEVERITIES[n] ?? "";
}

export function policyTypeFromProto(n: number): PolicyType {
  return POLICY_TYPES[n] ?? "unknown";
}

/** Engine's unknown (computed) sentinels as marshalled with KeepUnknowns (see @pulumi/policy proxy.js). */
export { UNKNOWN_STRING } from "../resources/known";
/** Secret signature key/value of the wire form `{[SECRET_SIG_KEY]: SECRET_SIG, value}`: the ones the pack reads secrets by. */
export { SECRET_SIG, SECRET_SIG_KEY };
export function secretValue<T>(value: T): { [SECRET_SIG_KEY]: string; value: T } {
  return { [SECRET_SIG_KEY]: SECRET_SIG, value };
}
