// Every example stack, end to end: the example program under the SDK's mocks, every resource through
// the real pack over the engine protocol, and the pack's own JSON report. Figures: stacks/EXPECTED.md.
import * as assert from "node:assert/strict";
import * as path from "path";
import { checkStack, StackCheck } from "../src/cli/checkStack";
import { listStacks, readProject } from "../src/project/project";

const project = readProject(path.resolve(__dirname, ".."));

/** "policy:level" for every diagnostic, sorted, so a stack's findings compare as one list. */
function findings(check: StackCheck): string[] {
  return check.diagnostics.map((d) => `${d.policyName}:${d.enforcementLevel}`).sort();
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
  it("has the stacks the README lists", function () {
    assert.deepEqual(listStacks(project), [
      "fails", "fragile", "invalid-declaration", "multi-workload", "residency-breach", "residency-justified", "robust",
    ]);
  });

  // The robust, fragile and fails stacks share one fleet: 2 × g6e.xlarge, 20 ops hours.
  // F = 2 × $1.861/h × 730 h + 20 h × $100/h = $2,717.06 + $2,000 = $4,717.06. V = 3e9 in + 1e9 out.
  const sharedFixed = 4717.06;

  it("robust: gpt-4.1 costs $14,000 at V and $7,000 at V/2, both above F", async function () {
    const check = await checkStack({ project, stack: "robust" });
    assert.deepEqual(findings(check), []);
    const w = workload(check, "chat");
    assert.equal(w.verdict, "robust");
    assertUsd(w.fixedMonthlyUsd, sharedFixed, "F");
    assertUsd(w.managedAtVolumeUsd, 14000, "M(V)"); // 3,000M × $2 + 1,000M × $8
    assertUsd(w.managedAtStressUsd, 7000, "M(0.5·V)");
    // V* = 4,717.06 ÷ (14,000 ÷ 4e9) = 1,347,731,428.6 tokens
    assert.ok(Math.abs(w.breakEvenTokens! - 1_347_731_428.6) < 1, String(w.breakEvenTokens));
    // capacity = 2 × 2,500 × 3,600 × 730 = 13,140,000,000; utilization = 4e9 ÷ 13.14e9 = 30.44%
    assert.equal(w.capacityTokensPerMonth, 13_140_000_000);
    assert.ok(Math.abs(w.utilization! - 0.30441) < 0.00001);
  });

  it("fragile: haiku-4.5 costs $8,000 at V but $4,000 at V/2 — advisory only", async function () {
    const check = await checkStack({ project, stack: "fragile" });
    assert.deepEqual(findings(check), ["self-hosting-fragile:advisory"]);
    const w = workload(check, "chat");
    assert.equal(w.verdict, "fragile");
    assertUsd(w.managedAtVolumeUsd, 8000, "M(V)"); // 3,000M × $1 + 1,000M × $5
    assertUsd(w.managedAtStressUsd, 4000, "M(0.5·V)");
  });

  it("fails: gpt-4o-mini costs $1,050 at V — mandatory, and check exits as pulumi preview would", async function () {
    const check = await checkStack({ project, stack: "fails" });
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
    const check = await checkStack({ project, stack: "residency-breach" });
    assert.deepEqual(findings(check), ["data-residency:mandatory", "data-residency:mandatory"]);
    const names = check.diagnostics.map((d) => d.message.match(/^(chat-\d)/m)?.[1] ?? d.message.match(/\n(chat-\d) /)?.[1]).sort();
    assert.deepEqual(names, ["chat-0", "chat-1"]);
    assert.ok(check.diagnostics.every((d) => d.message.includes("runs in us-east-1") && d.message.includes("eu-*")));
    assert.equal(workload(check, "chat").verdict, "robust");
  });

  it("residency-justified: fails on cost, yet selfHostedOnly keeps the break-even policy silent", async function () {
    const check = await checkStack({ project, stack: "residency-justified" });
    assert.deepEqual(findings(check), []);
    const w = workload(check, "patient-notes");
    assert.equal(w.verdict, "fails");
    assert.equal(w.selfHostedOnly, true);
    // g6.xlarge in eu-central-1 = $0.8048 × 1.25 = $1.006/h (estimate); see stacks/EXPECTED.md for F
    assert.ok(w.costLines[0].text.includes("$1.006/h"), w.costLines[0].text);
    assert.ok(w.costLines[0].text.includes("estimate"), w.costLines[0].text);
    assertUsd(w.managedAtVolumeUsd, 450, "M(V)");
  });

  it("multi-workload: each workload judged on its own, strays and unpriced types reported", async function () {
    const check = await checkStack({ project, stack: "multi-workload" });
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
    // 2 × ($1.006 × 1.116)/h × 730 h + 5 h × $100 = $1,639.13616 + $500
    assertUsd(summarize.fixedMonthlyUsd, 2139.13616, "summarize F");
    assertUsd(summarize.managedAtVolumeUsd, 1500, "summarize M(V)");
  });

  it("invalid-declaration: one precise mandatory finding, no crash, no stray-GPU noise", async function () {
    const check = await checkStack({ project, stack: "invalid-declaration" });
    assert.deepEqual(findings(check), ["workload-declaration-valid:mandatory"]);
    assert.ok(check.diagnostics[0].message.includes('gpu-breakeven:workloads.chat.monthlyInputTokens must be a number ≥ 0, got "lots"'));
  });
});
