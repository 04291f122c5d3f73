// Runs the example program under the SDK's mocks in a child process (dist/mock-runner.js running
// dist/program.js: `npm run build` first, as `npm test` does) and checks what a policy pack would see.
import assert from "node:assert/strict";
import * as fs from "fs";
import * as path from "path";
import { captureProgram, encodeConfig, readStackConfig, type EngineResource } from "../src/mock/capture";

const root = path.resolve(__dirname, "..");
const programFile = path.join(root, "dist", "program.js");
const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const SECRET_SIG = "4dabf18193072939515e22adb298388d";
const SECRET_VAL = "1b47061264138c4ac30d75fd1eb44270";
const INSTANCE = "aws:ec2/instance:Instance";
const SG = "aws:ec2/securityGroup:SecurityGroup";

function capture(stack: string, config = readStackConfig(path.join(root, "stacks", `Pulumi.${stack}.yaml`))) {
  return captureProgram({ programFile, project: "gpu-inference", stack, organization: "acme", config });
}

describe("mock capture of the example program", function () {
  this.timeout(60_000);

  before(function () {
    for (const f of [programFile, path.join(root, "dist", "mock-runner.js")]) {
      assert.ok(fs.existsSync(f), `${f} is missing: run \`npm run build\` first`);
    }
  });

  describe("robust stack", () => {
    let resources: EngineResource[];
    before(async () => {
      resources = await capture("robust");
    });

    it("captures only custom resources: one security group and two instances", () => {
      assert.deepEqual(resources.map((r) => `${r.type}::${r.name}`), [
        `${SG}::chat-sg`,
        `${INSTANCE}::chat-0`,
        `${INSTANCE}::chat-1`,
      ]);
      assert.ok(!resources.some((r) => r.type === "pulumi:pulumi:Stack"));
    });

    it("computes urns like the engine, with the root stack as parent", () => {
      const i0 = resources.find((r) => r.name === "chat-0")!;
      assert.equal(i0.urn, `urn:pulumi:robust::gpu-inference::${INSTANCE}::chat-0`);
      assert.equal(i0.parent, "urn:pulumi:robust::gpu-inference::pulumi:pulumi:Stack::gpu-inference-robust");
    });

    it("gives the instances their type, zones and workload tag", () => {
      const instances = resources.filter((r) => r.type === INSTANCE);
      assert.equal(instances.length, 2);
      assert.deepEqual(instances.map((r) => r.properties.instanceType), ["g6e.xlarge", "g6e.xlarge"]);
      assert.deepEqual(instances.map((r) => r.properties.availabilityZone), ["us-east-1a", "us-east-1b"]);
      for (const r of instances) {
        const tags = r.properties.tags as Record<string, unknown>;
        assert.equal(tags["gpu-breakeven:workload"], "chat");
        assert.equal(tags.Name, r.name);
        assert.match(String(r.properties.userData), /vllm\/vllm-openai.*--model meta-llama\/Llama-3\.1-8B-Instruct/s);
      }
    });

    it("keeps the costCenter tag a secret, in wire form", () => {
      for (const r of resources.filter((x) => x.type === INSTANCE)) {
        const tags = r.properties.tags as Record<string, unknown>;
        assert.deepEqual(tags.costCenter, { [SECRET_SIG]: SECRET_VAL, value: "cc-ml-platform-4242" });
        // Nowhere in plaintext outside a secret wrapper.
        const { costCenter: _secret, ...rest } = tags;
        assert.ok(!JSON.stringify({ ...r.properties, tags: rest }).includes("cc-ml-platform-4242"));
      }
    });

    it("leaves the security group id unknown, as in a preview, and records the dependency", () => {
      const sg = resources.find((r) => r.type === SG)!;
      assert.equal(sg.urn, `urn:pulumi:robust::gpu-inference::${SG}::chat-sg`);
      assert.deepEqual((sg.properties.ingress as unknown[])[0], {
        protocol: "tcp", fromPort: 8000, toPort: 8000, cidrBlocks: ["10.0.0.0/8"],
      });
      for (const r of resources.filter((x) => x.type === INSTANCE)) {
        assert.deepEqual(r.properties.vpcSecurityGroupIds, [UNKNOWN]);
        assert.deepEqual(r.dependencies, [sg.urn]);
        assert.deepEqual(r.propertyDependencies?.vpcSecurityGroupIds, [sg.urn]);
        assert.deepEqual(r.propertyDependencies?.instanceType, []);
      }
    });

    it("attaches the default aws provider with the stack's region", () => {
      for (const r of resources) {
        assert.deepEqual(r.provider, {
          type: "pulumi:providers:aws",
          name: "default_7_48_0",
          urn: "urn:pulumi:robust::gpu-inference::pulumi:providers:aws::default_7_48_0",
          properties: { region: "us-east-1", version: "7.48.0" },
        });
      }
    });
  });

  describe("residency-justified stack", () => {
    let resources: EngineResource[];
    before(async () => {
      resources = await capture("residency-justified");
    });

    it("registers the explicit eu-central-1 provider as a resource", () => {
      const p = resources.find((r) => r.type === "pulumi:providers:aws");
      assert.ok(p, "explicit provider captured");
      assert.equal(p.name, "aws-eu-central-1");
      assert.equal(p.urn, "urn:pulumi:residency-justified::gpu-inference::pulumi:providers:aws::aws-eu-central-1");
      assert.equal(p.properties.region, "eu-central-1");
      assert.equal(p.properties.version, "7.48.0");
      assert.equal(p.provider, undefined);
    });

    it("puts the fleet on that provider, in eu-central-1a/b", () => {
      const instances = resources.filter((r) => r.type === INSTANCE);
      assert.deepEqual(instances.map((r) => r.name), ["notes-0", "notes-1"]);
      assert.deepEqual(instances.map((r) => r.properties.availabilityZone), ["eu-central-1a", "eu-central-1b"]);
      for (const r of [...instances, resources.find((x) => x.type === SG)!]) {
        assert.equal(r.provider?.name, "aws-eu-central-1");
        assert.equal(r.provider?.urn, "urn:pulumi:residency-justified::gpu-inference::pulumi:providers:aws::aws-eu-central-1");
        assert.equal(r.provider?.properties.region, "eu-central-1");
      }
      for (const r of instances) {
        assert.equal(r.properties.instanceType, "g6.xlarge");
        assert.equal((r.properties.tags as Record<string, unknown>)["gpu-breakeven:workload"], "patient-notes");
        // No costCenter configured: the program's default, still secret.
        assert.deepEqual((r.properties.tags as Record<string, unknown>).costCenter, { [SECRET_SIG]: SECRET_VAL, value: "cc-0000" });
      }
    });
  });

  describe("errors", () => {
    it("rejects with the program's error when gpu-inference:fleets is missing", async () => {
      await assert.rejects(capture("broken", { "aws:region": "us-east-1" }),
        /Missing required configuration gpu-inference:fleets/);
    });

    it("rejects a malformed fleet with the key at fault", async () => {
      await assert.rejects(
        capture("broken", { "gpu-inference:fleets": [{ name: "a", instanceType: "g5.xlarge", count: -1 }] }),
        /gpu-inference:fleets\[0\]\.count must be a whole number/,
      );
    });

    it("refuses encrypted stack config", () => {
      const dir = fs.mkdtempSync(path.join(require("os").tmpdir(), "gpu-breakeven-"));
      const file = path.join(dir, "Pulumi.s.yaml");
      fs.writeFileSync(file, "config:\n  aws:region: us-east-1\n  gpu-inference:costCenter:\n    secure: AAABAD3x\n");
      try {
        assert.throws(() => readStackConfig(file), /gpu-inference:costCenter is an encrypted `secure:` value/);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  });

  it("encodes non-string config values as JSON, like PULUMI_CONFIG", () => {
    assert.deepEqual(encodeConfig({ "aws:region": "us-east-1", "a:n": 3, "a:o": { x: [1] }, "a:b": true }), {
      "aws:region": "us-east-1", "a:n": "3", "a:o": '{"x":[1]}', "a:b": "true",
    });
  });
});
