import type { PolicyResource, ReportViolation, StackValidationPolicy } from "@pulumi/policy";
import { precomputedConfigSchema } from "../assumptions/configSchema";
import { shippedCatalog } from "../catalog/load";
import { readStack } from "../resources/readStack";
import { reportInternalError } from "./report";
import { CATALOG_FRESH, catalogFreshConfigZod } from "./catalogFreshConfig";
import { DEFAULT_LEVELS } from "./defaultLevels";
import { packStackConfig } from "./stackConfig";

export { CATALOG_FRESH, catalogFreshConfigZod };

const description = "The price catalog should be recent enough to judge the fleet's cost (maxAgeDays).";

const DAY_MS = 86_400_000;

/** Whole days from the catalog date `asOf` (YYYY-MM-DD, UTC) to `now`. */
export function catalogAgeDays(asOf: string, now: Date): number {
  return Math.floor((now.getTime() - Date.parse(`${asOf}T00:00:00Z`)) / DAY_MS);
}

/** The finding's text when a catalog dated `asOf` is `age` days old against a limit of `maxAgeDays`, else undefined. */
export function staleCatalogMessage(asOf: string, now: Date, maxAgeDays: number): string | undefined {
  const age = catalogAgeDays(asOf, now);
  if (age <= maxAgeDays) return undefined;
  const today = now.toISOString().slice(0, 10);
  return `The price catalog is dated ${asOf}: ${age} days before today (${today}), older than maxAgeDays ${maxAgeDays}. ` +
    `GPU and API prices move (AWS cut P4/P5 prices by up to 45% in June 2025), so the verdicts may rest on stale prices.\n` +
    `To update it: download the AWS Price List offer file (https://pricing.us-east-1.amazonaws.com/offers/v1.0/aws/AmazonEC2/current/<region>/index.json) ` +
    `and LiteLLM's model_prices_and_context_window.json, run \`gpu-breakeven catalog import-aws <offer.json>\` and ` +
    `\`gpu-breakeven catalog import-litellm <prices.json>\`, then \`npm run build\` (README, "The catalog"). ` +
    `Or set prices in the policy config (instancePrices, managedModels), or raise catalog-fresh.maxAgeDays.`;
}

/**
 * catalog-fresh: an advisory stack policy that fires when the shipped catalog is older than maxAgeDays, on
 * stacks that declare gpu-breakeven:workloads or run GPU capacity (others are not judged on price, so the
 * catalog's age does not matter to them). Its findings are always advisory: stale data never blocks a
 * deployment, even under an "all": "mandatory" policy config. `now` and `catalogAsOf` are injectable for tests.
 */
export function catalogFreshPolicy(options: { now?: () => Date; catalogAsOf?: () => string } = {}): StackValidationPolicy {
  const now = options.now ?? (() => new Date());
  const catalogAsOf = options.catalogAsOf ?? (() => shippedCatalog().asOf);
  return {
    name: CATALOG_FRESH,
    description,
    enforcementLevel: DEFAULT_LEVELS[CATALOG_FRESH],
    configSchema: precomputedConfigSchema(CATALOG_FRESH),
    validateStack: (args, report) => {
      try {
        const parsed = catalogFreshConfigZod.safeParse(args.getConfig() ?? {});
        if (!parsed.success) {
          const problems = parsed.error.issues.map((i) => `  - policy config ${[CATALOG_FRESH, ...i.path.map(String)].join(".")}: ${i.message}`);
          advisory(report, `The policy config is invalid, so this policy did not run:\n${problems.join("\n")}`);
          return;
        }
        if (!judgesCost(args.resources)) return;
        const message = staleCatalogMessage(catalogAsOf(), now(), parsed.data.maxAgeDays);
        if (message) advisory(report, message);
      } catch (e) {
        reportInternalError(report, description, e);
      }
    },
  };
}

/** Whether the pack prices anything in this stack: a workloads declaration, or a GPU resource. */
function judgesCost(resources: PolicyResource[]): boolean {
  const config = packStackConfig();
  if (config.workloads !== undefined || config.workloadsError !== undefined) return true;
  try {
    const reading = readStack(resources, config.awsRegion);
    return reading.gpus.length > 0 || reading.unevaluable.length > 0;
  } catch {
    return true;
  }
}

/** Reports at advisory level whatever level the policy runs at (as reportFinding does for advisory findings). */
function advisory(report: ReportViolation, message: string): void {
  const violation = { message: `${description}\n${message}`, enforcementLevel: "advisory" };
  (report as unknown as (v: typeof violation) => void)(violation);
}
