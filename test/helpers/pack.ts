// Drives the real policy pack (policy-pack/, built by `npm run build`) over the engine protocol, and
// assertion helpers in the manner of pulumi-policy-aws's assertHasViolation.
import * as assert from "node:assert/strict";
import * as path from "path";
import { previewInProcess } from "../../src/engine/inProcess";
import { EngineDiagnostic, EngineResource, PolicyPackConfigFile, runPolicyPack } from "../../src/engine/session";

export const PACK_DIR = path.resolve(__dirname, "..", "..", "policy-pack");
export { UNKNOWN_STRING as UNKNOWN } from "../../src/resources/known";
/** A value as the engine marks it secret on the wire. */
export { secretValue as SECRET } from "../../src/engine/protocol";
const INSTANCE = "aws:ec2/instance:Instance";

/** The default AWS provider as the engine sends it, for a region. */
export function awsProvider(region: string | undefined, name = "default_7_48_0") {
  return {
    type: "pulumi:providers:aws",
    name,
    urn: `urn:pulumi:test::gpu-inference::pulumi:providers:aws::${name}`,
    properties: region === undefined ? {} : { region },
  };
}

/** An aws:ec2/instance:Instance as the engine sends it. */
export function instance(name: string, props: Record<string, unknown>, opts: { providerRegion?: string } = {}): EngineResource {
  return {
    type: INSTANCE,
    name,
    urn: `urn:pulumi:test::gpu-inference::${INSTANCE}::${name}`,
    properties: props,
    provider: awsProvider(opts.providerRegion ?? "us-east-1"),
  };
}

/** A GPU instance tagged to a workload, in an availability zone. */
export function gpu(name: string, instanceType: string, workload: string | undefined, az: string, extra: Record<string, unknown> = {}) {
  const tags: Record<string, unknown> = { Name: name };
  if (workload) tags["gpu-breakeven:workload"] = workload;
  return instance(name, { instanceType, availabilityZone: az, ami: "ami-0123456789abcdef0", tags, ...extra });
}

/**
 * The analysis date of every test: fixed, so that no test depends on today's date (the catalog is dated
 * 2026-12-01; 2026-12-15 is 14 days later, well inside catalog-fresh's 120 days).
 */
export const TEST_NOW = new Date("2026-12-15T12:00:00Z");

// Every pack the tests spawn (directly, through `check`, or through the CLI) inherits this environment: the same date.
process.env.GPU_BREAKEVEN_NOW = TEST_NOW.toISOString();

/** The stack config map the engine passes (PULUMI_CONFIG) for the given declaration and region. */
export function stackConfigOf(opts: { workloads?: unknown; stackConfig?: Record<string, string>; region?: string }): Record<string, string> {
  const stackConfig: Record<string, string> = { ...(opts.stackConfig ?? {}) };
  if (opts.region !== undefined) stackConfig["aws:region"] = opts.region;
  if (opts.workloads !== undefined) stackConfig["gpu-breakeven:workloads"] = JSON.stringify(opts.workloads);
  return stackConfig;
}

/**
 * Runs a whole preview of `resources` through the pack's policies with the given stack config and policy config,
 * in this process (src/engine/inProcess.ts: the SDK's own AnalyzeStack handler and request message).
 */
export async function preview(opts: {
  workloads?: unknown;
  stackConfig?: Record<string, string>;
  region?: string;
  policyConfig?: PolicyPackConfigFile;
  resources: EngineResource[];
  now?: Date;
  secretConfigKeys?: string[];
}): Promise<EngineDiagnostic[]> {
  return previewInProcess({
    resources: opts.resources,
    stackConfig: stackConfigOf(opts),
    policyConfig: opts.policyConfig,
    now: opts.now ?? TEST_NOW,
    secretConfigKeys: opts.secretConfigKeys,
  });
}

/** The same preview through a spawned pack process, as the engine runs it: for the tests of the wiring. */
export async function previewSpawned(opts: {
  workloads?: unknown;
  stackConfig?: Record<string, string>;
  region?: string;
  policyConfig?: PolicyPackConfigFile;
  resources: EngineResource[];
  env?: Record<string, string>;
}): Promise<EngineDiagnostic[]> {
  const run = await runPolicyPack({
    packDir: PACK_DIR,
    stackConfig: stackConfigOf(opts),
    project: "gpu-inference",
    stack: "test",
    dryRun: true,
    policyConfig: opts.policyConfig,
    env: { GPU_BREAKEVEN_NOW: TEST_NOW.toISOString(), ...(opts.env ?? {}) },
    resources: opts.resources,
  });
  assert.deepEqual(run.stdout, [], "the pack must print nothing on stdout after its port");
  return run.diagnostics;
}

/** The diagnostics of one policy. */
export function violations(ds: EngineDiagnostic[], policy: string): EngineDiagnostic[] {
  return ds.filter((d) => d.policyName === policy);
}

/** Asserts exactly one violation of `policy` at `level` whose message holds every fragment; returns it. */
export function assertHasViolation(
  ds: EngineDiagnostic[],
  policy: string,
  level: "advisory" | "mandatory",
  fragments: string[],
): EngineDiagnostic {
  const found = violations(ds, policy);
  assert.equal(found.length, 1, `expected one ${policy} violation, got ${found.length}:\n${describe(ds)}`);
  assert.equal(found[0].enforcementLevel, level, `${policy} level`);
  for (const f of fragments) assert.ok(found[0].message.includes(f), `${policy} message lacks ${JSON.stringify(f)}:\n${found[0].message}`);
  return found[0];
}

/** Asserts that `policy` reported nothing. */
export function assertNoViolation(ds: EngineDiagnostic[], policy: string): void {
  assert.equal(violations(ds, policy).length, 0, `expected no ${policy} violation:\n${describe(ds)}`);
}

function describe(ds: EngineDiagnostic[]): string {
  return ds.map((d) => `[${d.enforcementLevel}] ${d.policyName}: ${d.message}`).join("\n---\n") || "(none)";
}
