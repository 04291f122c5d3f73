// The entry point the Pulumi engine loads (compiled to dist/index.js by `npm run build`).
// Nothing here may print to stdout: the engine reads the pack's port from its first stdout line.
import { createRequire } from "module";
import { PolicyPack } from "@pulumi/policy";
import { gpuBreakevenPolicies } from "../src/policies";
import { LAUNCH_CONFIGURATION, LAUNCH_TEMPLATE } from "../src/resources/launchTemplates";
import { GPU_RESOURCE_TYPES } from "../src/resources/readStack";

/**
 * The resource types the pack's stack policies read (src/resources/readStack.ts: the GPU capacity kinds and the
 * launch templates they join). Every stack policy gets its resources through readStack, which ignores every
 * other type, so AnalyzeStack hands the policies only these: @pulumi/policy then deserializes and wraps about a
 * tenth of a typical stack instead of all of it, and the findings are the same (test/startup.test.ts compares
 * them on a synthetic stack of every kind). A dependency on a dropped resource is dropped from `dependencies`
 * too, as the SDK drops any URN it cannot resolve; readers only follow dependencies to templates and
 * reservations, which stay. A new policy that needs other resource types must add them here.
 */
export const TYPES_STACK_POLICIES_READ: ReadonlySet<string> = new Set([...GPU_RESOURCE_TYPES, LAUNCH_TEMPLATE, LAUNCH_CONFIGURATION]);

// Both are turned off by GPU_BREAKEVEN_SDK_WORKAROUNDS=0 (the benchmark and a test compare the two).
if (process.env.GPU_BREAKEVEN_SDK_WORKAROUNDS !== "0") {
  stackPoliciesSeeOnlyWhatThePackReads();
  shareDeserializedProperties();
}

new PolicyPack("gpu-breakeven", {
  description: "Should this GPU fleet exist, or would a managed LLM API be cheaper for the tokens it serves?",
  policies: gpuBreakevenPolicies(),
});

/**
 * @pulumi/policy 1.21 (server.js makeAnalyzeStackRpcFun) turns every resource of an AnalyzeStack request into
 * plain JavaScript, and wraps it in an unknown-checking proxy, once per stack policy: with nine stack policies,
 * nine copies of a 50,000-resource stack, which was most of the time a large stack took (BENCHMARKS.md). The
 * request's Struct messages are the same objects for every policy, so the first result is kept per Struct (a
 * WeakMap: it goes with the request) and handed to the later policies; so is the (stateless) proxy around it.
 * Only the plain path (proxySecrets false) is shared: Remediate's secret-preserving copies are left alone.
 * Our policies only read the properties. If the SDK's module shape ever changes, this does nothing and the SDK
 * works as before.
 */
function shareDeserializedProperties(): void {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    share(require("@pulumi/policy/deserialize"), "deserializeProperties", (args) => args[1] === false || args[1] === undefined);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    share(require("@pulumi/policy/proxy"), "unknownCheckingProxy", () => true);
  } catch {
    // The SDK's layout differs: keep its own behaviour.
  }
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

function stackPoliciesSeeOnlyWhatThePackReads(): void {
  try {
    // The copy of the proto module that @pulumi/policy's server decodes requests with.
    const fromPolicy = createRequire(require.resolve("@pulumi/policy"));
    const request = (fromPolicy("@pulumi/pulumi/proto/analyzer_pb") as { AnalyzeStackRequest?: { prototype: Record<string, unknown> } }).AnalyzeStackRequest?.prototype;
    const original = request?.getResourcesList;
    if (!request || typeof original !== "function") return;
    request.getResourcesList = function getReadResourcesList(this: unknown) {
      const all = original.call(this) as { getType(): string }[];
      return all.filter((r) => TYPES_STACK_POLICIES_READ.has(r.getType()));
    };
  } catch {
    // The SDK's layout differs: keep its own behaviour.
  }
}
