// Every example stack, end to end: the example program under the SDK's mocks, every resource through
// the real pack over the engine protocol, and the pack's own JSON report. Figures: stacks/EXPECTED.md.
import * as assert from "node:assert/strict";
import * as path from "path";
import type { StackCheck } from "../src/cli/checkStack";
import { listStacks } from "../src/project/project";
import { policyEntry } from "../src/analysis/registry";
import { allFindings } from "../src/report/levels";
import { summarize } from "../src/report/summary";
import { costChart } from "../src/report/chart";
import { exampleCheck, prefetchExampleChecks, project } from "./helpers/exampleStacks";
// Suites that read the same previews: loaded here so they run in this process (mocha runs files in parallel).
import "./exampleSuites/comment";
import "./exampleSuites/programs";

/**
 * "policy:level" for every diagnostic, sorted, so a stack's findings compare as one list. catalog-fresh is left out: it
 * follows the dates of the catalog's sources, not the stack (test/catalog-fresh.test.ts; the one-truth test still
 * compares it between the engine and the report).
 */
function findings(check: StackCheck): string[] {
  return check.diagnostics.filter((d) => d.policyName !== "catalog-fresh").map((d) => `${d.policyName}:${d.enforcementLevel}`).sort();
}

function workload(check: StackCheck, name: string) {
  const w = check.report?.workloads.find((x) => x.name === name);
  assert.ok(w, `workload ${name} is in the report of ${check.stack}`);
  return w!;
}

/** Compares dollar figures to the cent. */
function assertUsd(actual: number | undefined, expected: number, what: string) {
  assert.ok(actual !== undefined && Math.abs(actual - expected) < 0.005, `${what}: expected ${expected}, got ${actual}`);
}

describe("example stacks (program under mocks → policy pack over the engine protocol)", function () {
  before(async function () {
    this.timeout(180_000);
    await prefetchExampleChecks(listStacks(project));
  });

  it("one truth: on every stack the engine's findings and the JSON report's are the same policies, levels, resources and messages", async function () {
    for (const stack of listStacks(project)) {
      const check = await exampleCheck(stack);
      assert.ok(check.report, `${stack}: the pack wrote a report`);
      const engine = check.diagnostics.map((d) => `${d.policyName}|${d.enforcementLevel}|${d.urn}|${d.message}`).sort();
      const report = allFindings(check.report!)
        .filter((f) => f.level !== "disabled")
        // The engine shows a finding about no resource against the stack itself (step_generator.go AnalyzeResources).
        .map((f) => `${f.policy}|${f.level}|${f.urn ?? `urn:pulumi:${stack}::${project.name}::pulumi:pulumi:Stack::${project.name}-${stack}`}|${policyEntry(f.policy)!.description}\n${f.message}`)
        .sort();
      assert.deepEqual(report, engine, stack);
      const summary = summarize([check.report!]);
      assert.equal(summary.mandatory, check.diagnostics.filter((d) => d.enforcementLevel === "mandatory").length, `${stack}: mandatory count`);
      assert.equal(summary.advisory, check.diagnostics.filter((d) => d.enforcementLevel === "advisory").length, `${stack}: advisory count`);
    }
  });

  it("has the stacks the README lists", function () {
    assert.deepEqual(listStacks(project), [
      "asg-spot", "bursty", "capacity-reservation", "eks-spot", "fails", "fragile", "invalid-declaration", "multi-workload",
      "owned-hardware", "residency-breach", "residency-justified", "robust", "sagemaker-endpoint",
    ]);
  });

  // The robust, fragile and fails stacks share one fleet: 2 × g6e.xlarge, 20 ops hours.
  // F = 2 × $1.861/h × 730 h + 20 h × $100/h = $2,717.06 + $2,000 = $4,717.06. V = 3e9 in + 1e9 out.
  const sharedFixed = 4717.06;

  it("robust: gpt-4.1 costs $14,000 at V and $7,000 at V/2, both above F", async function () {
    const check = await exampleCheck("robust");
    assert.deepEqual(findings(check), []);
    const w = workload(check, "chat");
    assert.equal(w.verdict, "robust");
    assertUsd(w.fixedMonthlyUsd, sharedFixed, "F");
    assertUsd(w.managedAtVolumeUsd, 14000, "M(V)"); // 3,000M × $2 + 1,000M × $8
    assertUsd(w.managedAtStressUsd, 7000, "M(0.5·V)");
    // V* = 4,717.06 ÷ (14,000 ÷ 4e9) = 1,347,731,428.6 tokens
    assert.ok(Math.abs(w.breakEvenTokens! - 1_347_731_428.6) < 1, String(w.breakEvenTokens));
    // "Try a frontier and a fast model" at V = 3,000M in + 1,000M out:
    // anthropic/claude-opus-5 3,000 × $5 + 1,000 × $25 = $40,000; google/gemini-2.5-flash 3,000 × $0.30 + 1,000 × $2.50 = $3,400.
    assert.deepEqual(w.alternatives?.map((a) => [a.role, a.id]), [["frontier", "anthropic/claude-opus-5"], ["fast", "google/gemini-2.5-flash"]]);
    assertUsd(w.alternatives?.[0].monthlyUsd, 40000, "frontier at V");
    assertUsd(w.alternatives?.[1].monthlyUsd, 3400, "fast at V");
    // capacity = 2 × 2,500 × 3,600 × 730 = 13,140,000,000; utilization = 4e9 ÷ 13.14e9 = 30.44%
    assert.equal(w.capacityTokensPerMonth, 13_140_000_000);
    assert.ok(Math.abs(w.utilization! - 0.30441) < 0.00001);
  });

  it("bursty: the busiest hour overflows to the API; the verdict counts it, and 4 instances would cost $7,666 less", async function () {
    const check = await exampleCheck("bursty");
    assert.deepEqual(findings(check), ["fleet-capacity:advisory"]);
    const w = workload(check, "chat");
    // V = 16e9 tokens; Σw = 8 × 1 + 10 × 4 + 6 × 2 = 60; a month is 730 ÷ 24 days, so one weight-hour is
    // 16e9 ÷ (60 × 730 ÷ 24) = 16e9 ÷ 1,825 = 8,767,123.29 tokens; the busiest hour (w = 4) 35,068,493.15 tokens.
    const peak = w.peak!;
    assert.ok(Math.abs(peak.peakHourTokens - 35_068_493.15) < 0.01, String(peak.peakHourTokens));
    // The fleet: 2 × 2,500 tokens/s × 3,600 s = 18,000,000 an hour.
    assert.equal(peak.fleetHourlyTokens, 18_000_000);
    // Overflow at V: 10 business hours × (35,068,493.15 − 18,000,000) × 730 ÷ 24 days = 5,191,666,666.7 tokens,
    // at haiku's blended $32,000 ÷ 16e9 = $2 per 1M: $10,383.33. At 0.5·V the busiest hour is 17.53M < 18M: none.
    assert.ok(Math.abs(peak.overflowTokens - 5_191_666_666.7) < 1, String(peak.overflowTokens));
    assertUsd(peak.overflowUsd, 10383.33, "overflow at V");
    assert.equal(peak.stressOverflowTokens, 0);
    // F + overflow(0.5·V) = $4,717.06 ≤ M(0.5·V) = $16,000: robust.
    assert.equal(w.verdict, "robust");
    // Hybrid at V, n × $1,358.53 (1.861 × 730) + $2,000 ops + overflow(n) × $2/1M:
    //   n=0 $32,000; n=1 $3,358.53 + 9,486,666,667 tok → $22,331.86; n=2 $4,717.06 + $10,383.33 = $15,100.39;
    //   n=3 $6,075.59 + 2,454,166,667 tok ($4,908.33) = $10,983.92; n=4 (36M an hour ≥ the peak) $7,434.12: cheapest.
    assert.equal(peak.hybrid?.instances, 4);
    assertUsd(peak.hybrid?.totalUsd, 7434.12, "cheapest plan at V");
    assert.equal(peak.peakSizedInstances, 4);
    // At 0.5·V: n=1 $3,358.53 + 10 × 8,534,246.58 × 730 ÷ 24 tok ($5,191.67) = $8,550.20; n=2 $4,717.06, no overflow.
    assert.equal(peak.stressHybrid?.instances, 2);
    assertUsd(peak.stressHybrid?.totalUsd, 4717.06, "cheapest plan at 0.5·V");
    const capacity = check.diagnostics.find((d) => d.policyName === "fleet-capacity")!;
    // $15,100.39 − $7,434.12 = $7,666.27
    assert.ok(capacity.message.includes("Cheapest plan at V: 4 × g6e.xlarge, no overflow: $7,434/month, $7,666 less than the planned fleet."), capacity.message);
    // The chart: 6 points per V put s·V (point 3) on the grid and V* = 2.36B 0.12 of a step from point 1: x = 0, 2.67B,
    // 5.33B, 8B (0.5·V), 10.67B, 13.33B, 16B (V), 18.67B. Three lines: the API, the fleet with its overflow, the cheapest plan.
    const lines = [...costChart(w)!.mermaid.matchAll(/line \[([^\]]*)\]/g)].map((m) => m[1].split(", ").map(Number));
    assert.equal(lines.length, 3);
    // API: $2 per 1M × 2.667B a step = $5,333.33 a step.
    assert.deepEqual(lines[0], [0, 5333, 10667, 16000, 21333, 26667, 32000, 37333]);
    // Fleet: weights 4 (10 business hours), 2 (6 evening hours), 1 (8 others), Σ = 60; days = 730 ÷ 24 = 30.417, so a
    // weight-hour is x ÷ 1,825. F = $4,717 while 4 × x ÷ 1,825 ≤ 18M (to 8.21B). At 10.67B: (4 × 5,844,748.86 − 18M) × 10
    // = 53,789,954 a day × 30.417 = 1.636B tokens × $2/1M = $3,272.21 → $7,989. At 13.33B: (29,223,744.3 − 18M) × 10 ×
    // 30.417 = 3.414B → $6,827.78 → $11,545. At V $15,100. At 18.67B: business (40,913,242 − 18M) × 10 + evening
    // (20,456,621 − 18M) × 6 = 243,872,146 a day × 30.417 = 7.418B → $14,835.56 → $19,553.
    assert.deepEqual(lines[1], [4717, 4717, 4717, 4717, 7989, 11545, 15100, 19553]);
    // Cheapest plan: $0 at no volume (the API alone), at V $7,434 (4 instances).
    assert.equal(lines[2][0], 0);
    assert.equal(lines[2][6], 7434);
  });

  it("fragile: haiku-4.5 costs $8,000 at V but $4,000 at V/2 — advisory only", async function () {
    const check = await exampleCheck("fragile");
    assert.deepEqual(findings(check), ["self-hosting-fragile:advisory"]);
    const w = workload(check, "chat");
    assert.equal(w.verdict, "fragile");
    assertUsd(w.managedAtVolumeUsd, 8000, "M(V)"); // 3,000M × $1 + 1,000M × $5
    assertUsd(w.managedAtStressUsd, 4000, "M(0.5·V)");
  });

  it("fails: gpt-4o-mini costs $1,050 at V — mandatory, and check exits as pulumi preview would", async function () {
    const check = await exampleCheck("fails");
    assert.deepEqual(findings(check), ["self-hosting-break-even:mandatory"]);
    const w = workload(check, "chat");
    assert.equal(w.verdict, "fails");
    assertUsd(w.managedAtVolumeUsd, 1050, "M(V)"); // 3,000M × $0.15 + 1,000M × $0.60 = $450 + $600
    assertUsd(w.managedAtStressUsd, 525, "M(0.5·V)");
    // V* = 4,717.06 ÷ (1,050 ÷ 4e9) = 17,969,752,381 tokens
    assert.ok(Math.abs(w.breakEvenTokens! - 17_969_752_381) < 1, String(w.breakEvenTokens));
    const message = check.diagnostics[0].message;
    assert.ok(message.includes("2 × g6e.xlarge × $1.861/h × 730 h = $2,717"), message);
  });

  it("residency-breach: robust on cost, but both instances run in us-east-1 against eu-*", async function () {
    const check = await exampleCheck("residency-breach");
    assert.deepEqual(findings(check), ["data-residency:mandatory", "data-residency:mandatory"]);
    const residency = check.diagnostics.filter((d) => d.policyName === "data-residency");
    const names = residency.map((d) => d.message.match(/^(chat-\d)/m)?.[1] ?? d.message.match(/\n(chat-\d) /)?.[1]).sort();
    assert.deepEqual(names, ["chat-0", "chat-1"]);
    assert.ok(residency.every((d) => d.message.includes("runs in us-east-1") && d.message.includes("eu-*")));
    const chat = workload(check, "chat");
    assert.equal(chat.verdict, "robust");
    // gpt-4.1 processes data only through the OpenAI API without data residency ("*"): none within eu-*.
    assert.equal(chat.selfHostedOnly, true);
    assert.deepEqual(chat.noCompliantApi?.offerings, [{ via: "OpenAI API (a project without data residency)", regions: ["*"] }]);
  });

  it("residency-justified: fails on cost, yet selfHostedOnly keeps the break-even policy silent", async function () {
    const check = await exampleCheck("residency-justified");
    assert.deepEqual(findings(check), []);
    const w = workload(check, "patient-notes");
    assert.equal(w.verdict, "fails");
    assert.equal(w.selfHostedOnly, true);
    // g6.xlarge in eu-central-1: $1.0064/h, a published regional price (no estimate);
    // F = 2 × $1.0064 × 730 h + 10 h × $100 = $1,469.34 + $1,000 = $2,469.34 (stacks/EXPECTED.md)
    assert.ok(w.costLines[0].text.includes("$1.0064/h"), w.costLines[0].text);
    assert.ok(!w.costLines[0].text.includes("estimate"), w.costLines[0].text);
    assertUsd(w.fixedMonthlyUsd, 2469.34, "F");
    assertUsd(w.managedAtVolumeUsd, 450, "M(V)");
  });

  it("multi-workload: each workload judged on its own, strays and unpriced types reported", async function () {
    const check = await exampleCheck("multi-workload");
    assert.deepEqual(findings(check), [
      "fleet-capacity:advisory",
      "gpu-pricing-known:advisory",
      "gpu-workload-declared:advisory",
      "gpu-workload-declared:advisory",
      "production-redundancy:advisory",
      "self-hosting-break-even:mandatory",
    ]);
    const chat = workload(check, "chat");
    assert.equal(chat.verdict, "robust");
    assertUsd(chat.fixedMonthlyUsd, 2358.53, "chat F"); // 1 × $1.861 × 730 + 10 h × $100
    const summarize = workload(check, "summarize");
    assert.equal(summarize.verdict, "fails");
    // g5.xlarge in eu-west-1: $1.123/h published. 2 × $1.123 × 730 h + 5 h × $100 = $1,639.58 + $500
    assertUsd(summarize.fixedMonthlyUsd, 2139.58, "summarize F");
    // allowedRegions eu-*: haiku-4.5 through Bedrock's EU profile, 1.1 × the list price:
    // (1,000 × $1 + 100 × $5) × 1.1 = $1,500 × 1.1 = $1,650
    assertUsd(summarize.managedAtVolumeUsd, 1650, "summarize M(V)");
    assert.equal(summarize.managedOffering?.via, "Amazon Bedrock, EU geographic cross-Region inference profile (eu.anthropic.…)");
  });

  it("invalid-declaration: one precise mandatory finding, no crash, no stray-GPU noise", async function () {
    const check = await exampleCheck("invalid-declaration");
    assert.deepEqual(findings(check), ["workload-declaration-valid:mandatory"]);
    assert.ok(check.diagnostics[0].message.includes('gpu-breakeven:workloads.chat.monthlyInputTokens must be a number ≥ 0, got "lots"'));
  });

  it("asg-spot: a launch-template group, half spot, half under a savings plan — fragile", async function () {
    const check = await exampleCheck("asg-spot");
    assert.deepEqual(findings(check), ["self-hosting-fragile:advisory"]);
    const w = workload(check, "rag");
    assert.equal(w.verdict, "fragile");
    // on demand: 2 × $0.9776/h × (1 − 0.35) × 730 h = $927.7424
    // spot:      2 × $0.9776/h × (1 − 0.54) × 730 h = $656.55616
    // F = $927.7424 + $656.55616 + 10 h × $100 = $2,584.29856
    assertUsd(w.fixedMonthlyUsd, 2584.29856, "F");
    assertUsd(w.managedAtVolumeUsd, 4500, "M(V)"); // 2,000M × $1 + 500M × $5
    assertUsd(w.managedAtStressUsd, 2250, "M(0.5·V)");
    const compute = w.costLines.filter((l) => l.kind === "compute").map((l) => l.text);
    assert.ok(compute.some((t) => t.includes("(1 − 0.35 savings plan 1 yr")), compute.join("\n"));
    assert.ok(compute.some((t) => t.includes("(1 − 0.54 spot")), compute.join("\n"));
    assert.ok(compute.every((t) => t.includes("auto-scaling group rag-asg, 2–8 instances")), compute.join("\n"));
    // capacity = 4 × 1,000 tokens/s × 3,600 s × 730 h = 10,512,000,000; utilization = 2.5e9 ÷ 10.512e9 = 23.78%
    assert.equal(w.capacityTokensPerMonth, 10_512_000_000);
  });

  it("eks-spot: a spot node group still loses to gpt-4o-mini — mandatory; its capacity is estimated from the model", async function () {
    const check = await exampleCheck("eks-spot");
    assert.deepEqual(findings(check), ["fleet-capacity:advisory", "self-hosting-break-even:mandatory"]);
    const capacity = check.diagnostics.find((d) => d.policyName === "fleet-capacity")!;
    assert.ok(capacity.message.includes("Capacity (estimated from the served model)"), capacity.message);
    const breakEven = check.diagnostics.find((d) => d.policyName === "self-hosting-break-even")!;
    // With $2,000 of ops hours, $700 is left for compute: no catalog fleet (spot-priced, like this one) serves 12B tokens for that.
    assert.ok(breakEven.message.includes("No catalog fleet serves the declared volume for $2,700 = M(V) or less"), breakEven.message);
    // $3,327 − $2,700 = $627
    assert.ok(breakEven.message.includes("call openai/gpt-4o-mini instead ($2,700/month, $627 less)"), breakEven.message);
    const w = workload(check, "embeddings");
    // F = 3 × $1.212/h × (1 − 0.5) × 730 h + 20 h × $100 = $1,327.14 + $2,000 = $3,327.14
    assertUsd(w.fixedMonthlyUsd, 3327.14, "F");
    assertUsd(w.managedAtVolumeUsd, 2700, "M(V)"); // 10,000M × $0.15 + 2,000M × $0.60 = $1,500 + $1,200
    assert.equal(w.verdict, "fails");
    assert.ok(breakEven.urn.endsWith("aws:eks/nodeGroup:NodeGroup::embeddings-gpu-nodes"));
    assert.equal(workload(check, "embeddings").capacityEstimated, true);
  });

  it("sagemaker-endpoint: priced at SageMaker's ml.* rate — robust", async function () {
    const check = await exampleCheck("sagemaker-endpoint");
    assert.deepEqual(findings(check), []);
    const w = workload(check, "support-bot");
    // F = 2 × $1.515/h × 730 h + 30 h × $100 = $2,211.90 + $3,000 = $5,211.90
    assertUsd(w.fixedMonthlyUsd, 5211.9, "F");
    assertUsd(w.managedAtStressUsd, 6000, "M(0.5·V)"); // 0.5 × (1,500M × $3 + 500M × $15)
    assert.equal(w.verdict, "robust");
    assert.ok(w.costLines[0].text.includes("ml.g5.2xlarge × $1.515/h"), w.costLines[0].text);
  });

  it("owned-hardware: amortized purchase, metered power, colocation — fragile, one server", async function () {
    const check = await exampleCheck("owned-hardware");
    assert.deepEqual(findings(check), ["production-redundancy:advisory", "self-hosting-fragile:advisory"]);
    const w = workload(check, "research");
    // $240,000 ÷ 48 = $5,000; power 700 W × 8 × 1.0 = 5.6 kW × 730 h × 1.58 × $0.0895 = $578.08408;
    // colocation $1,500; ops 40 h × $100 = $4,000. F = $11,078.08408
    assertUsd(w.fixedMonthlyUsd, 11078.08408, "F");
    // allowedRegions eu-*: sonnet-4.5 through Bedrock's EU profile: (2,000 × $3 + 500 × $15) × 1.1 = $13,500 × 1.1 = $14,850;
    // M(0.5·V) = $7,425 < F ≤ M(V): fragile
    assertUsd(w.managedAtVolumeUsd, 14850, "M(V)");
    assert.equal(w.verdict, "fragile");
    const power = w.costLines.find((l) => l.kind === "owned-power")!;
    assert.ok(power.text.includes("5,600 W") && power.text.includes("estimated"), power.text);
  });

  it("capacity-reservation: billed whether used or not, instances inside it not counted twice", async function () {
    const check = await exampleCheck("capacity-reservation");
    assert.deepEqual(findings(check), ["production-redundancy:advisory"]);
    const w = workload(check, "frontier");
    // F = 2 × $55.04/h × 730 h + 80 h × $100 = $80,358.40 + $8,000 = $88,358.40 (not 4 × $55.04)
    assertUsd(w.fixedMonthlyUsd, 88358.4, "F");
    assert.equal(w.verdict, "robust");
    assert.ok(check.diagnostics[0].message.includes("all 2 GPU instances run in us-east-1a"));
  });
});
