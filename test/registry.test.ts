// The policy registry is the one table of policies: the pack's policy list, default levels, config schemas, the
// JSON report's levels and the docs all come from it.
import * as assert from "node:assert/strict";
import * as fs from "fs";
import * as path from "path";
import { DEFAULT_LEVELS, POLICIES, POLICY_NAMES, TYPES_POLICIES_READ } from "../src/analysis/registry";
import { gpuBreakevenPolicies } from "../src/policies";
import { stackReport } from "../src/report/json";
import { defaultAssumptions } from "../src/assumptions/parse";

const ROOT = path.resolve(__dirname, "..");

describe("policy registry", () => {
  it("the pack's policies are the registry's rows, in its order, with its levels, descriptions and config schemas", () => {
    const policies = gpuBreakevenPolicies();
    assert.deepEqual(policies.map((p) => p.name), [...POLICY_NAMES]);
    for (const [i, p] of policies.entries()) {
      assert.equal(p.enforcementLevel, POLICIES[i].level, p.name);
      assert.equal(p.description, POLICIES[i].description, p.name);
      assert.equal(p.configSchema !== undefined, POLICIES[i].config !== "none", `${p.name} configSchema`);
    }
    // The eight of the design, catalog-fresh, and pack-health last (it reports what went wrong while the others ran).
    assert.equal(POLICY_NAMES.length, 10);
    assert.equal(POLICY_NAMES[POLICY_NAMES.length - 1], "pack-health");
  });

  it("the JSON report states every registry policy with its default level", () => {
    const report = stackReport({ assumptions: defaultAssumptions(), catalogAsOf: "2026-08-01", workloads: [], findings: [] }, { stack: "s", project: "p" });
    assert.deepEqual(report.policyDefaultLevels, { ...DEFAULT_LEVELS });
  });

  it("the SDK workaround's type filter is the union of what the policies read", () => {
    assert.ok(TYPES_POLICIES_READ.has("aws:ec2/instance:Instance"));
    assert.ok(TYPES_POLICIES_READ.has("aws:ec2/launchTemplate:LaunchTemplate"));
    assert.ok(!TYPES_POLICIES_READ.has("aws:s3/bucket:Bucket"));
  });

  it("docs/policies.md has a section per policy, and the README's table names each one", () => {
    const docs = fs.readFileSync(path.join(ROOT, "docs", "policies.md"), "utf8");
    const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
    for (const p of POLICIES) {
      assert.ok(docs.includes(`\n## ${p.name}\n`), `docs/policies.md lacks "## ${p.name}"`);
      assert.ok(docs.includes(p.level), `docs/policies.md names ${p.name}'s level`);
      assert.ok(readme.includes(`\`${p.name}\``), `README lacks ${p.name}`);
    }
  });
});
