/**
 * A resource as the Pulumi engine sends it to a policy pack (the fields of the analyzer protocol's
 * `AnalyzerResource` / `AnalyzeRequest`), captured from a Pulumi program run under the SDK's mocks.
 *
 * `properties` are the program's serialized inputs: computed values are the engine's unknown
 * sentinel strings and secrets are the secret wire objects, exactly as on the wire.
 */
export interface EngineResource {
  /** Type token, e.g. `aws:ec2/instance:Instance`. */
  type: string;
  /** Logical name. */
  name: string;
  /** `urn:pulumi:<stack>::<project>::<qualified type>::<name>`. */
  urn: string;
  properties: Record<string, unknown>;
  /** The provider resource that manages it (explicit, or the synthesized default provider). */
  provider?: EngineProviderResource;
  /** URN of the parent resource (the root stack for top-level resources). */
  parent?: string;
  /** URNs this resource depends on. */
  dependencies?: string[];
  /** Per input property, the URNs its value depends on. */
  propertyDependencies?: Record<string, string[]>;
}

/** The `AnalyzerProviderResource` message: a provider as a policy sees it. */
export interface EngineProviderResource {
  type: string;
  name: string;
  urn: string;
  properties: Record<string, unknown>;
}
