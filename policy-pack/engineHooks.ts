// What the pack needs from the engine's calls that the SDK does not hand a policy: the whole policy config
// (assumptions are set once, under any cost policy, and the report states the real levels) and a scope per
// AnalyzeStack call (its policies share one analysis; a concurrent call gets its own). Both come from wrapping
// the Analyzer service's handlers as @pulumi/policy registers them with gRPC, before the pack starts its server.
import { createRequire } from "module";
import { EnginePolicyConfig, inAnalyzeStackCall, packLevel, recordEngineConfig } from "../src/policies/callScope";
import { NO_REQUEST_SECRETS, RequestSecrets, requestSecrets, StackRequestLike } from "../src/policies/secrets";

type Handler = (call: { request: unknown }, callback: unknown) => unknown;
type ServerPrototype = { addService(service: unknown, implementation: Record<string, Handler>): void };

/** Wraps Configure and AnalyzeStack. If the SDK's gRPC module differs, says so on stderr and changes nothing. */
export function hookEngineCalls(): void {
  try {
    const fromPolicy = createRequire(require.resolve("@pulumi/policy"));
    const grpc = fromPolicy("@grpc/grpc-js") as { Server: { prototype: ServerPrototype } };
    const protoutil = fromPolicy("./protoutil") as { convertEnforcementLevel(level: number): string };
    const prototype = grpc.Server.prototype;
    const addService = prototype.addService;
    prototype.addService = function addHookedService(this: unknown, service: unknown, implementation: Record<string, Handler>) {
      const hooked: Record<string, Handler> = { ...implementation };
      const configure = implementation.configure;
      const analyzeStack = implementation.analyzeStack;
      if (typeof configure === "function") {
        hooked.configure = (call, callback) => {
          recordEngineConfig(readConfigure(call.request, protoutil.convertEnforcementLevel));
          return configure(call, callback);
        };
      }
      if (typeof analyzeStack === "function") {
        hooked.analyzeStack = (call, callback) => inAnalyzeStackCall(() => analyzeStack(call, callback), secretsOf(call.request));
      }
      return addService.call(this, service, hooked);
    };
  } catch (e) {
    process.stderr.write(`gpu-breakeven: cannot see the engine's policy config (${(e as Error).message}); each policy uses its own.\n`);
  }
}

/** The request's secrets (plaintexts and places); none when it cannot be read (the SDK then fails the call itself). */
function secretsOf(request: unknown): RequestSecrets {
  try {
    // One list for both walks (with the SDK workarounds on, getResourcesList filters the whole request each call).
    const resources = (request as StackRequestLike).getResourcesList();
    if (process.env.GPU_BREAKEVEN_SDK_WORKAROUNDS !== "0") convertOnce(resources);
    return requestSecrets({ getResourcesList: () => resources });
  } catch {
    return NO_REQUEST_SECRETS;
  }
}

type Convertible = { toJavaScript(): unknown };

/**
 * Reading the secrets converts each resource's properties (and its provider's) to plain JavaScript, and the SDK then
 * converts them again for the policies (deserialize.js deserializeProperties): each Struct of the request converts
 * once instead and hands every later caller the same value. Nobody changes it: the secrets are only read, and the SDK
 * builds new objects from it. The Structs go with the request. Off with GPU_BREAKEVEN_SDK_WORKAROUNDS=0 (the benchmark
 * measures the SDK's own path with it).
 */
function convertOnce(resources: ReturnType<StackRequestLike["getResourcesList"]>): void {
  for (const resource of resources) {
    remember(resource.getProperties());
    remember(resource.getProvider?.()?.getProperties());
  }
}

function remember(struct: Convertible | undefined): void {
  if (!struct || Object.prototype.hasOwnProperty.call(struct, "toJavaScript")) return;
  const convert = struct.toJavaScript;
  let converted: { value: unknown } | undefined;
  Object.defineProperty(struct, "toJavaScript", {
    value: () => (converted ??= { value: convert.call(struct) }).value,
    configurable: true,
    writable: true,
  });
}

type ConfigureRequest = {
  getPolicyconfigMap(): { entries(): Iterable<[string, { getEnforcementlevel(): number; getProperties(): { toJavaScript(): Record<string, unknown> } | undefined }]> };
};

/** Every policy's level and properties from a Configure request; a request of another shape gives what it can. */
function readConfigure(request: unknown, levelOf: (level: number) => string): Record<string, EnginePolicyConfig> {
  const config: Record<string, EnginePolicyConfig> = {};
  try {
    for (const [name, entry] of (request as ConfigureRequest).getPolicyconfigMap().entries()) {
      config[name] = { level: packLevel(levelOf(entry.getEnforcementlevel())), properties: entry.getProperties()?.toJavaScript() ?? {} };
    }
  } catch {
    // Leave what was read; the policies fall back to their own config.
  }
  return config;
}
