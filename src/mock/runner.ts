/**
 * Child-process entry: runs a Pulumi program under the SDK's runtime mocks (as a preview) and writes
 * every custom resource it registers, in the shape the engine sends to a policy pack, to a JSON file.
 *
 *   node dist/mock-runner.js <programFile> <outFile>
 *
 * Environment, as the Pulumi language host sets it: PULUMI_CONFIG (JSON map "ns:key" -> string,
 * objects JSON-encoded), PULUMI_NODEJS_PROJECT, PULUMI_NODEJS_STACK, PULUMI_NODEJS_ORGANIZATION,
 * PULUMI_NODEJS_TYPESCRIPT ("false": no ts-node), PULUMI_NODEJS_TRANSPILE_ONLY, PULUMI_NODEJS_TSCONFIG_PATH.
 * The working directory is the program's folder, as the language host runs it.
 *
 * Exit code 0 when the file is written; 1 with the error on stderr when the program fails. The
 * result goes to <outFile>, never stdout, so whatever the program prints cannot corrupt it.
 */
import * as fs from "fs";
import Module, { createRequire } from "module";
import * as path from "path";
import { pathToFileURL } from "url";
import * as pulumi from "@pulumi/pulumi";
import { MockMonitor } from "@pulumi/pulumi/runtime/mocks";
import type { EngineProviderResource, EngineResource } from "../engine/resource";

const ROOT_STACK_TYPE = "pulumi:pulumi:Stack";
const PROVIDER_TYPE_PREFIX = "pulumi:providers:";

/** What a RegisterResourceRequest (or ReadResourceRequest) carried, read off the wire. */
interface Captured {
  type: string;
  name: string;
  urn: string;
  custom: boolean;
  parent: string;
  /** Provider reference `<provider urn>::<provider id>`, or "" for the default provider. */
  providerRef: string;
  version: string;
  properties: Record<string, unknown>;
  dependencies: string[];
  propertyDependencies: Record<string, string[]>;
}

async function main(): Promise<void> {
  const [programArg, outArg] = process.argv.slice(2);
  if (!programArg || !outArg) throw new Error("usage: node mock-runner.js <programFile> <outFile>");
  const programFile = path.resolve(programArg);
  const outFile = path.resolve(outArg);
  const project = process.env.PULUMI_NODEJS_PROJECT || "project";
  const stack = process.env.PULUMI_NODEJS_STACK || "stack";
  const organization = process.env.PULUMI_NODEJS_ORGANIZATION || undefined;
  const config = parseConfigEnv(process.env.PULUMI_CONFIG);

  const captured: Captured[] = [];
  installCapture(captured);

  // Preview: every resource output the mocks do not return stays unknown, as in `pulumi preview`.
  await pulumi.runtime.setMocks(
    {
      newResource: () => ({ id: undefined, state: {} }),
      call: () => ({}),
    },
    project,
    stack,
    true,
    organization,
  );

  // Run the program the way the Node.js language host does (cmd/run/run.js): inside the root Stack
  // component, so top-level resources get the stack as parent and the module's exports (or the
  // result of an exported function) become stack outputs.
  registerTypeScriptOnDemand(programFile);
  await pulumi.runtime.runInPulumiStack(async () => {
    const exported = await loadProgram(programFile);
    const entry = exported && typeof exported.default === "function" ? exported.default : exported;
    return typeof entry === "function" ? await entry() : exported;
  });

  await allRegistered(captured);
  if (pulumi.log.hasErrors()) throw new Error("the program logged errors (see above)");

  fs.writeFileSync(outFile, JSON.stringify(toEngineResources(captured, { project, stack, config }), null, 2));
}

/**
 * The program's module, loaded as the language host loads it: `require` for CommonJS (a .ts file through
 * ts-node), `import()` for an ES module (.mjs, or .js under a package.json with "type": "module"), whose
 * default export, if any, is the program.
 */
async function loadProgram(programFile: string): Promise<any> {
  if (!isEsModule(programFile)) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require(programFile);
  }
  // Not `import()` in this file: the bundler would turn it into require(). (The SDK's run.js does the same.)
  const dynamicImport = (0, eval)("u => import(u)") as (u: string) => Promise<Record<string, unknown>>;
  const ns = await dynamicImport(pathToFileURL(programFile).href);
  return Object.getOwnPropertyDescriptor(ns, "default") !== undefined ? ns.default : ns;
}

function isEsModule(file: string): boolean {
  if (file.endsWith(".mjs")) return true;
  if (!file.endsWith(".js")) return false;
  for (let d = path.dirname(file); ; d = path.dirname(d)) {
    const manifest = path.join(d, "package.json");
    if (fs.existsSync(manifest)) {
      try {
        return JSON.parse(fs.readFileSync(manifest, "utf8")).type === "module";
      } catch {
        return false;
      }
    }
    if (path.dirname(d) === d) return false;
  }
}

/**
 * TypeScript, as the Node.js language host runs it (@pulumi/pulumi cmd/run/run.js): ts-node registered for .ts
 * files, with the `typescript` and `ts-node` the program's own project resolves, else the copies the SDK vendors
 * (ts-node 7.0.1, TypeScript 3.8.3); tsconfig.json of the working folder (or PULUMI_NODEJS_TSCONFIG_PATH) over the
 * host's defaults (ES2020; nodenext modules from TypeScript 4.7 on, else commonjs, when tsconfig.json sets neither
 * `module` nor `moduleResolution`). Two differences, both for speed: ts-node is registered when the first .ts file
 * is required, so a JavaScript program never loads a compiler; and it transpiles without type-checking unless
 * PULUMI_NODEJS_TRANSPILE_ONLY=false (a type error is the compiler's to report, not the cost gate's; the host
 * type-checks unless tsconfig.json sets noCheck).
 */
function registerTypeScriptOnDemand(programFile: string): void {
  if (process.env.PULUMI_NODEJS_TYPESCRIPT === "false") return;
  const extensions = (Module as unknown as { _extensions: Record<string, (m: unknown, filename: string) => void> })._extensions;
  if (extensions[".ts"]) return; // something already compiles TypeScript (a loader given with --require)
  extensions[".ts"] = (m, filename) => {
    // ts-node wraps whatever handles .ts when it registers: it must find the .js handler, not this one.
    delete extensions[".ts"];
    registerTsNode(programFile);
    const compile = extensions[".ts"];
    if (!compile) throw new Error(`ts-node registered no handler for .ts files, so ${filename} cannot run`);
    compile(m, filename);
  };
}

function registerTsNode(programFile: string): void {
  const fromProgram = createRequire(programFile);
  const resolve = (id: string): string | undefined => {
    try {
      return fromProgram.resolve(id);
    } catch {
      return undefined;
    }
  };
  // The SDK the program loads, else the one this runner loads: both vendor ts-node and TypeScript.
  const sdkManifest = resolve("@pulumi/pulumi/package.json") ?? require.resolve("@pulumi/pulumi/package.json");
  const vendor = path.join(path.dirname(sdkManifest), "vendor");
  const compiler = resolve("typescript") ?? path.join(vendor, "typescript@3.8.3", "typescript.js");
  const tsNode = resolve("ts-node") ?? path.join(vendor, "ts-node@7.0.1");

  const tsconfig = process.env.PULUMI_NODEJS_TSCONFIG_PATH || "tsconfig.json";
  const hasTsconfig = fs.existsSync(tsconfig);
  if (!hasTsconfig && process.env.PULUMI_NODEJS_TSCONFIG_PATH) {
    throw new Error(`tsconfig path was set to ${tsconfig} but the file was not found`);
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const ts = require(compiler) as { version: string; parseConfigFileTextToJson(f: string, t: string): { config?: { compilerOptions?: Record<string, unknown> } } };
  const own = hasTsconfig ? (ts.parseConfigFileTextToJson(tsconfig, fs.readFileSync(tsconfig, "utf8")).config?.compilerOptions ?? {}) : {};
  const [major, minor] = ts.version.split(".").map(Number);
  const nodeNext = major > 4 || (major === 4 && minor >= 7);
  const transpileOnlyEnv = process.env.PULUMI_NODEJS_TRANSPILE_ONLY;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  (require(tsNode) as { register(o: Record<string, unknown>): unknown }).register({
    compiler,
    transpileOnly: transpileOnlyEnv ? transpileOnlyEnv === "true" : true,
    project: tsconfig,
    skipProject: !hasTsconfig,
    compilerOptions: {
      target: "ES2020",
      // Only when tsconfig.json chooses neither: a `module` of its own with this `moduleResolution` is an error.
      ...(own.module === undefined && own.moduleResolution === undefined
        ? { module: nodeNext ? "nodenext" : "commonjs", moduleResolution: nodeNext ? "nodenext" : "node" }
        : {}),
      sourceMap: "true",
      ...own,
    },
  });
}

/**
 * Resolves once every resource the program will register has gone through the (mock) monitor.
 *
 * Each resource constructor calls registerResource() (runtime/resource.js), which synchronously takes
 * an `rpcKeepAlive()` token before it awaits its inputs and releases it only after the monitor has
 * answered; the tokens are chained into `settings.rpcDone`. `waitForRPCs()` (runtime/settings.js)
 * re-awaits that chain until it stops changing, so it also covers registrations started later from
 * `apply` callbacks of resolved outputs. It is what `pulumi.runtime.disconnect()` awaits, the drain
 * the language host relies on before it disconnects from the engine. (Awaiting runInPulumiStack()
 * alone is not enough: it resolves while resources with pending inputs are still registering.)
 *
 * The one thing the RPC chain cannot see is work the program schedules outside promises (a
 * setTimeout that creates a resource). The real language host covers that by living until the event
 * loop is empty; so do we: after the drain we wait for `beforeExit` (the loop ran dry) and drain
 * again, until a round registers nothing new. A program that holds the loop open forever (a server,
 * an interval) gets IDLE_TIMEOUT_MS, then we go with what was registered and say so on stderr.
 */
async function allRegistered(captured: Captured[]): Promise<void> {
  const IDLE_TIMEOUT_MS = 5000;
  const runtime = pulumi.runtime as unknown as { waitForRPCs?: () => Promise<void> };
  // waitForRPCs is @internal (not in the typings) but exported at runtime; disconnect() wraps it.
  const drain = runtime.waitForRPCs ? () => runtime.waitForRPCs!() : () => pulumi.runtime.disconnect();
  let seen = -1;
  for (;;) {
    await drain();
    if (captured.length === seen) return;
    seen = captured.length;
    if (!(await eventLoopIdle(IDLE_TIMEOUT_MS))) {
      process.stderr.write(`mock-runner: the program kept the event loop busy for ${IDLE_TIMEOUT_MS} ms; ` +
        `capturing the ${captured.length} resources registered so far\n`);
      await drain();
      return;
    }
  }
}

/** True when the event loop runs out of work (`beforeExit`), false after `ms` with work still pending. */
function eventLoopIdle(ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    const onIdle = () => {
      clearTimeout(timer);
      resolve(true);
    };
    const timer = setTimeout(() => {
      process.off("beforeExit", onIdle);
      resolve(false);
    }, ms);
    timer.unref(); // must not itself keep the loop alive, or `beforeExit` would never come
    process.once("beforeExit", onIdle);
    // One turn of real work, so that Node emits `beforeExit` again even when we are called from
    // inside a previous `beforeExit` with nothing left to run (it would otherwise just exit).
    setImmediate(() => undefined);
  });
}

/**
 * Wraps the MockMonitor so that every registration is recorded exactly as it arrives: the request's
 * serialized inputs (`getObject()`) hold the engine's unknown sentinels and secret wire objects.
 */
function installCapture(captured: Captured[]): void {
  // newUrn as the engine computes it (pkg/resource/deploy/step_generator.go generateURN): the parent's
  // full qualified type is prepended unless the parent is the root stack. The SDK mock prepends the
  // last segment of the parent type even for the root stack, which would give top-level resources
  // URNs like `...::pulumi:pulumi:Stack$aws:ec2/instance:Instance::x` that no engine produces.
  const proto = MockMonitor.prototype as unknown as Record<string, unknown>;
  proto.newUrn = function newUrn(parent: string, type: string, name: string): string {
    let qualified = type;
    if (parent) {
      const parentType = parent.split("::")[2];
      if (parentType && parentType !== ROOT_STACK_TYPE) qualified = `${parentType}$${type}`;
    }
    return `urn:pulumi:${pulumi.getStack()}::${pulumi.getProject()}::${qualified}::${name}`;
  };

  const urnOf = (monitor: unknown, parent: string, type: string, name: string): string =>
    (monitor as { newUrn(p: string, t: string, n: string): string }).newUrn(parent, type, name);

  const origRegister = MockMonitor.prototype.registerResource;
  MockMonitor.prototype.registerResource = function (req: any, callback: (err: any, resp: any) => void) {
    const propertyDependencies: Record<string, string[]> = {};
    req.getPropertydependenciesMap().forEach((deps: any, key: string) => {
      propertyDependencies[key] = deps.getUrnsList();
    });
    captured.push({
      type: req.getType(),
      name: req.getName(),
      urn: urnOf(this, req.getParent(), req.getType(), req.getName()),
      custom: req.getCustom(),
      parent: req.getParent(),
      providerRef: req.getProvider(),
      version: req.getVersion(),
      properties: (req.getObject()?.toJavaScript() ?? {}) as Record<string, unknown>,
      dependencies: req.getDependenciesList(),
      propertyDependencies,
    });
    return origRegister.call(this, req, callback);
  };

  // `Resource.get(...)` reads an existing resource; the engine includes those in the stack too.
  const origRead = MockMonitor.prototype.readResource;
  MockMonitor.prototype.readResource = function (req: any, callback: (err: any, resp: any) => void) {
    captured.push({
      type: req.getType(),
      name: req.getName(),
      urn: urnOf(this, req.getParent(), req.getType(), req.getName()),
      custom: true,
      parent: req.getParent(),
      providerRef: req.getProvider(),
      version: req.getVersion(),
      properties: (req.getProperties()?.toJavaScript() ?? {}) as Record<string, unknown>,
      dependencies: req.getDependenciesList(),
      propertyDependencies: {},
    });
    return origRead.call(this, req, callback);
  };
}

function toEngineResources(
  captured: Captured[],
  ctx: { project: string; stack: string; config: Record<string, string> },
): EngineResource[] {
  // Explicit providers, with their inputs as the engine holds them: it records the plugin version of
  // a provider among its inputs (providers.SetProviderVersion in the resource monitor).
  const explicitProviders = new Map<string, EngineProviderResource>();
  for (const c of captured) {
    if (!c.type.startsWith(PROVIDER_TYPE_PREFIX)) continue;
    const properties = { ...c.properties };
    if (c.version && properties.version === undefined) properties.version = c.version;
    explicitProviders.set(c.urn, { type: c.type, name: c.name, urn: c.urn, properties });
  }
  const defaultProviders = new Map<string, EngineProviderResource>();

  const providerFor = (c: Captured): EngineProviderResource | undefined => {
    if (c.providerRef) {
      // A provider reference is `<urn>::<id>`; the urn itself contains "::", the id does not.
      const p = explicitProviders.get(c.providerRef.slice(0, c.providerRef.lastIndexOf("::")));
      if (p) return p;
    }
    // No explicit provider: the engine uses the package's default provider, whose inputs are the
    // stack config of the package's namespace (aws:region -> region) plus the plugin version.
    const pkg = c.type.split(":")[0];
    if (!pkg || pkg === "pulumi") return undefined;
    const version = c.version || "";
    const key = `${pkg}@${version}`;
    let p = defaultProviders.get(key);
    if (!p) {
      const name = version ? `default_${version.replace(/[.+-]/g, "_")}` : "default";
      const type = `${PROVIDER_TYPE_PREFIX}${pkg}`;
      const properties: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(ctx.config)) {
        if (k.startsWith(`${pkg}:`)) properties[k.slice(pkg.length + 1)] = v;
      }
      if (version) properties.version = version;
      p = { type, name, urn: `urn:pulumi:${ctx.stack}::${ctx.project}::${type}::${name}`, properties };
      defaultProviders.set(key, p);
    }
    return p;
  };

  const out: EngineResource[] = [];
  for (const c of captured) {
    if (!c.custom) continue; // the root stack and component resources are not analyzed
    const explicit = explicitProviders.get(c.urn);
    const r: EngineResource = {
      type: c.type,
      name: c.name,
      urn: c.urn,
      properties: explicit ? explicit.properties : c.properties,
    };
    // Providers are resources too; they are not themselves managed by a provider.
    if (!explicit) {
      const p = providerFor(c);
      if (p) r.provider = p;
    }
    if (c.parent) r.parent = c.parent;
    r.dependencies = c.dependencies;
    r.propertyDependencies = c.propertyDependencies;
    out.push(r);
  }
  return out;
}

/** PULUMI_CONFIG as the runtime reads it; keys are normalized from the legacy `ns:config:key` form. */
function parseConfigEnv(raw: string | undefined): Record<string, string> {
  if (!raw) return {};
  const parsed = JSON.parse(raw) as Record<string, string>;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(parsed)) out[k.replace(/^([^:]+):config:/, "$1:")] = v;
  return out;
}

let failed = false;
function fail(err: unknown): void {
  if (failed) return;
  failed = true;
  // RunErrors (e.g. missing required config) are user-facing: their message is enough; so is a TypeScript
  // compile error's, which says where (ts-node's TSError).
  const userFacing = pulumi.RunError.isInstance(err) || (err instanceof Error && err.name === "TSError");
  const msg = userFacing ? (err as Error).message : err instanceof Error ? (err.stack ?? err.message) : String(err);
  process.stderr.write(`${msg}\n`);
  process.exit(1);
}
// Errors from resource registrations surface as unhandled rejections, not through main().
process.on("uncaughtException", fail);
process.on("unhandledRejection", fail);

let written = false;
// Never exit 0 without a result, whatever the program or the runtime did to the event loop.
process.on("exit", (code) => {
  if (!written && !failed && code === 0) {
    process.stderr.write("mock-runner: the process ended before the resources were captured\n");
    process.exitCode = 1;
  }
});

main().then(() => {
  written = true;
  process.exit(0);
}, fail);
