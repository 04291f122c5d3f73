import assert from "node:assert/strict";
import { parseWorkloads } from "../src/declaration/parse";

const valid = { monthlyInputTokens: 3e9, monthlyOutputTokens: 1e9 };

function messages(raw: unknown): string[] {
  return parseWorkloads(raw).problems.map((p) => p.message);
}

describe("declaration: parseWorkloads", () => {
  it("accepts a valid declaration and fills in the defaults", () => {
    const parsed = parseWorkloads({ chat: { ...valid, managedModel: "anthropic/claude-haiku-4-5" } });
    assert.deepEqual(parsed.problems, []);
    assert.deepEqual(parsed.workloads.get("chat"), {
      monthlyInputTokens: 3e9,
      monthlyOutputTokens: 1e9,
      managedModel: "anthropic/claude-haiku-4-5",
      opsHoursPerMonth: 0,
      environment: "production",
      cachedInputShare: 0,
    });
  });

  it("bounds every quantity, so no sum of them overflows", () => {
    const parsed = parseWorkloads({ chat: { monthlyInputTokens: 1e308, monthlyOutputTokens: 1 } });
    assert.deepEqual(parsed.problems.map((p) => p.message), [
      "gpu-breakeven:workloads.chat.monthlyInputTokens must be at most 1,000,000,000,000,000, got 1e+308",
    ]);
  });

  it("defaults dataResidency.selfHostedOnly to false and keeps allowedRegions", () => {
    const parsed = parseWorkloads({ chat: { ...valid, dataResidency: { allowedRegions: ["us-*", "eu-west-1"] } } });
    assert.deepEqual(parsed.problems, []);
    assert.deepEqual(parsed.workloads.get("chat")?.dataResidency, { selfHostedOnly: false, allowedRegions: ["us-*", "eu-west-1"] });
  });

  it("keeps every declared field", () => {
    const parsed = parseWorkloads({
      chat: {
        ...valid,
        opsHoursPerMonth: 20,
        environment: "staging",
        tokensPerSecondPerInstance: 2500,
        dataResidency: { selfHostedOnly: true },
      },
    });
    assert.deepEqual(parsed.problems, []);
    const chat = parsed.workloads.get("chat");
    assert.equal(chat?.opsHoursPerMonth, 20);
    assert.equal(chat?.environment, "staging");
    assert.equal(chat?.tokensPerSecondPerInstance, 2500);
    assert.equal(chat?.dataResidency?.selfHostedOnly, true);
  });

  it("accepts numeric strings as `pulumi config set --path` stores them", () => {
    const parsed = parseWorkloads({
      chat: { monthlyInputTokens: "3000000000", monthlyOutputTokens: "1_000_000_000", opsHoursPerMonth: "20" },
      other: { monthlyInputTokens: "3_000_000_000", monthlyOutputTokens: "1e9" },
    });
    assert.deepEqual(parsed.problems, []);
    assert.equal(parsed.workloads.get("chat")?.monthlyInputTokens, 3_000_000_000);
    assert.equal(parsed.workloads.get("chat")?.monthlyOutputTokens, 1_000_000_000);
    assert.equal(parsed.workloads.get("chat")?.opsHoursPerMonth, 20);
    assert.equal(parsed.workloads.get("other")?.monthlyInputTokens, 3_000_000_000);
    assert.equal(parsed.workloads.get("other")?.monthlyOutputTokens, 1_000_000_000);
  });

  it("no declaration at all is neither a workload nor a problem", () => {
    const parsed = parseWorkloads(undefined);
    assert.equal(parsed.workloads.size, 0);
    assert.deepEqual(parsed.problems, []);
  });

  it("names the key and quotes the value for a non-numeric string", () => {
    assert.deepEqual(messages({ chat: { ...valid, monthlyInputTokens: "lots" } }), [
      'gpu-breakeven:workloads.chat.monthlyInputTokens must be a number ≥ 0, got "lots"',
    ]);
    const [problem] = parseWorkloads({ chat: { ...valid, monthlyInputTokens: "lots" } }).problems;
    assert.equal(problem.workload, "chat");
    assert.equal(problem.key, "gpu-breakeven:workloads.chat.monthlyInputTokens");
  });

  it("rejects negative numbers and negative numeric strings", () => {
    assert.deepEqual(messages({ chat: { ...valid, monthlyOutputTokens: -5 } }), [
      "gpu-breakeven:workloads.chat.monthlyOutputTokens must be a number ≥ 0, got -5",
    ]);
    assert.deepEqual(messages({ chat: { ...valid, opsHoursPerMonth: "-5" } }), [
      'gpu-breakeven:workloads.chat.opsHoursPerMonth must be a number ≥ 0, got "-5"',
    ]);
  });

  it("says a required key is missing", () => {
    assert.deepEqual(messages({ chat: { monthlyOutputTokens: 1e9 } }), [
      "gpu-breakeven:workloads.chat.monthlyInputTokens is missing; it must be a number ≥ 0",
    ]);
  });

  it("rejects an environment outside production, staging, development", () => {
    assert.deepEqual(messages({ chat: { ...valid, environment: "prod" } }), [
      'gpu-breakeven:workloads.chat.environment must be production, staging or development, got "prod"',
    ]);
  });

  it("reports an unknown key with a did-you-mean", () => {
    assert.deepEqual(messages({ chat: { ...valid, opsHoursPerMonht: 20 } }), [
      'gpu-breakeven:workloads.chat has an unknown key "opsHoursPerMonht" (did you mean "opsHoursPerMonth"?); remove it or fix its spelling',
    ]);
  });

  it("reports a misspelt required key both as unknown (with a suggestion) and as missing", () => {
    const problems = messages({ chat: { monthlyInputToken: 3e9, monthlyOutputTokens: 1e9 } });
    assert.equal(problems.length, 2);
    assert.ok(problems.includes("gpu-breakeven:workloads.chat.monthlyInputTokens is missing; it must be a number ≥ 0"), problems.join("\n"));
    assert.ok(
      problems.includes(
        'gpu-breakeven:workloads.chat has an unknown key "monthlyInputToken" (did you mean "monthlyInputTokens"?); remove it or fix its spelling',
      ),
      problems.join("\n"),
    );
  });

  it("rejects allowedRegions that is not a list", () => {
    assert.deepEqual(messages({ chat: { ...valid, dataResidency: { allowedRegions: "us-east-1" } } }), [
      'gpu-breakeven:workloads.chat.dataResidency.allowedRegions must be a list of regions or globs such as ["eu-*"], got "us-east-1"',
    ]);
  });

  it("rejects a workload value that is not a map", () => {
    assert.deepEqual(messages({ chat: 5 }), ["gpu-breakeven:workloads.chat must be a map of fields such as monthlyInputTokens, got 5"]);
    assert.deepEqual(messages({ chat: ["a"] }), [
      "gpu-breakeven:workloads.chat must be a map of fields such as monthlyInputTokens, got a list",
    ]);
  });

  it("rejects a whole value that is not a map", () => {
    assert.deepEqual(messages("chat"), ['gpu-breakeven:workloads must be a map from workload name to its declaration, got "chat"']);
    assert.deepEqual(messages([valid]), ["gpu-breakeven:workloads must be a map from workload name to its declaration, got a list"]);
  });

  it("rejects an invalid workload name", () => {
    const parsed = parseWorkloads({ "my chat": valid });
    assert.equal(parsed.workloads.size, 0);
    assert.deepEqual(
      parsed.problems.map((p) => [p.key, p.message]),
      [[
        "gpu-breakeven:workloads.my chat",
        "gpu-breakeven:workloads.my chat: workload names hold letters, digits, '.', '_' and '-' and start with a letter or digit",
      ]],
    );
  });

  it("accepts an hourly profile of 24 weights, numeric strings included", () => {
    const profile = [...Array(8).fill(1), ...Array(8).fill("4"), ...Array(8).fill(0.5)];
    const parsed = parseWorkloads({ chat: { ...valid, hourlyProfile: profile } });
    assert.deepEqual(parsed.problems, []);
    assert.deepEqual(parsed.workloads.get("chat")?.hourlyProfile, [...Array(8).fill(1), ...Array(8).fill(4), ...Array(8).fill(0.5)]);
    assert.equal(parseWorkloads({ chat: valid }).workloads.get("chat")?.hourlyProfile, undefined);
  });

  it("rejects an hourly profile of the wrong length, naming how many it got", () => {
    assert.deepEqual(messages({ chat: { ...valid, hourlyProfile: Array(23).fill(1) } }), [
      "gpu-breakeven:workloads.chat.hourlyProfile must list 24 numbers, one per UTC hour, got 23",
    ]);
    assert.deepEqual(messages({ chat: { ...valid, hourlyProfile: Array(25).fill(1) } }), [
      "gpu-breakeven:workloads.chat.hourlyProfile must list 24 numbers, one per UTC hour, got 25",
    ]);
    assert.deepEqual(messages({ chat: { ...valid, hourlyProfile: [] } }), [
      "gpu-breakeven:workloads.chat.hourlyProfile must list 24 numbers, one per UTC hour, got 0",
    ]);
  });

  it("rejects an hourly profile that is not a list", () => {
    assert.deepEqual(messages({ chat: { ...valid, hourlyProfile: "flat" } }), [
      'gpu-breakeven:workloads.chat.hourlyProfile must be a list of 24 numbers, one per UTC hour, got "flat"',
    ]);
    assert.deepEqual(messages({ chat: { ...valid, hourlyProfile: { "14": 1 } } }), [
      "gpu-breakeven:workloads.chat.hourlyProfile must be a list of 24 numbers, one per UTC hour, got an object",
    ]);
  });

  it("rejects an hourly profile with no hour above 0", () => {
    assert.deepEqual(messages({ chat: { ...valid, hourlyProfile: Array(24).fill(0) } }), [
      "gpu-breakeven:workloads.chat.hourlyProfile must have at least one hour above 0 (only the proportions matter)",
    ]);
  });

  it("names the hour of a bad weight: negative, not a number, not finite, too large", () => {
    const withHour = (hour: number, value: unknown) => Array.from({ length: 24 }, (_, h) => (h === hour ? value : 1));
    assert.deepEqual(messages({ chat: { ...valid, hourlyProfile: withHour(3, -1) } }), [
      "gpu-breakeven:workloads.chat.hourlyProfile[3] must be a number ≥ 0, got -1",
    ]);
    assert.deepEqual(messages({ chat: { ...valid, hourlyProfile: withHour(0, "busy") } }), [
      'gpu-breakeven:workloads.chat.hourlyProfile[0] must be a number ≥ 0, got "busy"',
    ]);
    assert.deepEqual(messages({ chat: { ...valid, hourlyProfile: withHour(23, Infinity) } }), [
      "gpu-breakeven:workloads.chat.hourlyProfile[23] must be a number ≥ 0, got Infinity",
    ]);
    assert.deepEqual(messages({ chat: { ...valid, hourlyProfile: withHour(12, NaN) } }), [
      "gpu-breakeven:workloads.chat.hourlyProfile[12] must be a number ≥ 0, got NaN",
    ]);
    assert.deepEqual(messages({ chat: { ...valid, hourlyProfile: withHour(5, 1e16) } }), [
      "gpu-breakeven:workloads.chat.hourlyProfile[5] must be at most 1,000,000,000,000,000, got 10000000000000000",
    ]);
    assert.deepEqual(messages({ chat: { ...valid, hourlyProfile: withHour(7, null) } }), [
      "gpu-breakeven:workloads.chat.hourlyProfile[7] must be a number ≥ 0, got null",
    ]);
  });

  it("a bad weight in an otherwise zero profile is one problem, not two", () => {
    const profile = Array.from({ length: 24 }, (_, h) => (h === 9 ? -2 : 0));
    assert.deepEqual(messages({ chat: { ...valid, hourlyProfile: profile } }), [
      "gpu-breakeven:workloads.chat.hourlyProfile[9] must be a number ≥ 0, got -2",
    ]);
  });

  it("suggests hourlyProfile for a misspelt key", () => {
    assert.deepEqual(messages({ chat: { ...valid, hourlyProfil: Array(24).fill(1) } }), [
      'gpu-breakeven:workloads.chat has an unknown key "hourlyProfil" (did you mean "hourlyProfile"?); remove it or fix its spelling',
    ]);
  });

  it("one bad workload does not hide a good one", () => {
    const parsed = parseWorkloads({ bad: { ...valid, monthlyInputTokens: "lots" }, good: valid });
    assert.deepEqual([...parsed.workloads.keys()], ["good"]);
    assert.deepEqual(parsed.problems.map((p) => p.workload), ["bad"]);
    assert.equal(parsed.workloads.get("good")?.monthlyInputTokens, 3e9);
  });
});
