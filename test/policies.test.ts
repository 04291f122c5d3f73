// The policy pack as the engine drives it, on hand-built resources: what the engine sees of the pack (a real
// spawned process, real gRPC), then every verdict through preview(), the SDK's own AnalyzeStack handler in process.
import * as assert from "node:assert/strict";
import { openPolicyPack } from "../src/engine/session";
import {
  assertHasViolation,
  assertNoViolation,
  gpu,
  instance,
  PACK_DIR,
  preview,
  SECRET,
  UNKNOWN,
  violations,
} from "./helpers/pack";

// One declaration reused below: 3e9 input + 1e9 output tokens a month, 20 ops hours, production.
const chat = (managedModel: string, extra: Record<string, unknown> = {}) => ({
  monthlyInputTokens: 3_000_000_000,
  monthlyOutputTokens: 1_000_000_000,
  managedModel,
  opsHoursPerMonth: 20,
  environment: "production",
  ...extra,
});
const twoG6e = (workload = "chat") => [gpu(`${workload}-0`, "g6e.xlarge", workload, "us-east-1a"), gpu(`${workload}-1`, "g6e.xlarge", workload, "us-east-1b")];

describe("policy pack: what the engine sees", function () {
  it("announces the ten policies with their default levels, kinds and assumptions schema", async function () {
    const session = await openPolicyPack({ packDir: PACK_DIR, project: "gpu-inference", stack: "test" });
    try {
      const byName = new Map(session.info.policies.map((p) => [p.name, p]));
      assert.equal(session.info.name, "gpu-breakeven");
      assert.equal(session.info.supportsConfig, true);
      const expected: [string, string, string][] = [
        ["self-hosting-break-even", "mandatory", "stack"],
        ["self-hosting-fragile", "advisory", "stack"],
        ["data-residency", "mandatory", "stack"],
        ["fleet-capacity", "advisory", "stack"],
        ["production-redundancy", "advisory", "stack"],
        ["gpu-workload-declared", "advisory", "stack"],
        ["gpu-pricing-known", "advisory", "stack"],
        ["workload-declaration-valid", "mandatory", "stack"],
        ["catalog-fresh", "advisory", "stack"],
        ["pack-health", "mandatory", "stack"],
      ];
      assert.equal(byName.size, 10);
      for (const [name, level, type] of expected) {
        assert.equal(byName.get(name)?.enforcementLevel, level, name);
        assert.equal(byName.get(name)?.policyType, type, name);
      }
      // No JSON-schema default (the engine would copy it into every cost policy's config, and the pack could no
      // longer tell what the user set): each default is stated at the end of the description instead.
      const schema = byName.get("self-hosting-break-even")!.configSchema!.properties as Record<string, { default?: unknown; description?: string }>;
      assert.ok(!JSON.stringify(schema).includes('"default"'), "no property carries a JSON-schema default");
      assert.ok(schema.hoursPerMonth.description!.endsWith(" Default: 730."), schema.hoursPerMonth.description);
      assert.ok(schema.stressUtilization.description!.endsWith(" Default: 0.5."), schema.stressUtilization.description);
      assert.ok(schema.instancePrices.description!.endsWith(" Default: {}."), schema.instancePrices.description);
      assert.ok(!JSON.stringify(schema).includes("anyOf"), "config shapes must be free of unions");
      assert.equal(byName.get("pack-health")!.configSchema, undefined, "pack-health takes no config");
    } finally {
      await session.close();
    }
  });
});

describe("policy pack: verdicts and their arithmetic", function () {
  it("fails: a mandatory break-even violation that carries every cost line and a way to pass", async function () {
    const ds = await preview({ region: "us-east-1", workloads: { chat: chat("openai/gpt-4o-mini") }, resources: twoG6e() });
    // compute: 2 × $1.861/h × 730 h = $2,717.06; ops: 20 h × $100/h = $2,000; F = $4,717.06
    // M(V) = 3,000M × $0.15 + 1,000M × $0.60 = $450 + $600 = $1,050; M(0.5·V) = $525
    // V* = F ÷ (M(V) ÷ V) = 4,717.06 ÷ (1,050 ÷ 4e9) = 17.97B tokens
    const v = assertHasViolation(ds, "self-hosting-break-even", "mandatory", [
      "Workload chat",
      "chat-0, chat-1",
      "2 × g6e.xlarge × $1.861/h × 730 h = $2,717",
      "power: included in the rental price = $0",
      "ops: 20 h × $100.00/h = $2,000",
      "F = $4,717",
      "openai/gpt-4o-mini",
      "= $1,050",
      "at 0.5·V = 2.00B tokens: $525",
      "17.97B tokens/month",
      "Catalog as of ",
      // ops alone: 20 h × $100 = $2,000 > M(V) = $1,050, so no fleet can pass; F − M(V) = $4,717.06 − $1,050 = $3,667
      "The ops hours alone cost more than $1,050 = M(V): no self-hosted fleet with these ops hours can pass.",
      "To pass (fixed cost at most $1,050 = M(V)): serve at least V* = 17.97B tokens/month on this fleet; " +
        "or call openai/gpt-4o-mini instead ($1,050/month, $3,667 less).",
    ]);
    assert.ok(v.urn.endsWith("::chat-0"), "the violation points at the workload's first resource");
    assertNoViolation(ds, "self-hosting-fragile");
  });

  it("fragile: advisory only, naming M(V) and M(s·V)", async function () {
    const ds = await preview({ region: "us-east-1", workloads: { chat: chat("anthropic/claude-haiku-4-5") }, resources: twoG6e() });
    // M(V) = 3,000 × $1 + 1,000 × $5 = $8,000 ≥ F $4,717 > M(0.5·V) = $4,000
    // V* = $4,717.06 ÷ ($8,000 ÷ 4B) = 2.36B; robust needs V* ÷ 0.5 = 4.72B. No throughput declared: no fleet to size.
    const v = assertHasViolation(ds, "self-hosting-fragile", "advisory", [
      "$8,000",
      "$4,000",
      "verdict: fragile",
      "The pack cannot size a cheaper fleet: no throughput is known",
      "To pass (fixed cost at most $4,000 = M(0.5·V)): plan for at least V* ÷ 0.5 = 4.72B tokens/month on this fleet.",
    ]);
    // Fragile is about robustness: the managed API is not offered as the way to pass.
    assert.ok(!v.message.includes("call anthropic/claude-haiku-4-5 instead"), v.message);
    assertNoViolation(ds, "self-hosting-break-even");
  });

  it("robust: no cost violation at all", async function () {
    const ds = await preview({ region: "us-east-1", workloads: { chat: chat("openai/gpt-4.1") }, resources: twoG6e() });
    // M(0.5·V) = 0.5 × (3,000 × $2 + 1,000 × $8) = $7,000 ≥ F $4,717. (catalog-fresh follows the catalog's source dates.)
    assert.deepEqual(ds.filter((d) => d.policyName !== "catalog-fresh"), []);
  });

  it("selfHostedOnly: a fleet that fails on cost is not a break-even violation", async function () {
    const ds = await preview({
      region: "us-east-1",
      workloads: { chat: chat("openai/gpt-4o-mini", { dataResidency: { selfHostedOnly: true } }) },
      resources: twoG6e(),
    });
    assert.deepEqual(ds.filter((d) => d.policyName !== "catalog-fresh"), []);
  });
});

describe("policy pack: organisation assumptions (policy config)", function () {
  it("instancePrices and hoursPerMonth win over the catalog and the default month", async function () {
    const assumptions = { instancePrices: { "g6e.xlarge": 0.5 }, hoursPerMonth: 720 };
    const ds = await preview({
      region: "us-east-1",
      workloads: { chat: chat("openai/gpt-4o-mini") },
      resources: twoG6e(),
      policyConfig: { "self-hosting-break-even": assumptions },
    });
    // 2 × $0.50/h × 720 h = $720; F = $720 + $2,000 = $2,720 > M(V) $1,050: still fails
    assertHasViolation(ds, "self-hosting-break-even", "mandatory", [
      "2 × g6e.xlarge × $0.50/h × 720 h = $720 (policy config instancePrices, us-east-1)",
      "F = $2,720",
    ]);
  });

  it("assumptions are set once: set under self-hosting-break-even only, every cost policy's figures use them", async function () {
    const ds = await preview({
      region: "us-east-1",
      workloads: { chat: chat("anthropic/claude-haiku-4-5", { tokensPerSecondPerInstance: 100 }) },
      resources: twoG6e(),
      policyConfig: { "self-hosting-break-even": { hoursPerMonth: 720, stressUtilization: 0.55 } },
    });
    // F = 2 × $1.861 × 720 h + 20 h × $100 = $2,679.84 + $2,000 = $4,679.84; M(V) = $8,000;
    // M(0.55·V) = 0.55 × $8,000 = $4,400 < F → fragile (self-hosting-fragile reads the 0.55 and the 720 h)
    assertHasViolation(ds, "self-hosting-fragile", "advisory", [
      "2 × g6e.xlarge × $1.861/h × 720 h = $2,680",
      "F = $4,680",
      "at 0.55·V = 2.20B tokens: $4,400",
    ]);
    // fleet-capacity too: 2 × 100 tokens/s × 3,600 s × 720 h = 518.40M tokens < 4B; 4e9 ÷ 518.4e6 = 771.6%
    assertHasViolation(ds, "fleet-capacity", "advisory", ["2 × 100 tokens/s × 3,600 s × 720 h = 518.40M tokens/month", "771.6%"]);
    assertNoViolation(ds, "pack-health");
  });

  it("assumptions are set once: the same value under two policies is no conflict", async function () {
    const ds = await preview({
      region: "us-east-1",
      workloads: { chat: chat("anthropic/claude-haiku-4-5") },
      resources: twoG6e(),
      policyConfig: { "self-hosting-break-even": { hoursPerMonth: 720 }, "fleet-capacity": { hoursPerMonth: 720 } },
    });
    assertNoViolation(ds, "pack-health");
    assertHasViolation(ds, "self-hosting-fragile", "advisory", ["× 720 h = $2,680"]);
  });

  it("assumptions are set once: one key with two values is one mandatory pack-health finding naming both; the first policy's value is used", async function () {
    const ds = await preview({
      region: "us-east-1",
      workloads: { chat: chat("anthropic/claude-haiku-4-5") },
      resources: twoG6e(),
      // Listed fleet-capacity first: the registry's order (self-hosting-fragile before fleet-capacity) decides, not the file's.
      policyConfig: { "fleet-capacity": { hoursPerMonth: 700 }, "self-hosting-fragile": { hoursPerMonth: 720 } },
    });
    assertHasViolation(ds, "pack-health", "mandatory", [
      "The cost assumption hoursPerMonth is set to different values",
      "self-hosting-fragile.hoursPerMonth = 720",
      "fleet-capacity.hoursPerMonth = 700",
      "the pack used 720 (from self-hosting-fragile)",
    ]);
    // Every figure uses 720 h: 2 × $1.861 × 720 = $2,679.84 (700 h would give $2,605.40)
    assertHasViolation(ds, "self-hosting-fragile", "advisory", ["× 720 h = $2,680"]);
    assert.ok(!ds.some((d) => d.message.includes("cost assumptions differ")), "the old per-policy warning is gone");
  });

  it("managedModels adds a model unknown to the catalog", async function () {
    const ds = await preview({
      region: "us-east-1",
      workloads: { chat: chat("acme/in-house-llm") },
      resources: twoG6e(),
      policyConfig: { "self-hosting-break-even": { managedModels: { "acme/in-house-llm": { inputUsdPerMillion: 0.1, outputUsdPerMillion: 0.1 } } } },
    });
    // M(V) = 4,000M × $0.10 = $400 < F $4,717: fails, priced from the policy config
    assertHasViolation(ds, "self-hosting-break-even", "mandatory", ["acme/in-house-llm", "= $400", "policy config managedModels"]);
    assertNoViolation(ds, "workload-declaration-valid");
  });

  it("an unknown policy-config key is a pack-health finding with a did-you-mean, not ignored", async function () {
    const ds = await preview({
      region: "us-east-1",
      workloads: { chat: chat("openai/gpt-4.1") },
      resources: twoG6e(),
      policyConfig: { "self-hosting-break-even": { opsUsdPerHr: 5 } },
    });
    assertHasViolation(ds, "pack-health", "mandatory", [
      "The policy config self-hosting-break-even.opsUsdPerHr is not a cost assumption",
      'did you mean "opsUsdPerHour"?',
      "Its default is used instead",
    ]);
    // The default $100/h stands: F = $2,717 + 20 h × $100 = $4,717 ≤ M(0.5·V) = $7,000 (gpt-4.1) → robust, no cost finding
    assertNoViolation(ds, "self-hosting-break-even");
    assertNoViolation(ds, "self-hosting-fragile");
  });

  it("an out-of-range value is rejected by the engine's schema validation before any resource is analyzed", async function () {
    await assert.rejects(
      preview({
        region: "us-east-1",
        workloads: { chat: chat("openai/gpt-4.1") },
        resources: twoG6e(),
        policyConfig: { "self-hosting-break-even": { hoursPerMonth: 1000 } },
      }),
      /self-hosting-break-even: hoursPerMonth/,
    );
  });
});

describe("policy pack: robust against odd input", function () {
  it("a malformed declaration names the key; the other workload is still judged", async function () {
    const ds = await preview({
      region: "us-east-1",
      workloads: { broken: { monthlyInputTokens: "lots", monthlyOutputTokens: 1 }, chat: chat("openai/gpt-4o-mini") },
      resources: [...twoG6e(), gpu("broken-0", "g5.xlarge", "broken", "us-east-1a")],
    });
    assertHasViolation(ds, "workload-declaration-valid", "mandatory", [
      'gpu-breakeven:workloads.broken.monthlyInputTokens must be a number ≥ 0, got "lots"',
    ]);
    assertHasViolation(ds, "self-hosting-break-even", "mandatory", ["Workload chat"]);
  });

  it("stack config that is not JSON is a declaration violation, not a crash", async function () {
    const ds = await preview({
      region: "us-east-1",
      stackConfig: { "gpu-breakeven:workloads": "{not json" },
      resources: twoG6e(),
    });
    assertHasViolation(ds, "workload-declaration-valid", "mandatory", ["gpu-breakeven:workloads could not be read", "not valid JSON"]);
  });

  it("an unknown instanceType on one workload's resource leaves the other workload's findings intact", async function () {
    const ds = await preview({
      region: "us-east-1",
      workloads: { chat: chat("openai/gpt-4o-mini"), batch: chat("openai/gpt-4o-mini") },
      resources: [...twoG6e(), gpu("batch-0", UNKNOWN, "batch", "us-east-1a"), gpu("batch-1", "g6e.xlarge", "batch", "us-east-1b")],
    });
    const breakEven = violations(ds, "self-hosting-break-even");
    assert.equal(breakEven.length, 2);
    const chatV = breakEven.find((d) => d.message.includes("Workload chat"))!;
    assert.equal(chatV.enforcementLevel, "mandatory");
    const batchV = breakEven.find((d) => d.message.includes("Workload batch"))!;
    assert.equal(batchV.enforcementLevel, "advisory");
    assert.ok(batchV.message.includes("batch-0: instanceType of batch-0 can't be known during preview"), batchV.message);
    assert.ok(batchV.message.includes("The other workloads were evaluated"), batchV.message);
  });

  it("an unknown region is an advisory residency finding for that resource only", async function () {
    const ds = await preview({
      workloads: { chat: chat("openai/gpt-4.1", { dataResidency: { allowedRegions: ["us-*"] } }) },
      resources: [
        { ...gpu("chat-0", "g6e.xlarge", "chat", "us-east-1a", { region: UNKNOWN }) },
        gpu("chat-1", "g6e.xlarge", "chat", "us-east-1b"),
      ],
    });
    const v = assertHasViolation(ds, "data-residency", "advisory", ["Could not check chat-0", "region of chat-0 can't be known during preview"]);
    assert.ok(v.urn.endsWith("::chat-0") || (v.resourceUrn ?? "").endsWith("::chat-0"));
  });

  it("never echoes a secret tag or secret stack config", async function () {
    const ds = await preview({
      region: "us-east-1",
      stackConfig: { "gpu-inference:apiKey": "sk-live-DO-NOT-PRINT" },
      workloads: { chat: chat("openai/gpt-4o-mini") },
      resources: [
        gpu("chat-0", "g6e.xlarge", "chat", "us-east-1a", { tags: { "gpu-breakeven:workload": "chat", costCenter: SECRET("cc-SECRET-42") } }),
        gpu("chat-1", "g9.xlarge", "chat", "us-east-1b", { tags: SECRET({ "gpu-breakeven:workload": "chat", owner: "alice-SECRET" }) }),
      ],
    });
    assert.ok(ds.length > 0);
    for (const d of ds) {
      for (const secret of ["cc-SECRET-42", "alice-SECRET", "sk-live-DO-NOT-PRINT"]) assert.ok(!d.message.includes(secret), d.message);
    }
  });

  it("wrong property types never crash the pack", async function () {
    const ds = await preview({
      region: "us-east-1",
      workloads: { chat: chat("openai/gpt-4.1") },
      resources: [
        instance("weird-0", { instanceType: 42, tags: "not-a-map" }),
        instance("weird-1", { instanceType: "g6e.xlarge", tags: ["x"], availabilityZone: { nested: true }, region: 7 }),
        instance("weird-2", { instanceType: "g6e.xlarge", tags: { "gpu-breakeven:workload": 12 } }),
      ],
    });
    for (const d of ds) assert.ok(!d.message.includes("could not finish"), d.message);
  });
});

describe("policy pack: residency, declaration, pricing, capacity and redundancy", function () {
  it("data-residency: an explicit provider in the wrong region is mandatory and names both", async function () {
    const eu = instance("chat-0", { instanceType: "g6e.xlarge", tags: { "gpu-breakeven:workload": "chat" } }, { providerRegion: "eu-west-1" });
    const ds = await preview({
      region: "us-east-1",
      workloads: { chat: chat("openai/gpt-4.1", { dataResidency: { allowedRegions: ["us-*"] } }) },
      resources: [eu, gpu("chat-1", "g6e.xlarge", "chat", "us-east-1b")],
    });
    assertHasViolation(ds, "data-residency", "mandatory", ["chat-0 (g6e.xlarge, workload chat) runs in eu-west-1 (from its provider's region)", "allowedRegions us-*"]);
  });

  it("data-residency: the resource's own region wins over the provider's", async function () {
    const ds = await preview({
      region: "us-east-1",
      workloads: { chat: chat("openai/gpt-4.1", { dataResidency: { allowedRegions: ["eu-central-1"] } }) },
      resources: [gpu("chat-0", "g6.xlarge", "chat", "eu-central-1a", { region: "eu-central-1" }), gpu("chat-1", "g6.xlarge", "chat", "eu-central-1b", { region: "eu-central-1" })],
    });
    assertNoViolation(ds, "data-residency");
  });

  it("gpu-workload-declared: an undeclared tag gets a did-you-mean; an untagged GPU with two workloads is reported", async function () {
    const ds = await preview({
      region: "us-east-1",
      workloads: { chat: chat("openai/gpt-4.1"), batch: chat("openai/gpt-4.1") },
      resources: [gpu("typo-0", "g6e.xlarge", "caht", "us-east-1a"), gpu("loose-0", "g5.xlarge", undefined, "us-east-1a"), instance("web-0", { instanceType: "m5.large" })],
    });
    const found = violations(ds, "gpu-workload-declared");
    assert.equal(found.length, 2);
    assert.ok(found.some((d) => d.message.includes('tagged gpu-breakeven:workload: "caht"') && d.message.includes('Did you mean "chat"?')));
    assert.ok(found.some((d) => d.message.includes("loose-0 (g5.xlarge) belongs to no declared workload")));
  });

  it("the single-workload rule: untagged GPUs belong to the only workload", async function () {
    const ds = await preview({
      region: "us-east-1",
      workloads: { chat: chat("openai/gpt-4o-mini") },
      resources: [gpu("a-0", "g6e.xlarge", undefined, "us-east-1a"), gpu("a-1", "g6e.xlarge", undefined, "us-east-1b")],
    });
    assertNoViolation(ds, "gpu-workload-declared");
    assertHasViolation(ds, "self-hosting-break-even", "mandatory", ["a-0, a-1"]);
  });

  it("gpu-pricing-known: an unknown type is never priced at $0, and its workload is not judged", async function () {
    const ds = await preview({
      region: "us-east-1",
      workloads: { chat: chat("openai/gpt-4.1") },
      resources: [gpu("chat-0", "g6e.xlarge", "chat", "us-east-1a"), gpu("chat-1", "g6e.xlargee", "chat", "us-east-1b")],
    });
    assertHasViolation(ds, "gpu-pricing-known", "advisory", ["g6e.xlargee is not in the catalog (did you mean g6e.xlarge?)", 'instancePrices["g6e.xlargee"]']);
    assertHasViolation(ds, "self-hosting-break-even", "advisory", ["could not be evaluated", "no price for g6e.xlargee"]);
  });

  it("gpu-pricing-known: a family not offered in the region is said so, never priced", async function () {
    const ds = await preview({
      region: "eu-west-2",
      workloads: { chat: chat("openai/gpt-4.1") },
      resources: [
        gpu("chat-0", "g6e.xlarge", "chat", "eu-west-2a", { region: "eu-west-2" }),
        gpu("chat-1", "g6e.xlarge", "chat", "eu-west-2b", { region: "eu-west-2" }),
      ],
    });
    assert.equal(violations(ds, "gpu-pricing-known").length, 2);
    const message = violations(ds, "gpu-pricing-known")[0].message;
    // The catalog's notOffered list (instances.vantage.sh data): g6e has no eu-west-2 offering.
    assert.ok(message.includes("g6e is not offered in eu-west-2"), message);
    assert.ok(message.includes("Offered in: ap-northeast-1, eu-central-1, eu-north-1, us-east-1, us-east-2, us-west-2."), message);
    // The workload is not judged on a guessed price: advisory, naming the missing price.
    assertHasViolation(ds, "self-hosting-break-even", "advisory", ["no price for g6e.xlarge in eu-west-2"]);
  });

  it("a managed model the catalog does not know blocks, with a suggestion", async function () {
    const ds = await preview({ region: "us-east-1", workloads: { chat: chat("openai/gpt-4o-mni") }, resources: twoG6e() });
    assertHasViolation(ds, "self-hosting-break-even", "mandatory", [
      'managed model "openai/gpt-4o-mni" from gpu-breakeven:workloads.chat.managedModel is not in the catalog',
      'did you mean "openai/gpt-4o-mini"?',
    ]);
  });

  it("fleet-capacity: declared volume beyond what the fleet can serve", async function () {
    const ds = await preview({
      region: "us-east-1",
      workloads: { chat: chat("openai/gpt-4.1", { tokensPerSecondPerInstance: 500 }) },
      resources: twoG6e(),
    });
    // capacity = 2 × 500 tokens/s × 3,600 s × 730 h = 2.628B tokens/month < V = 4B; 4e9 ÷ 2.628e9 = 152.2%
    // instances needed = ceil(4e9 ÷ (500 × 3,600 × 730)) = ceil(3.04) = 4
    assertHasViolation(ds, "fleet-capacity", "advisory", ["2.63B", "152.2%", "run at least 4 instances"]);
  });

  it("production-redundancy: one instance, or all in one zone; staging is exempt", async function () {
    const single = await preview({ region: "us-east-1", workloads: { chat: chat("openai/gpt-4.1") }, resources: [gpu("chat-0", "g6e.xlarge", "chat", "us-east-1a")] });
    assertHasViolation(single, "production-redundancy", "advisory", ["runs on 1 GPU instance"]);
    const oneZone = await preview({
      region: "us-east-1",
      workloads: { chat: chat("openai/gpt-4.1") },
      resources: [gpu("chat-0", "g6e.xlarge", "chat", "us-east-1a"), gpu("chat-1", "g6e.xlarge", "chat", "us-east-1a")],
    });
    assertHasViolation(oneZone, "production-redundancy", "advisory", ["all 2 GPU instances run in us-east-1a"]);
    const staging = await preview({
      region: "us-east-1",
      workloads: { chat: chat("openai/gpt-4.1", { environment: "staging" }) },
      resources: [gpu("chat-0", "g6e.xlarge", "chat", "us-east-1a")],
    });
    assertNoViolation(staging, "production-redundancy");
  });

  it("a stack with no GPU and no declaration is silent", async function () {
    const ds = await preview({ region: "us-east-1", resources: [instance("web-0", { instanceType: "t3.micro" })] });
    assert.deepEqual(ds, []);
  });
});
