// The Analyzer protocol's request messages, built the way the engine builds them. The harness (session.ts)
// and the benchmark driver (bench/driver.ts) both send these, so they are built in one place.
import type { ProtocolModules } from "./protocol";
import type { EngineProviderResource, EngineResource } from "./resource";

/**
 * JSON-like cleanup so Struct.fromJavaScript accepts a value: drops undefined members. Keys are defined, not
 * assigned, so a key named "__proto__" (JSON.parse makes it an own key) stays a key, as on the engine's wire,
 * instead of becoming the object's prototype (whose members Struct.fromJavaScript's for…in would then flatten in).
 */
export function toStructJs(v: unknown): unknown {
  if (v === undefined) return null;
  if (Array.isArray(v)) return v.map(toStructJs);
  if (v !== null && typeof v === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
      if (x !== undefined) Object.defineProperty(out, k, { value: toStructJs(x), enumerable: true, writable: true, configurable: true });
    }
    return out;
  }
  return v;
}

/** A plain value as a protobuf Struct of the SDK's own module copy. */
export function struct(P: ProtocolModules, value: Record<string, unknown> | undefined) {
  return P.Struct.fromJavaScript(toStructJs(value ?? {}) as never);
}

/** AnalyzerResourceOptions: @pulumi/policy fails the RPC without them, so the engine always sends them. */
function resourceOptions(P: ProtocolModules, r: EngineResource) {
  const o = new P.apb.AnalyzerResourceOptions();
  o.setCustomtimeouts(new P.apb.AnalyzerResourceOptions.CustomTimeouts());
  if (r.parent) o.setParent(r.parent);
  return o;
}

function providerResource(P: ProtocolModules, p: EngineProviderResource) {
  const pr = new P.apb.AnalyzerProviderResource();
  pr.setType(p.type);
  pr.setName(p.name);
  pr.setUrn(p.urn);
  pr.setProperties(struct(P, p.properties));
  return pr;
}

/** The AnalyzeRequest of Remediate and Analyze: one resource's (checked) inputs. */
export function analyzeRequest(P: ProtocolModules, r: EngineResource, props: Record<string, unknown> = r.properties) {
  const req = new P.apb.AnalyzeRequest();
  req.setType(r.type);
  req.setName(r.name);
  req.setUrn(r.urn);
  req.setProperties(struct(P, props));
  req.setOptions(resourceOptions(P, r));
  if (r.provider) req.setProvider(providerResource(P, r.provider));
  return req;
}

/**
 * The AnalyzeStackRequest: every resource's outputs with parent, dependencies and property dependencies. The real
 * engine sends them in no fixed order (it walks a Go sync.Map); the harness sends them in reverse program order,
 * so a pack that depended on the program's order would fail the fast tests too (docs/engine-differences.md).
 */
export function analyzeStackRequest(P: ProtocolModules, resources: EngineResource[]) {
  const req = new P.apb.AnalyzeStackRequest();
  req.setResourcesList(
    [...resources].reverse().map((r) => {
      const ar = new P.apb.AnalyzerResource();
      ar.setType(r.type);
      ar.setName(r.name);
      ar.setUrn(r.urn);
      ar.setProperties(struct(P, r.properties));
      ar.setOptions(resourceOptions(P, r));
      if (r.provider) ar.setProvider(providerResource(P, r.provider));
      if (r.parent) ar.setParent(r.parent);
      ar.setDependenciesList(r.dependencies ?? []);
      for (const [k, urns] of Object.entries(r.propertyDependencies ?? {})) {
        const pd = new P.apb.AnalyzerPropertyDependencies();
        pd.setUrnsList(urns);
        ar.getPropertydependenciesMap().set(k, pd);
      }
      return ar;
    }),
  );
  return req;
}
