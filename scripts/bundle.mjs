// Bundles the pack, the CLI, the mock runner and the example program into plain JavaScript, so the
// Pulumi engine loads compiled code (no ts-node type-check at every preview) and the catalog is
// already parsed and validated (it is inlined as JSON).
import { build } from "esbuild";

const external = ["@pulumi/pulumi", "@pulumi/pulumi/*", "@pulumi/policy", "@pulumi/policy/*", "@pulumi/aws", "@pulumi/aws/*"];
const common = { bundle: true, platform: "node", target: "node20", format: "cjs", external, sourcemap: true, logLevel: "warning" };

await Promise.all([
  build({ ...common, entryPoints: ["policy-pack/index.ts"], outfile: "policy-pack/dist/index.js" }),
  build({ ...common, entryPoints: ["src/cli/main.ts"], outfile: "dist/cli.js", banner: { js: "#!/usr/bin/env node" } }),
  build({ ...common, entryPoints: ["src/mock/runner.ts"], outfile: "dist/mock-runner.js" }),
  build({ ...common, entryPoints: ["src/program/index.ts"], outfile: "dist/program.js" }),
  build({ ...common, entryPoints: ["src/index.ts"], outfile: "dist/index.js" }),
]);

// The package's bin: executable, so `npx gpu-breakeven` works after `npm ci`.
const { chmodSync, cpSync } = await import("fs");
chmodSync("dist/cli.js", 0o755);

// The catalog YAML `catalog refresh` starts from, for an installed package (which ships no src/): read, never edited.
cpSync("src/catalog/data", "dist/catalog-data", { recursive: true, filter: (f) => !f.endsWith("~") });
