import { z } from "zod";
import { SECRET_MARK } from "../text/redact";

// The JSON report the pack writes when GPU_BREAKEVEN_REPORT names a file, and that
// `gpu-breakeven check --report-out` and `gpu-breakeven report` read. The code builds and reads reports
// through this schema; schema/stack-report.schema.json is generated from it (`npm run examples`).

/** Bumped on any change a consumer of an older report would misread. */
export const REPORT_SCHEMA_VERSION = 2;

/** The enforcement levels a finding can carry in a report ("remediate" counts as mandatory for these policies). */
export const REPORT_LEVELS = ["mandatory", "advisory", "disabled"] as const;
export type ReportLevel = (typeof REPORT_LEVELS)[number];

const usd = z.number().describe("US dollars per month");
const tokens = z.number().nonnegative().describe("tokens per month");

/** A figure of the workload's declaration: "[secret]" when the engine marks gpu-breakeven:workloads secret. */
function declaredFigure<T extends z.ZodType>(figure: T, what: string) {
  return z
    .union([figure, z.literal(SECRET_MARK)])
    .describe(`${what}; "${SECRET_MARK}" when the engine marks the declaration (gpu-breakeven:workloads) secret (used, never shown).`);
}

/** One hybrid plan: n instances for the base load and the managed API for the rest (src/model/hybrid.ts). */
const hybridPlanSchema = z.object({
  instances: z.number().int().nonnegative(),
  fixedMonthlyUsd: usd,
  overflowTokens: tokens,
  overflowShare: z.number().min(0).max(1),
  overflowUsd: usd,
  totalUsd: usd,
});

export const reportFindingSchema = z
  .object({
    policy: z.string().min(1).describe("The policy that reported it (e.g. self-hosting-break-even)."),
    level: z.enum(REPORT_LEVELS).describe("The enforcement level it is reported at; disabled policies do not report."),
    levelFrom: z
      .enum(["policy-default", "policy-config", "not-judgeable", "never-blocks"])
      .describe(
        "Where the level comes from: the policy's default level; the policy config it was reconciled with; advisory " +
          "because the pack could not judge the resource (a value unknown during preview); or advisory because the " +
          "policy never blocks (catalog-fresh).",
      ),
    kind: z.string().min(1).describe("What the finding states (verdict, residency-breach, catalog-stale, …; new kinds may appear)."),
    message: z.string().describe("The whole message, with its arithmetic."),
    urn: z.string().optional().describe("The resource the engine shows it against."),
    resource: z.string().optional().describe("That resource's name (the last part of its URN)."),
    workload: z.string().optional().describe("The workload it is about, when it is about one."),
  })
  .describe("One policy finding, as the pack reports it to the engine.");

export const reportResourceSchema = z
  .object({
    name: z.string(),
    urn: z.string(),
    kind: z.string().optional().describe("What it is: EC2 instance, auto-scaling group, EKS node group, …"),
    instanceType: z.string(),
    count: z
      .union([z.number().nonnegative(), z.literal(SECRET_MARK)])
      .optional()
      .describe(`Instances it runs; "${SECRET_MARK}" when the engine marks the count secret (used for F, never shown).`),
    market: z.string().optional().describe(`on-demand or spot; "${SECRET_MARK}" when the engine marks its market type secret.`),
    region: z.string().optional().describe("Absent when unknown during preview or undeterminable."),
    availabilityZones: z.array(z.string()).optional().describe("The availability zones it is pinned to, when known."),
    availabilityZone: z.string().optional().describe("The zone, when it is pinned to exactly one."),
  })
  .describe(
    "GPU capacity of the workload's fleet. A resource split into on-demand and spot slices appears once per slice. " +
      `A value the engine marks secret (instance type, count, region, zone, market) is "${SECRET_MARK}".`,
  );

export const reportCostLineSchema = z
  .object({
    kind: z.string().min(1).describe("compute, power, ops, … (new kinds may appear: render them generically)"),
    monthlyUsd: usd,
    text: z.string().describe("The line with its arithmetic, ready to print."),
  })
  .describe("One line of the fixed monthly cost F.");

export const reportManagedModelSchema = z.object({
  id: z.string(),
  inputUsdPerMillion: z.number().nonnegative(),
  outputUsdPerMillion: z.number().nonnegative(),
  source: z.string().describe("Where the price comes from (catalog and date, or the policy config)."),
});

export const workloadReportSchema = z.object({
  name: z.string(),
  environment: z.string(),
  resources: z.array(reportResourceSchema).describe("The GPU resources of the workload's fleet."),
  managedModel: reportManagedModelSchema.optional().describe("The managed API it is compared with; absent when nobody prices it."),
  monthlyInputTokens: declaredFigure(tokens, "The declared monthly input tokens"),
  monthlyOutputTokens: declaredFigure(tokens, "The declared monthly output tokens"),
  volumeTokens: declaredFigure(tokens, "V: the declared monthly input + output tokens"),
  stressVolumeTokens: declaredFigure(tokens, "s·V: the declared volume at stressUtilization"),
  selfHostedOnly: z
    .boolean()
    .describe("Data residency forbids a third-party API (declared selfHostedOnly, or no offering of the managed model complies with allowedRegions): the cost verdict does not fire."),
  managedOffering: z
    .object({
      via: z.string(),
      regions: z.array(z.string()).describe("Where it may process data (AWS-style region globs)."),
      priceFactor: z.number().positive().describe("Its price against the model's list price."),
      estimate: z.boolean(),
      source: z.string().describe("The catalog source that says where it processes data."),
    })
    .optional()
    .describe("With allowedRegions: the cheapest offering of the managed model that processes data only there, which M(V) prices."),
  noCompliantApi: z
    .object({ allowedRegions: z.array(z.string()), offerings: z.array(z.object({ via: z.string(), regions: z.array(z.string()) })) })
    .optional()
    .describe("With allowedRegions no offering of the managed model meets: self-hosting is the only compliant option."),
  costLines: z.array(reportCostLineSchema),
  fixedMonthlyUsd: usd.optional().describe("F, the fleet's fixed monthly cost; absent when the workload could not be evaluated."),
  managedAtVolumeUsd: usd.optional().describe("M(V): the managed API's cost of the declared volume."),
  managedAtStressUsd: usd.optional().describe("M(s·V): the managed API's cost at stressUtilization × V."),
  stressUtilization: z.number().gt(0).lt(1).describe("s"),
  verdict: z.enum(["robust", "fragile", "fails"]).optional(),
  breakEvenTokens: tokens.nullable().optional().describe("V* = F ÷ (M(V) ÷ V); null when V or M(V) is 0."),
  selfHostedUsdPerMillion: z.number().nullable().optional().describe("F ÷ V × 1e6; null when V is 0."),
  capacityTokensPerMonth: tokens.optional().describe("What the fleet can serve, when tokensPerSecondPerInstance is declared."),
  utilization: z.number().nonnegative().optional().describe("V ÷ capacity."),
  breakEvenUtilization: z.number().nonnegative().nullable().optional().describe("V* ÷ capacity."),
  capacityEstimated: z.boolean().optional().describe("True when the capacity is estimated from the served model, not measured."),
  wayToPass: z
    .object({
      budgetUsd: usd.describe("What the fleet must cost at most: M(V) to pass the break-even, M(s·V) to be robust."),
      target: z.enum(["volume", "stress"]),
      minimumCount: z.number().int().positive().describe("2 for production (two instances in two zones), else 1."),
      fleet: z
        .object({
          instanceType: z.string(),
          count: z.number().int().nonnegative(),
          region: z.string(),
          binding: z.enum(["capacity", "redundancy"]).describe("What sets the count: the declared volume, or production's minimum."),
          fixedMonthlyUsd: usd.describe("F′ of that fleet, ops hours included, priced like the workload's fleet (spot stays spot)."),
          verdict: z.enum(["robust", "fragile", "fails"]),
          capacityTokensPerMonth: tokens,
          market: z
            .union([z.enum(["on-demand", "spot"]), z.literal(SECRET_MARK)])
            .describe(`The fleet's own market; "${SECRET_MARK}" when the engine marks a market type it reads secret.`),
          discountShare: z
            .union([z.number().min(0).lt(1), z.literal(SECRET_MARK)])
            .optional()
            .describe(`Spot or commitment discount applied to the on-demand price; "${SECRET_MARK}" when the market or a secret declaration's commitment gives it.`),
          estimated: z.boolean().describe("The throughput behind the sizing is estimated from the served model."),
          estimatePrices: z.boolean().describe("The hourly price comes from a regional multiplier."),
        })
        .optional()
        .describe("The cheapest catalog fleet within the budget that serves V, if one exists."),
      throughputKnown: z.boolean(),
      sameTypeWithinBudget: z
        .object({ instanceType: z.string(), count: z.number().int().positive(), fixedMonthlyUsd: usd })
        .optional()
        .describe("Without known throughput: the most instances of the fleet's own type the budget pays for."),
      opsExceedBudget: z.boolean(),
      managedAllowed: z.boolean().describe("Whether the managed API is an option under the workload's data residency."),
      managedModel: z.string().optional(),
      managedMonthlyUsd: usd.optional(),
      managedVia: z.string().optional().describe("With allowedRegions: the compliant offering to call."),
    })
    .optional()
    .describe("For a fleet that fails or is fragile: how it could pass, with every constraint the pack knows applied."),
  peak: z
    .object({
      peakHourTokens: tokens.describe("Tokens in the busiest UTC hour of a day at V (hourlyProfile)."),
      fleetHourlyTokens: tokens.describe("What the fleet serves in an hour: tokens/s × 3,600 × instances."),
      overflowTokens: tokens.describe("Tokens a month the fleet cannot serve in their hour, at V: billed at the managed model's blended price."),
      overflowUsd: usd,
      stressOverflowTokens: tokens,
      stressOverflowUsd: usd,
      peakSizedInstances: z.number().int().nonnegative().optional().describe("The fewest instances that serve the busiest hour."),
      terms: z
        .object({
          hourlyProfile: declaredFigure(z.array(z.number().nonnegative()), "The declared hourlyProfile"),
          tokensPerSecondPerInstance: declaredFigure(z.number().nonnegative(), "One instance's input+output tokens/s"),
          usdPerHour: z.number().nonnegative(),
          discountShare: z
            .union([z.number().min(0).lt(1), z.literal(SECRET_MARK)])
            .describe(`The instance's discount; "${SECRET_MARK}" when a secret market type or a secret declaration's commitment gives it.`),
          opsUsd: usd,
          hoursPerMonth: z.number().positive(),
          instances: z
            .union([z.number().int().nonnegative(), z.literal(SECRET_MARK)])
            .describe(`The fleet's instances; "${SECRET_MARK}" when a count behind it is secret.`),
          blendedUsdPerMillion: z.number().nonnegative(),
        })
        .describe(
          "What the plans were computed from (src/model/hybrid.ts), so a chart can cost any volume the same way; when a term is " +
            `"${SECRET_MARK}" the chart is drawn from \`chart\` instead.`,
        ),
      hybrid: hybridPlanSchema
        .optional()
        .describe("The cheapest plan at V: n instances for the base load (n = 0 … the peak-sized fleet) and the API for the rest."),
      stressHybrid: hybridPlanSchema
        .optional()
        .describe("The cheapest plan at s·V."),
    })
    .optional()
    .describe("With an hourly profile and a known throughput: the busiest hour against the fleet, its overflow, the cheapest hybrid plan."),
  alternatives: z
    .array(
      z.object({
        role: z.enum(["frontier", "fast"]),
        id: z.string(),
        monthlyUsd: usd.optional().describe("Absent when nobody prices the id, or no offering of it complies with allowedRegions."),
        via: z.string().optional().describe("With allowedRegions: the compliant offering priced."),
        noCompliantOffering: z.boolean().optional().describe("True when no offering of the model processes data only in allowedRegions."),
      }),
    )
    .optional()
    .describe("What a frontier and a fast model (policy config frontierModel, fastModel) would charge for V."),
  chart: z
    .object({
      perV: z.number().int().min(1).max(7).describe("Points per V on the axis: point i stands at i ÷ perV × V."),
      stressIndex: z.number().int().positive().optional().describe("The point at (or, unless stressExact, within a quarter step of) s·V."),
      stressExact: z.boolean(),
      breakEvenIndex: z.number().int().positive().optional().describe("The point within a quarter step of V*."),
      managedUsd: z.array(usd).describe("The managed API's cost at each point."),
      fleetUsd: z.array(usd).describe("The fleet's cost at each point (F, plus the API for what it cannot serve)."),
      cheapestUsd: z.array(usd).optional().describe("With an hourly profile: the cheapest hybrid plan at each point."),
      usdPerMillion: z.number().nonnegative().describe("The managed API's price per 1M tokens of this workload's mix: M(V) ÷ V × 1e6."),
      breakEvenRatio: z.number().nonnegative().optional().describe("V* ÷ V."),
    })
    .optional()
    .describe(
      "The cost chart, computed by the pack when figures it needs are hidden (a secret declaration, a secret market type): its " +
        "volumes only relative to V, its lines in dollars (derived, like F and M(V)).",
    ),
  notEvaluated: z.array(z.string()).describe("Why the cost could not be judged, when it could not."),
  findings: z.array(reportFindingSchema).describe("The findings about this workload."),
});

export const stackReportSchema = z
  .object({
    schemaVersion: z.literal(REPORT_SCHEMA_VERSION),
    stack: z.string(),
    project: z.string(),
    generatedAt: z.string().describe("ISO 8601 time the report was written."),
    catalogAsOf: z.string().describe("The date of the price catalog the figures come from."),
    assumptions: z
      .looseObject({
        hoursPerMonth: z.number().positive(),
        stressUtilization: z.number().gt(0).lt(1),
        opsUsdPerHour: z.number().nonnegative(),
        defaultManagedModel: z.string(),
      })
      .describe("The cost assumptions in force (the policy config's values with their defaults; more keys may appear)."),
    levelsFrom: z
      .enum(["policy-defaults", "policy-config"])
      .describe(
        "policy-config: the levels the engine configured the pack with (the pack reads the engine's Configure call), or " +
          "reconciled with a policy config file as the engine does. policy-defaults: each policy's default level (the " +
          "report was built without a policy config); render with `gpu-breakeven report --policy-pack-config FILE` to apply one.",
      ),
    policyLevels: z
      .record(z.string(), z.enum(REPORT_LEVELS))
      .describe("Every policy of the pack and its enforcement level (see levelsFrom)."),
    policyDefaultLevels: z.record(z.string(), z.enum(REPORT_LEVELS)).describe("Every policy of the pack and its default level."),
    workloads: z.array(workloadReportSchema),
    findings: z
      .array(reportFindingSchema)
      .describe("The findings about no reported workload: stray or unpriced GPUs, a malformed declaration, a report that could not be written."),
  })
  .describe("gpu-breakeven's analysis of one stack: its workloads, their costs against a managed API, and the findings.");

export type StackReport = z.output<typeof stackReportSchema>;
export type WorkloadReport = z.output<typeof workloadReportSchema>;
export type ReportFinding = z.output<typeof reportFindingSchema>;

/** The published JSON Schema (draft-07) of a stack report: what schema/stack-report.schema.json holds. */
export function stackReportJsonSchema(): Record<string, unknown> {
  const json = z.toJSONSchema(stackReportSchema, { target: "draft-7", io: "output" }) as Record<string, unknown>;
  return {
    $schema: json.$schema,
    title: "gpu-breakeven stack report",
    ...json,
  };
}

/** Validates a parsed report; throws an Error that names each problem with its JSON path. */
export function parseStackReport(value: unknown, what = "report"): StackReport {
  const parsed = stackReportSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.slice(0, 10).map((i) => `  - ${i.path.length ? i.path.join(".") : "(root)"}: ${i.message}`);
  const more = parsed.error.issues.length > 10 ? [`  - … and ${parsed.error.issues.length - 10} more`] : [];
  throw new Error(`${what} is not a gpu-breakeven stack report (schemaVersion ${REPORT_SCHEMA_VERSION}):\n${[...problems, ...more].join("\n")}`);
}
