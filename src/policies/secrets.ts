import { secretStrings } from "../text/redact";

// The engine marks a secret on the wire as {"4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270",
// "value": …}. @pulumi/policy unwraps it before a stack policy sees the value, so the pack reads the secrets off the
// request itself, before the SDK does, and never shows their plaintext.
const SIG_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

/** The shape of an AnalyzeStack request the pack reads secrets from (the proto message's getters). */
export interface StackRequestLike {
  getResourcesList(): {
    getProperties(): { toJavaScript(): unknown } | undefined;
    getProvider?(): { getProperties(): { toJavaScript(): unknown } | undefined } | undefined;
  }[];
}

/** Every plaintext inside a secret of the request's resources and their providers. */
export function requestSecrets(request: StackRequestLike): string[] {
  const found: string[] = [];
  for (const resource of request.getResourcesList()) {
    collect(resource.getProperties()?.toJavaScript(), found);
    collect(resource.getProvider?.()?.getProperties()?.toJavaScript(), found);
  }
  return found;
}

function collect(value: unknown, into: string[]): void {
  if (Array.isArray(value)) {
    for (const v of value) collect(v, into);
    return;
  }
  if (!value || typeof value !== "object") return;
  const record = value as Record<string, unknown>;
  if (record[SIG_KEY] === SECRET_SIG) {
    secretStrings(record.value, into);
    return;
  }
  for (const v of Object.values(record)) collect(v, into);
}
