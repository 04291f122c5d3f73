// Speed-ups that reach into @pulumi/policy's internals (BENCHMARKS.md). They apply only to the exact SDK version
// they were written for; with any other version the pack says so in one line on stderr and runs the SDK's own path.
// GPU_BREAKEVEN_SDK_WORKAROUNDS=0 turns them off (the benchmark and a test compare the two).
import { createRequire } from "module";
import { TYPES_POLICIES_READ } from "../src/analysis/registry";
import { currentCall } from "../src/policies/callScope";

/** The @pulumi/policy version these workarounds were written against. */
export const WORKAROUNDS_FOR_SDK = "1.21.0";

/** Applies the workarounds when the installed SDK is the one they were written for. Never prints to stdout. */
export function applySdkWorkarounds(): void {
  if (process.env.GPU_BREAKEVEN_SDK_WORKAROUNDS === "0") return;
  const version = installedSdkVersion();
  if (version !== WORKAROUNDS_FOR_SDK) {
    process.stderr.write(`gpu-breakeven: @pulumi/policy ${version ?? "(unknown version)"} is not ${WORKAROUNDS_FOR_SDK}; running without the SDK speed-ups.\n`);
    return;
  }
  stackPoliciesSeeOnlyWhatThePackReads();
  shareDeserializedProperties();
}

function installedSdkVersion(): string | undefined {
  try {
    // The published package.json says "v1.21.0".
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return (require("@pulumi/policy/package.json") as { version?: string }).version?.replace(/^v/, "");
  } catch {
    return undefined;
  }
}

/**
 * @pulumi/policy 1.21 (server.js makeAnalyzeStackRpcFun) turns every resource of an AnalyzeStack request into
 * plain JavaScript, and wraps it in an unknown-checking proxy, once per stack policy: with ten stack policies,
 * ten copies of a 50,000-resource stack. The request's Struct messages are the same objects for every policy, so
 * the first result is kept per Struct (a WeakMap: it goes with the request) and handed to the later policies; so
 * is the (stateless) proxy around it. Only the plain path (proxySecrets false) is shared. Our policies only read.
 */
function shareDeserializedProperties(): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  share(require("@pulumi/policy/deserialize"), "deserializeProperties", (args) => args[1] === false || args[1] === undefined);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  share(require("@pulumi/policy/proxy"), "unknownCheckingProxy", () => true);
}

/** Replaces `module[name](object, ...)` by a version that returns the first result again for the same object. */
function share(module: Record<string, unknown>, name: string, shareable: (args: unknown[]) => boolean): void {
  const original = module[name];
  const descriptor = Object.getOwnPropertyDescriptor(module, name);
  if (typeof original !== "function" || !descriptor?.writable) return;
  const results = new WeakMap<object, unknown>();
  module[name] = function shared(this: unknown, ...args: unknown[]) {
    const key = args[0];
    if (key === null || typeof key !== "object" || !shareable(args)) return original.apply(this, args);
    const known = results.get(key);
    if (known !== undefined) return known;
    const result = original.apply(this, args);
    results.set(key, result);
    return result;
  };
}

/**
 * Every stack policy reads only the types the registry lists (src/analysis/registry.ts), so AnalyzeStack hands
 * them only those: the SDK then deserializes about a tenth of a typical stack. A dependency on a dropped resource
 * is dropped too, as the SDK drops any URN it cannot resolve; readers only follow dependencies to templates and
 * reservations, which stay.
 *
 * The SDK then builds every resource (options, provider, dependencies) once per stack policy, but only the first stack
 * policy of a call reads them: it computes the analysis the others share (src/policies/sharedAnalysis.ts). So once the
 * call has its analysis, the list the SDK iterates for the next policy is empty.
 */
function stackPoliciesSeeOnlyWhatThePackReads(): void {
  // The copy of the proto module that @pulumi/policy's server decodes requests with.
  const fromPolicy = createRequire(require.resolve("@pulumi/policy"));
  const request = (fromPolicy("@pulumi/pulumi/proto/analyzer_pb") as { AnalyzeStackRequest?: { prototype: Record<string, unknown> } }).AnalyzeStackRequest?.prototype;
  const original = request?.getResourcesList;
  if (!request || typeof original !== "function") return;
  request.getResourcesList = function getReadResourcesList(this: unknown) {
    const all = original.call(this) as { getType(): string }[];
    return untilAnalyzed(all.filter((r) => TYPES_POLICIES_READ.has(r.getType())));
  };
}

/**
 * `list` as the SDK iterates it (for…of, once per stack policy, server.js makeAnalyzeStackRpcFun): whole until the
 * AnalyzeStack call in progress has its shared analysis, empty after. Outside a call (the pack reading the request's
 * secrets before the SDK runs), the list as it is.
 */
function untilAnalyzed<T>(list: T[]): T[] {
  const scope = currentCall();
  if (!scope) return list;
  const whole = list[Symbol.iterator].bind(list);
  Object.defineProperty(list, Symbol.iterator, { value: () => (scope.analysis ? ([] as T[])[Symbol.iterator]() : whole()) });
  return list;
}
