// Fail closed, never leak, never amplify (issue 11): hostile input, one test per defect. The rules run in process
// (preview()); what depends on the pack process (concurrent calls, a report path) goes through the engine protocol.
import * as assert from "node:assert/strict";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { openPolicyPack } from "../src/engine/session";
import { assertHasViolation, gpu, PACK_DIR, preview, previewSpawned, stackConfigOf, TEST_NOW, violations } from "./helpers/pack";

// 2 × g6e.xlarge ($1.861/h) and 20 ops hours against gpt-4o-mini: F = $2,717.06 + $2,000 = $4,717.06 > M(V) = $1,050.
const CHAT = {
  monthlyInputTokens: 3e9,
  monthlyOutputTokens: 1e9,
  managedModel: "openai/gpt-4o-mini",
  opsHoursPerMonth: 20,
  environment: "production",
  tokensPerSecondPerInstance: 2500,
};
const fleet = () => [gpu("chat-0", "g6e.xlarge", "chat", "us-east-1a"), gpu("chat-1", "g6e.xlarge", "chat", "us-east-1b")];

describe("fail closed: invalid is not unknown", () => {
  it("a known, invalid count in a workload's fleet blocks (mandatory), naming the key and the limit", async () => {
    const bad = gpu("chat-2", "g6e.xlarge", "chat", "us-east-1a");
    bad.type = "aws:ec2/capacityReservation:CapacityReservation";
    bad.urn = bad.urn.replace("aws:ec2/instance:Instance", bad.type);
    bad.properties = { ...bad.properties, instanceCount: -3, instancePlatform: "Linux/UNIX" };
    const ds = await preview({ region: "us-east-1", workloads: { chat: CHAT }, resources: [...fleet(), bad] });
    const finding = assertHasViolation(ds, "self-hosting-break-even", "mandatory", [
      "Workload chat could not be evaluated",
      "must be a whole number from 0 to 10,000, got -3",
      "An invalid value is not an unknown one: this blocks until it is fixed.",
    ]);
    assert.ok(finding);
  });

  it("a value unknown during preview still makes the workload advisory only", async () => {
    const unknown = gpu("chat-2", "04da6b54-80e4-46f7-96ec-b56ff0331ba9", "chat", "us-east-1a");
    const ds = await preview({ region: "us-east-1", workloads: { chat: CHAT }, resources: [...fleet(), unknown] });
    assertHasViolation(ds, "self-hosting-break-even", "advisory", ["could not be evaluated", "can't be known during preview"]);
  });
});

describe("fail closed: no amplification, no raw control characters", () => {
  it("a resource name with newlines and 5,000 characters is escaped and cut in every message", async () => {
    const name = `evil\n## heading\r\u0007${"x".repeat(5000)}`;
    const stray = gpu(name, "g6e.xlarge", "nobody", "us-east-1a");
    const ds = await preview({ region: "us-east-1", workloads: { chat: CHAT }, resources: [...fleet(), stray] });
    const found = violations(ds, "gpu-workload-declared");
    assert.equal(found.length, 1);
    const message = found[0].message;
    assert.ok(message.includes("evil\\n## heading\\r\\u0007x"), message.slice(0, 300));
    assert.ok(!message.includes("\n## heading"), "a name cannot start a line of the message");
    assert.ok(message.length < 1500, `message of ${message.length} characters`);
    assert.ok(message.includes("…"), "the cut is marked");
  });

  it("300 declared workloads are summarised in a message, not listed whole", async () => {
    const workloads: Record<string, unknown> = { chat: CHAT };
    for (let i = 0; i < 300; i++) workloads[`w${i}`] = { monthlyInputTokens: 1, monthlyOutputTokens: 1, opsHoursPerMonth: 0 };
    const stray = gpu("stray-0", "g6e.xlarge", "nobody", "us-east-1a");
    const ds = await preview({ region: "us-east-1", workloads, resources: [...fleet(), stray] });
    const message = violations(ds, "gpu-workload-declared")[0].message;
    // 301 names, 10 shown: "and 291 more".
    assert.ok(message.includes("and 291 more"), message);
    assert.ok(message.length < 1000, `message of ${message.length} characters`);
  });

  it("an absurd price never prints Infinity, NaN or an exponent", async () => {
    // F = 2 × $1,000,000/h (the schema's limit) × 730 h + $2,000 = $1,460,002,000.
    // M(V) = 4,000M × $0.000000001 = $0.000004, so V* = F ÷ (M(V) ÷ V) = 1.46e9 ÷ 1e-15 ≈ 1.46e24 tokens, and
    // V* ÷ capacity (2 × 2,500 × 3,600 × 730 = 13.14B) ≈ 1.1e14 = 1.1e16 %: both far past what a figure should show.
    const ds = await preview({
      region: "us-east-1",
      workloads: { chat: { ...CHAT, managedModel: "cheap/model" } },
      resources: fleet(),
      policyConfig: {
        "self-hosting-break-even": {
          instancePrices: { "g6e.xlarge": 1e6 },
          managedModels: { "cheap/model": { inputUsdPerMillion: 1e-9, outputUsdPerMillion: 1e-9 } },
        },
      },
    });
    const message = assertHasViolation(ds, "self-hosting-break-even", "mandatory", ["the fleet costs $1,460,002,000/month"]).message;
    assert.doesNotMatch(message, /Infinity|NaN|\de[+-]\d/, message);
    assert.ok(message.includes("V* = F ÷ (M(V) ÷ V) = over 1,000,000T tokens/month"), message);
    assert.ok(message.includes("over 1,000,000% at V*"), message);
  });
});

describe("fail closed: through the engine protocol", function () {
  it("concurrent AnalyzeStack calls each get their own analysis", async () => {
    const session = await openPolicyPack({
      packDir: PACK_DIR,
      stackConfig: stackConfigOf({ region: "us-east-1", workloads: { chat: CHAT } }),
      project: "gpu-inference",
      stack: "test",
      env: { GPU_BREAKEVEN_NOW: TEST_NOW.toISOString() },
    });
    try {
      await session.configure();
      // n instances of g6e.xlarge: F = n × $1.861 × 730 + $2,000 = n × $1,358.53 + $2,000.
      const counts = [2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
      const runs = await Promise.all(
        counts.map((n) => session.analyzeStack(Array.from({ length: n }, (_, i) => gpu(`chat-${i}`, "g6e.xlarge", "chat", i % 2 ? "us-east-1b" : "us-east-1a")))),
      );
      runs.forEach((ds, i) => {
        const n = counts[i];
        const fixed = Math.round(n * 1358.53 + 2000).toLocaleString("en-US");
        const message = violations(ds, "self-hosting-break-even")[0]?.message ?? "";
        assert.ok(message.includes(`the fleet costs $${fixed}/month`), `call ${i} (${n} instances):\n${message.split("\n")[1]}`);
      });
    } finally {
      await session.close();
    }
  });

  describe("a report that cannot be written changes nothing else", () => {
    let dir: string;
    before(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), "gpu-breakeven-report-"))));
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    const targets: [string, () => string, RegExp][] = [
      ["under a regular file", () => {
        fs.writeFileSync(path.join(dir, "file"), "x");
        return path.join(dir, "file", "report.json");
      }, /is not a directory/],
      ["a name that is too long", () => path.join(dir, `${"r".repeat(300)}.json`), /./],
      ["a directory", () => {
        fs.mkdirSync(path.join(dir, "folder"), { recursive: true });
        return path.join(dir, "folder");
      }, /it is a directory/],
    ];
    for (const [what, target, reason] of targets) {
      it(`${what}: its own pack-health finding, and the break-even verdict stays mandatory`, async () => {
        const file = target();
        const ds = await previewSpawned({ region: "us-east-1", workloads: { chat: CHAT }, resources: fleet(), env: { GPU_BREAKEVEN_REPORT: file } });
        assertHasViolation(ds, "self-hosting-break-even", "mandatory", ["the fleet costs $4,717/month"]);
        const health = assertHasViolation(ds, "pack-health", "mandatory", ["The JSON report could not be written to"]);
        assert.match(health.message, reason);
        if (what === "a directory") assert.ok(fs.statSync(file).isDirectory(), "the directory is left alone");
      });
    }
  });
});
