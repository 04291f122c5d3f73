// The one describer: every finding becomes words here, and only here. The policies' messages, `check`, the JSON
// report and the comment all show what this returns.
import type { Blocker, Fact, Finding, JudgedWorkload, ResourceFacts, SecretFigures } from "../analysis/findings";
import type { CatalogFleet, WayToPass } from "../analysis/wayToPass";
import { WORKLOADS_KEY } from "../declaration/parse";
import { instancesFor } from "../model/fleetSizing";
import { inputUsdPerMillion } from "../model/managedCost";
import type { HybridPlan } from "../model/hybrid";
import type { PeakLoad, WorkloadCost } from "../model/types";
import { WORKLOAD_TAG } from "../resources/tags";
import type { SecretFields } from "../resources/types";
import { renderFixedCost } from "./costLines";
import { redact, SECRET_MARK } from "../text/redact";
import { listOf, mapStrings, safeText, truncate } from "../text/safe";
import { num, percent, round, tokens, unitUsd, usd } from "./format";

/**
 * The longest message a finding has: every echoed value is cut at 200 characters and every list at 10 items (25
 * blockers), so a message stays far below this however large the stack; beyond it, a message is cut here.
 */
export const MAX_MESSAGE_CHARS = 16_000;

/** A finding's whole message, with its arithmetic and one way to fix it. */
export function describeFinding(finding: Finding, secrets: readonly string[] = []): string {
  // Secret values are replaced first; then every string a user controls (names, tags, regions, ids, keys) is
  // escaped and cut before it is echoed.
  return truncate(describeFact(echoable(finding.fact, secrets)), MAX_MESSAGE_CHARS);
}

/** One blocker as a phrase: what is missing and where. */
export function describeBlocker(blocker: Blocker, secrets: readonly string[] = []): string {
  const b = echoable(blocker, secrets);
  switch (b.kind) {
    case "unknown-value":
    case "unreadable":
      return `${b.resource}: ${b.reason}`;
    case "no-region":
      return `${b.resource}: no region could be determined (see gpu-pricing-known)`;
    case "unpriced":
      return `${b.resource}: no price for ${b.instanceType} in ${b.region} (see gpu-pricing-known)`;
    case "owned-accelerator-unknown":
      return `${b.key} "${b.accelerator}" is not in the catalog${didYouMean(b.guess)}, so its power cannot be estimated; declare powerWatts or name a catalog accelerator`;
    case "unknown-model": {
      const where = b.declaredAt ?? "the policy config's defaultManagedModel";
      return `managed model "${b.id}" from ${where} is not in the catalog${didYouMean(b.guess)}; name a catalog model or add its prices under the policy config's managedModels`;
    }
  }
}

function describeFact(f: Fact): string {
  switch (f.kind) {
    case "verdict":
      return f.verdict === "fails" ? failsMessage(f.workload, f.catalogAsOf) : fragileMessage(f.workload, f.catalogAsOf);
    case "capacity-exceeded":
      return capacityMessage(f.workload);
    case "peak-exceeds-capacity":
      return peakMessage(f.workload);
    case "model-does-not-fit":
      // With a secret declaration the model's size is secret, and so is the reason's arithmetic (its weights follow from it).
      return f.secret?.declaration
        ? `Workload ${f.workload}: the declared model (${SECRET_MARK}) does not fit on ${f.instanceType}: its weights and working KV cache need ` +
            `more accelerator memory than the instance offers. Those instances are counted as serving nothing. Use an instance type with more ` +
            `accelerator memory, or a lower precision.`
        : `Workload ${f.workload}: the declared model (${f.model.parametersBillions}B, ${f.model.precision}) does not fit on ${f.instanceType}: ${f.reason} ` +
            `Those instances are counted as serving nothing. Use an instance type with more accelerator memory, or a lower precision.`;
    case "not-evaluated":
      return `Workload ${f.workload} could not be evaluated, so its break-even is not checked:\n` +
        f.blockers.slice(0, 25).map((b) => `  - ${describeBlocker(b)}`).join("\n") +
        (f.blockers.length > 25 ? `\n  - and ${f.blockers.length - 25} more` : "") +
        (f.invalidInput ? "\nAn invalid value is not an unknown one: this blocks until it is fixed." : "") +
        "\nThe other workloads were evaluated.";
    case "unknown-managed-model":
      return `${describeBlocker(f.blocker)}.`;
    case "too-few-instances":
      return `Workload ${f.workload} is production but runs on ${f.secret?.count ? `${SECRET_MARK} GPU instances` : `${f.count} GPU instance${f.count === 1 ? "" : "s"}`} (${listOf(f.fleet)}): ` +
        `one failure takes it down. Run at least 2 instances in 2 availability zones, or declare environment: staging.`;
    case "one-zone":
      return `Workload ${f.workload} is production but all ${f.secret?.count ? SECRET_MARK : f.count} GPU instances run in ${f.zone}: one zone outage takes it down. ` +
        `Spread them over at least 2 availability zones.`;
    case "residency-breach":
      return `${f.resource.name} (${capacity(f.resource)}, workload ${f.workload}) runs in ${f.region}${from(f.regionSource)}, ` +
        `outside ${rule(f.allowed, f.workload)}. Move it to an allowed region, for example with an aws.Provider for ${f.allowed[0].replace(/\*/g, "…")}.`;
    case "residency-unknown":
      return `Could not check ${f.resource.name} against ${rule(f.allowed, f.workload)}: ${f.reason}. It will be checked when the value is known.`;
    case "residency-no-region":
      return `${f.resource.name} (workload ${f.workload}) has no region: not on the resource, its provider, aws:region or its availability zone. ` +
        `It must run in ${rule(f.allowed, f.workload)}. Set aws:region or the resource's region.`;
    case "owned-no-region":
      return `${f.key} (${f.name}) declares no region, so it cannot be checked against allowedRegions ${listOf(f.allowed)}. ` +
        `Add region: <where the servers run>.`;
    case "owned-residency-breach":
      return `${f.key} (${f.name}, owned servers) runs in ${f.region}, outside ${rule(f.allowed, f.workload)}. Move the servers or correct their region.`;
    case "untagged":
      return `${f.resource.name} (${capacity(f.resource)}) belongs to no declared workload, so nobody has said what token volume it serves. ` +
        `${declared(f.declared)} Tag it ${WORKLOAD_TAG}: <name> and declare that workload under ${WORKLOADS_KEY}.`;
    case "undeclared-tag":
      return `${f.resource.name} (${capacity(f.resource)}) is tagged ${WORKLOAD_TAG}: "${f.tag}", but the stack declares no workload "${f.tag}".` +
        `${f.guess ? ` Did you mean "${f.guess}"?` : ""} ${declared(f.declared)} ` +
        `Fix the tag, or declare the workload under ${WORKLOADS_KEY}.${f.tag} in Pulumi.<stack>.yaml.`;
    case "membership-unknown":
      return `Could not check ${f.resource.name} (${capacity(f.resource)}): ${f.reason}.`;
    case "tag-conflict":
      return f.detail;
    case "no-region":
      return `${f.resource.name}: no region could be determined (resource, provider, aws:region, availability zone), so ${f.resource.instanceType} ` +
        `cannot be priced. Set aws:region in the stack config.`;
    case "unknown-region":
      return `${f.resource.name}: region "${f.region}"${f.regionSource ? ` (from ${f.regionSource})` : ""} is not a region the catalog prices anything in, ` +
        `so ${f.resource.instanceType} is not priced rather than priced as us-east-1. Check the region, or set ` +
        `regionalInstancePrices["${f.region}"]["${f.resource.instanceType}"] in the policy config.`;
    case "no-regional-price":
      return `${f.resource.name}: the catalog has no ${f.region} price for ${f.resource.instanceType} (it prices it in ${listOf(f.pricedRegions)}). ` +
        `Its cost is not counted rather than guessed. ${priceFix(f.resource.instanceType, f.region)}`;
    case "not-offered":
      return `${f.resource.name}: ${f.family ?? f.resource.instanceType} is not offered in ${f.region} (catalog source ${f.source}, ${f.asOf}), ` +
        `so ${f.resource.instanceType} there has no price, not a guessed one. Offered in: ${listOf(f.offeredIn)}. ` +
        `Check the region; if AWS offers it now, set regionalInstancePrices["${f.region}"]["${f.resource.instanceType}"] in the policy config.`;
    case "unknown-instance-type":
      return `${f.resource.name}: ${f.resource.instanceType} is not in the catalog${f.guess ? ` (did you mean ${f.guess}?)` : ""}, so its cost is unknown, ` +
        `not $0. ${priceFix(f.resource.instanceType, f.region)}`;
    case "unreadable-resource":
      return `Could not price ${f.name} (${f.type}): ${f.reason}. Its capacity is not counted.`;
    case "declaration-unreadable":
      return `${f.key} could not be read: its value is not valid JSON; write it as a YAML map under config: in Pulumi.<stack>.yaml.`;
    case "declaration-invalid":
      return f.problem;
    case "unknown-config-key":
      return `The stack config sets ${f.key}, which gpu-breakeven does not read${didYouMean(f.guess)}. A misspelt key would switch a check off, ` +
        `so this blocks: rename it${f.guess ? ` to ${f.guess}` : ""} or remove it from Pulumi.<stack>.yaml.`;
    case "catalog-stale":
      return staleMessage(f);
    case "policy-config-invalid":
      return `The policy config ${cut(f.key)} ${f.problem}${didYouMean(f.guess)}. Its default is used instead; fix or remove it in the policy config.`;
    case "assumption-conflict": {
      const values = f.settings.map((s) => `${s.policy}.${f.key} = ${cut(JSON.stringify(s.value) ?? "")}`).join(", ");
      return `The cost assumption ${f.key} is set to different values: ${values}. Assumptions are set once and apply to every policy, ` +
        `so the pack used ${cut(JSON.stringify(f.used.value) ?? "")} (from ${f.used.policy}). Set ${f.key} under one policy only ` +
        `(self-hosting-break-even is the usual place).`;
    }
    case "catalog-overlay-unusable":
      return `The catalog overlay ${f.path} (set by ${f.setBy}) cannot be used: ${f.problem}. This preview priced everything with the ` +
        `shipped catalog (dated ${f.catalogAsOf}) instead, not with the prices the overlay was meant to give, so this blocks until it is ` +
        `fixed. Write the overlay again with \`npx gpu-breakeven catalog refresh --out ${f.path}\`, or point ${f.setBy} at a valid ` +
        `overlay, or unset it.`;
    case "report-not-written":
      return `The JSON report could not be written to ${f.path}: ${f.detail}. Every other finding of this preview stands; only the report is ` +
        `missing. Point GPU_BREAKEVEN_REPORT at a writable regular file.`;
    case "internal-error":
      return `gpu-breakeven hit an internal error and could not judge this stack: ${f.detail.slice(0, 300)}. ` +
        `Please report it with the stack's shape (not its secrets).`;
  }
}

/** The most sources a catalog-fresh message lists; the rest are counted. */
const STALE_SHOWN = 4;

/**
 * catalog-fresh: each stale source with what it prices for this stack, its date and age against its class's limit,
 * and the one command that fixes it (`catalog refresh`, into the overlay the pack loads).
 */
function staleMessage(f: Extract<Fact, { kind: "catalog-stale" }>): string {
  const kind = { instance: "instance", managed: "managed API" } as const;
  const first = f.stale[0];
  const more = f.stale.length > 1 ? ` (and ${f.stale.length - 1} more source${f.stale.length === 2 ? "" : "s"})` : "";
  const refreshable = f.stale.some((s) => s.refreshable);
  const command = f.overlay ? `npx gpu-breakeven catalog refresh --out ${f.overlay.path}` : "npx gpu-breakeven catalog refresh";
  const headline = `Stale prices behind this stack's verdicts: ${first.source} (${kind[first.class]} prices) is ${days(first.ageDays)} old, ` +
    `beyond its limit of ${days(first.maxAgeDays)}${more}. ` +
    (refreshable ? `The fix: \`${command}\`.` : "The catalog refresh does not re-read it: set the price in the policy config (instancePrices, managedModels).");
  const lines = f.stale.slice(0, STALE_SHOWN).map((s) =>
    `  - ${kind[s.class]} price${s.prices.length === 1 ? "" : "s"} of ${listOf(s.prices, 3)}: source ${s.source}, read ${s.asOf}, ` +
      `${days(s.ageDays)} old (limit ${days(s.maxAgeDays)})${s.refreshable ? "" : "; not re-read by catalog refresh"}`);
  if (f.stale.length > STALE_SHOWN) lines.push(`  - and ${f.stale.length - STALE_SHOWN} more sources`);
  const fix: string[] = [];
  if (refreshable && f.overlay) {
    fix.push(`\`${command}\` downloads the current AWS and LiteLLM prices into the overlay the pack loads (set by ${f.overlay.setBy}).`);
  } else if (refreshable) {
    fix.push(`\`${command}\`, run where you run the preview, downloads the current AWS and LiteLLM prices into catalog-overlay.json; ` +
      `set "catalogOverlay": "catalog-overlay.json" under self-hosting-break-even in the policy config once (or GPU_BREAKEVEN_CATALOG_OVERLAY), ` +
      `so the pack loads it.`);
  }
  if (f.stale.some((s) => !s.refreshable)) {
    fix.push(`The refresh does not re-read SageMaker ml.* prices, regional multipliers or prices kept by hand from a provider's page: ` +
      `set those in the policy config (instancePrices, managedModels) or update the catalog (docs/catalog.md).`);
  }
  return `${headline}\n${lines.join("\n")}\n` +
    `Prices move (AWS cut P4/P5 prices by up to 45% in June 2025; API prices change with each model generation), so the verdicts may rest ` +
    `on stale figures. ${fix.join(" ")} Limits: ${days(f.limits.instance)} for instance prices, ${days(f.limits.managed)} for managed API ` +
    `prices, counted to ${f.today} (catalog-fresh.instancePriceMaxAgeDays, managedPriceMaxAgeDays).`;
}

/** "1 day", "45 days", "0.5 days". */
function days(n: number): string {
  return `${num(n, 2)} ${n === 1 ? "day" : "days"}`;
}

/** A user's value as a message echoes it: at most `max` characters, the rest cut with "…". */
function cut(text: string, max = 80): string {
  return truncate(text, max);
}

/**
 * What was made echoable, per list of secrets (one per analysis; a list never changes once made): each string, and
 * each part that findings share (the declared names, a workload's declaration), is redacted and escaped once.
 */
const echoed = new WeakMap<readonly string[], { texts: Map<string, string>; parts: WeakMap<object, unknown> }>();

/** A fact as a message may echo it, in one pass: its secrets replaced, then escaped and cut (src/text). */
function echoable<T extends Fact | Blocker>(fact: T, secrets: readonly string[]): T {
  let cache = echoed.get(secrets);
  if (!cache) echoed.set(secrets, (cache = { texts: new Map(), parts: new WeakMap() }));
  const { texts, parts } = cache;
  const echo = (text: string): string => {
    let out = texts.get(text);
    if (out === undefined) texts.set(text, (out = safeText(redact(text, secrets))));
    return out;
  };
  return mapStrings(withSecretsHidden(fact), echo, parts);
}

/**
 * The fields of a fact or blocker that may hold a value the engine marks secret, as withSecretsHidden reads them: a
 * `secret` of SecretFigures (model-does-not-fit) carries none of SecretFields' flags, and hides nothing here.
 */
interface Hideable {
  kind: string;
  blockers?: Blocker[];
  secret?: SecretFields;
  resource?: string | ResourceFacts;
  instanceType?: string;
  family?: string;
  region?: string;
  zone?: string;
  tag?: string;
  guess?: string;
}

/**
 * A fact (or blocker) with each string the engine marks secret (its `secret` flags, or its resource's) replaced by
 * [secret], whatever its length: a short one cannot be searched for in text. Secret numbers are hidden where they
 * are written (capacity(), the cost lines, the capacity line).
 */
function withSecretsHidden<T extends Fact | Blocker>(fact: T): T {
  const f = fact as Hideable;
  if (f.kind === "not-evaluated") return { ...f, blockers: f.blockers?.map(withSecretsHidden) } as T;
  const resource = f.resource && typeof f.resource === "object" ? f.resource : undefined;
  const flags = f.secret ?? resource?.secret;
  if (!flags) return fact;
  const out: Hideable = { ...f };
  if (flags.instanceType) {
    if (resource) out.resource = { ...resource, instanceType: SECRET_MARK };
    if (typeof f.instanceType === "string") out.instanceType = SECRET_MARK;
    // The family is a part of the type; a guess would say what it is close to.
    if (typeof f.family === "string") out.family = SECRET_MARK;
    if (f.kind === "unknown-instance-type") delete out.guess;
  }
  if (flags.region && typeof f.region === "string") out.region = SECRET_MARK;
  if (flags.zones && typeof f.zone === "string") out.zone = SECRET_MARK;
  if (flags.workloadTag && typeof f.tag === "string") {
    out.tag = SECRET_MARK;
    delete out.guess;
  }
  return out as T;
}

function didYouMean(guess: string | undefined): string {
  return guess ? ` (did you mean "${guess}"?)` : "";
}

function from(source: string | undefined): string {
  return source ? ` (from ${source})` : "";
}

function rule(allowed: string[], workload: string): string {
  return `allowedRegions ${listOf(allowed)} (${WORKLOADS_KEY}.${workload}.dataResidency)`;
}

/**
 * The declared workloads, as the message of every untagged or mistagged resource repeats them: ten names of 200
 * characters would add 2,000 characters to each of thousands of messages, so each is cut at 40 here.
 */
function declared(names: string[]): string {
  return names.length ? `Declared workloads: ${listOf(names, 10, ", ", 40)}.` : "The stack declares no workloads.";
}

function priceFix(instanceType: string, region: string): string {
  return `Set instancePrices["${instanceType}"] (or regionalInstancePrices["${region}"]["${instanceType}"]) in the policy config.`;
}

/** "g6e.xlarge" for an instance, "auto-scaling group of 4 × g6e.xlarge" for anything bigger (a secret market: "on [secret]"). */
export function capacity(r: ResourceFacts): string {
  if (r.kindLabel === "EC2 instance") return r.instanceType;
  const market = r.secret?.market ? ` on ${SECRET_MARK}` : r.market === "spot" ? " on spot" : "";
  return `${r.kindLabel} of ${r.secret?.count ? SECRET_MARK : r.count} × ${r.instanceType}${market}`;
}

/**
 * A figure a workload's declaration gives, as a message prints it: [secret] when the declaration is secret. Totals
 * derived from declared figures (F, M(V), M(s·V), V*, capacity, utilization) are printed as they are.
 */
function declaredFigure(w: { secret?: SecretFigures }, text: string): string {
  return w.secret?.declaration ? SECRET_MARK : text;
}

/** The arithmetic every cost violation carries: cost lines, managed cost at V and s·V, break-even, capacity. */
function costExplanation(w: JudgedWorkload, catalogAsOf: string): string[] {
  const { cost, managedModel: m, declaration: d } = w;
  const s = cost.stressUtilization;
  const lines = [
    `Fleet: ${listOf(w.fleet)}`,
    ...renderFixedCost(cost, "  ", w.secret),
    `Managed ${m.id} (${unitUsd(m.inputUsdPerMillion)} in / ${unitUsd(m.outputUsdPerMillion)} out per 1M tokens, ${m.source}):`,
    `  at V = ${declaredFigure(w, tokens(cost.volumeTokens))} tokens: ${declaredFigure(w, num(d.monthlyInputTokens / 1e6, 2))}M × ${inputPrice(w)} + ` +
      `${declaredFigure(w, num(d.monthlyOutputTokens / 1e6, 2))}M × ${unitUsd(m.outputUsdPerMillion)} = ${usd(cost.managedAtVolumeUsd)}`,
    `  at ${s}·V = ${declaredFigure(w, tokens(cost.volumeTokens * s))} tokens: ${usd(cost.managedAtStressUsd)}`,
    breakEvenLine(cost),
  ];
  if (cost.capacity) lines.push(capacityLine(cost, w.secret));
  if (cost.peak) lines.push(...peakLines(w, cost.peak));
  lines.push(`Catalog as of ${catalogAsOf}.`);
  return lines;
}

/** The busiest hour, the overflow it sends to the API and its cost, and the cheapest hybrid at V and s·V. */
function peakLines(w: JudgedWorkload, peak: PeakLoad): string[] {
  const c = w.cost;
  const s = c.stressUtilization;
  const model = w.managedModel.id;
  const lines = [
    `Busiest hour (hourlyProfile): ${tokens(peak.peakHourTokens)} tokens against the fleet's ${tokens(peak.fleetHourlyTokens)} an hour.`,
  ];
  if (peak.overflowAtVolume.tokens > 0 || peak.overflowAtStress.tokens > 0) {
    lines.push(
      `Overflow to ${model}: ${tokens(peak.overflowAtVolume.tokens)} tokens/month at V = ${usd(peak.overflowAtVolume.usd)}, ` +
        `${tokens(peak.overflowAtStress.tokens)} at ${s}·V = ${usd(peak.overflowAtStress.usd)}; self-hosting costs F + overflow = ` +
        `${usd(c.fixedMonthlyUsd + peak.overflowAtVolume.usd)} at V, ${usd(c.fixedMonthlyUsd + peak.overflowAtStress.usd)} at ${s}·V.`,
    );
  }
  const typeName = instanceTypeOf(c);
  const planned = c.fixedMonthlyUsd + peak.overflowAtVolume.usd;
  if (peak.hybridAtVolume) lines.push(`Cheapest plan at V: ${hybridText(peak.hybridAtVolume, typeName, model)}, ${difference(planned - peak.hybridAtVolume.totalUsd)} the planned fleet.`);
  if (peak.hybridAtStress) lines.push(`Cheapest plan at ${s}·V: ${hybridText(peak.hybridAtStress, typeName, model)}.`);
  return lines;
}

/** The instance type a hybrid plan runs: the fleet's first compute line's, else "instances". */
function instanceTypeOf(c: WorkloadCost): string {
  const line = c.lines.find((l) => l.kind === "compute");
  return line && line.kind === "compute" ? line.instanceType : "instances";
}

/** "2 × g6e.xlarge for the base load + model for the peaks (1.2B tokens, 15.0%): $4,100/month". */
function hybridText(plan: HybridPlan, instanceType: string, model: string): string {
  if (plan.instances === 0) return `${model} alone: ${usd(plan.totalUsd)}/month`;
  if (plan.overflowTokens <= 0) return `${plan.instances} × ${instanceType}, no overflow: ${usd(plan.totalUsd)}/month`;
  return `${plan.instances} × ${instanceType} for the base load + ${model} for the peaks ` +
    `(${tokens(plan.overflowTokens)} tokens, ${percent(plan.overflowShare)}): ${usd(plan.totalUsd)}/month`;
}

function difference(savingUsd: number): string {
  if (Math.abs(savingUsd) < 0.005) return "the same as";
  return savingUsd > 0 ? `${usd(savingUsd)} less than` : `${usd(-savingUsd)} more than`;
}

/**
 * The input price as the arithmetic uses it: blended with the cached price when a share is cached. With a secret
 * declaration the share is secret, and so is the blended price (it gives the share away): the list price is shown
 * with "[secret] of input cached", whether or not a share is cached.
 */
function inputPrice(w: JudgedWorkload): string {
  const share = w.declaration.cachedInputShare;
  const m = w.managedModel;
  const blended = inputUsdPerMillion({ inputTokens: 0, outputTokens: 0, cachedInputShare: share }, m);
  const cached = m.cachedInputUsdPerMillion === undefined
    ? "no cached price listed: billed as input"
    : `${unitUsd(m.cachedInputUsdPerMillion)} cached`;
  if (w.secret?.declaration) return `${unitUsd(m.inputUsdPerMillion)} (${SECRET_MARK} of input cached, ${cached})`;
  if (!share) return unitUsd(m.inputUsdPerMillion);
  return `${unitUsd(round(blended, 4))} (${num(share * 100, 1)}% of input cached, ${cached})`;
}

function breakEvenLine(cost: WorkloadCost): string {
  if (cost.breakEvenTokens === null) return "Break-even volume: none (the managed cost at V is $0).";
  const ratio = cost.volumeTokens > 0 ? ` (${num(cost.breakEvenTokens / cost.volumeTokens, 2)}× the declared volume)` : "";
  const perMillion = cost.selfHostedUsdPerMillion === null ? "" : `; self-hosted cost ${unitUsd(round(cost.selfHostedUsdPerMillion, 2))} per 1M tokens at V`;
  return `Break-even volume V* = F ÷ (M(V) ÷ V) = ${tokens(cost.breakEvenTokens)} tokens/month${ratio}${perMillion}.`;
}

/** The fleet's instance count as a message shows it: [secret] when a count behind it is secret. */
function instanceCount(cost: WorkloadCost, secret: SecretFigures | undefined): string {
  return secret?.instanceCount ? SECRET_MARK : num(cost.instanceCount);
}

function capacityLine(cost: WorkloadCost, secret: SecretFigures | undefined): string {
  const c = cost.capacity!;
  const atBreakEven = c.breakEvenUtilization === null ? "" : `, ${percent(c.breakEvenUtilization)} at V*`;
  const hours = num(hoursOf(cost));
  // A measured throughput is a declared figure; an estimated one is derived (from the served model), like the capacity.
  const rate = c.estimated
    ? `Capacity (estimated from the served model): the fleet's ${num(c.tokensPerSecondPerInstance)} tokens/s × 3,600 s × ${hours} h`
    : `Capacity: ${instanceCount(cost, secret)} × ${declaredFigure({ secret }, num(c.tokensPerSecondPerInstance))} tokens/s × 3,600 s × ${hours} h`;
  return `${rate} = ${tokens(c.tokensPerMonth)} tokens/month; utilization ${percent(c.utilization)} at V${atBreakEven}.`;
}

function hoursOf(cost: WorkloadCost): number {
  const line = cost.lines.find((l) => l.kind === "compute" || l.kind === "owned-power");
  return line && "hours" in line ? line.hours : 730;
}

/** The managed model, and with allowedRegions the offering that processes data only there: "m via Bedrock EU (eu-*)". */
function apiName(w: JudgedWorkload): string {
  const o = w.managedOffering;
  return o ? `${w.managedModel.id} via ${o.via} (processing in ${listOf(o.regions)}${o.priceFactor !== 1 ? `, × ${num(o.priceFactor, 4)} the list price` : ""})` : w.managedModel.id;
}

/** self-hosting-break-even: the managed API is cheaper at the declared volume. */
function failsMessage(w: JudgedWorkload, catalogAsOf: string): string {
  const c = w.cost;
  return [
    `Workload ${w.name}: the fleet costs ${usd(c.fixedMonthlyUsd)}/month but ${apiName(w)} would serve the declared ` +
      `${declaredFigure(w, tokens(c.volumeTokens))} tokens for ${usd(c.managedAtVolumeUsd)}/month (verdict: fails, F > M(V)).`,
    ...costExplanation(w, catalogAsOf),
    ...wayToPassLines(w),
  ].join("\n");
}

/** self-hosting-fragile: the fleet wins only if utilization stays high. */
function fragileMessage(w: JudgedWorkload, catalogAsOf: string): string {
  const c = w.cost;
  const s = c.stressUtilization;
  return [
    `Workload ${w.name}: the fleet (${usd(c.fixedMonthlyUsd)}/month) beats ${apiName(w)} at the declared ${declaredFigure(w, tokens(c.volumeTokens))} ` +
      `tokens (${usd(c.managedAtVolumeUsd)}) but not at ${s}·V (${usd(c.managedAtStressUsd)}): it wins only while utilization stays high (verdict: fragile).`,
    ...costExplanation(w, catalogAsOf),
    ...wayToPassLines(w),
  ].join("\n");
}

/** "To pass: …": every way out the pack found, with the constraint that binds each. */
function wayToPassLines(w: JudgedWorkload): string[] {
  const way = w.wayToPass;
  if (!way) return [];
  const c = w.cost;
  const s = c.stressUtilization;
  const goal = way.target === "volume" ? `${usd(way.budgetUsd)} = M(V)` : `${usd(way.budgetUsd)} = M(${s}·V)`;
  const options: string[] = [];
  if (way.fleet) options.push(fleetOption(way.fleet, way, declaredFigure(w, tokens(c.volumeTokens))));
  if (way.sameTypeWithinBudget) {
    const t = way.sameTypeWithinBudget;
    const them = t.count === 1 ? "1 instance serves" : `${t.count} instances serve`;
    options.push(`run ${t.count} × ${t.instanceType} instead (${usd(t.fixedMonthlyUsd)}/month with ops); the pack cannot tell whether ${them} ` +
      `the volume: declare tokensPerSecondPerInstance (or model) so it can size the fleet`);
  }
  const volumeNeeded = c.breakEvenTokens === null ? null : way.target === "volume" ? c.breakEvenTokens : c.breakEvenTokens / s;
  const capacity = c.capacity?.tokensPerMonth;
  if (volumeNeeded !== null && (capacity === undefined || volumeNeeded <= capacity)) {
    options.push(way.target === "volume"
      ? `serve at least V* = ${tokens(volumeNeeded)} tokens/month on this fleet`
      : `plan for at least V* ÷ ${s} = ${tokens(volumeNeeded)} tokens/month on this fleet`);
  }
  const hybrid = way.target === "volume" ? c.peak?.hybridAtVolume : c.peak?.hybridAtStress;
  if (hybrid && hybrid.instances > 0 && hybrid.totalUsd <= way.budgetUsd + 0.005 && way.managed.allowed) {
    options.push(`run the hybrid: ${hybridText(hybrid, instanceTypeOf(c), w.managedModel.id)}`);
  }
  if (way.managed.allowed && way.target === "volume") {
    const via = way.managed.via ? ` via ${way.managed.via}` : "";
    options.push(`call ${way.managed.modelId}${via} instead (${usd(way.managed.monthlyUsd)}/month, ${usd(c.fixedMonthlyUsd - way.managed.monthlyUsd)} less)`);
  }
  const lines: string[] = [];
  if (way.opsExceedBudget) lines.push(`The ops hours alone cost more than ${goal}: no self-hosted fleet with these ops hours can pass.`);
  else if (!way.fleet) lines.push(noFleetLine(way, goal));
  if (volumeNeeded !== null && capacity !== undefined && volumeNeeded > capacity) {
    lines.push(`More traffic cannot rescue this fleet: it would need ${tokens(volumeNeeded)} tokens/month, beyond its capacity of ${tokens(capacity)}.`);
  }
  if (!way.managed.allowed) lines.push(managedBlockedLine(way.managed));
  lines.push(options.length ? `To pass (fixed cost at most ${goal}): ${options.join("; or ")}.` : `No way to pass is known: ${goal} is out of reach.`);
  return lines;
}

/** One catalog fleet as a way to pass; `volume`: V as the message prints it ([secret] with a secret declaration). */
function fleetOption(f: CatalogFleet, way: WayToPass, volume: string): string {
  const notes = [
    f.binding === "capacity"
      ? `capacity ${tokens(f.capacityTokensPerMonth)} tokens/month for V = ${volume}`
      : `production's minimum of ${way.minimumCount} instances in 2 zones binds; capacity ${tokens(f.capacityTokensPerMonth)} tokens/month`,
    f.marketSecret
      ? `${SECRET_MARK} market`
      : f.market === "spot"
        ? `spot${f.discount ? `, −${num(f.discount.share * 100, 0)}%` : ", no spot discount known: on demand"}`
        : f.discount ? (f.discount.secret ? `${SECRET_MARK} commitment` : f.discount.label) : "on demand",
    f.estimated ? "throughput estimated from the served model" : "",
    f.estimatePrices ? "price estimated" : "",
  ].filter(Boolean);
  return `run ${f.count} × ${f.instanceType} in ${f.region} (${usd(f.fixedMonthlyUsd)}/month with ops, verdict ${f.verdict}; ${notes.join("; ")})`;
}

function noFleetLine(way: WayToPass, goal: string): string {
  if (!way.throughputKnown) return `The pack cannot size a cheaper fleet: no throughput is known (declare tokensPerSecondPerInstance, or model).`;
  const where = way.managed.allowed ? "" : " in the allowed regions";
  const minimum = way.minimumCount > 1 ? ` with at least ${way.minimumCount} instances` : "";
  return `No catalog fleet${minimum}${where} serves the declared volume for ${goal} or less: self-hosting cannot pass at this volume.`;
}

function managedBlockedLine(m: Extract<WayToPass["managed"], { allowed: false }>): string {
  if (m.why === "self-hosted-only") return "A managed API is not an option: the workload is selfHostedOnly.";
  return `A managed API is not an option: no offering of the managed model the catalog knows processes data only in allowedRegions ` +
    `${listOf(m.allowedRegions)}; self-hosting is the only compliant option.`;
}

/** fleet-capacity with an hourly profile: the busiest hour exceeds what the fleet serves in an hour. */
function peakMessage(w: JudgedWorkload): string {
  const c = w.cost;
  const peak = c.peak!;
  const perInstance = c.instanceCount > 0 ? peak.fleetHourlyTokens / c.instanceCount : 0;
  const needed = peak.peakSizedInstances;
  return [
    `Workload ${w.name}: its busiest hour needs ${tokens(peak.peakHourTokens)} tokens, but the fleet serves ${tokens(peak.fleetHourlyTokens)} an hour ` +
      `(${instanceCount(c, w.secret)} × ${perInstanceHour(c, w.secret, perInstance)}), so ${tokens(peak.overflowAtVolume.tokens)} tokens a month ` +
      `(${percent(c.volumeTokens > 0 ? peak.overflowAtVolume.tokens / c.volumeTokens : 0)} of V) go to ${w.managedModel.id} for ${usd(peak.overflowAtVolume.usd)}.`,
    ...peakLines(w, peak).slice(1),
    needed === undefined
      ? `To pass: declare the measured tokensPerSecondPerInstance.`
      : `To pass: run at least ${needed} instances to cover the busiest hour, or plan for the overflow (the verdict already counts its cost).`,
  ].join("\n");
}

/**
 * What one instance serves in an hour, as the busiest-hour message multiplies it: [secret] when it is the secret
 * declaration's measured tokensPerSecondPerInstance × 3,600 (an estimated rate is derived and shown).
 */
function perInstanceHour(c: WorkloadCost, secret: SecretFigures | undefined, perInstance: number): string {
  return c.capacity?.estimated ? tokens(perInstance) : declaredFigure({ secret }, tokens(perInstance));
}

/** fleet-capacity: the declared volume exceeds what the fleet can serve. */
function capacityMessage(w: JudgedWorkload): string {
  const c = w.cost;
  const cap = c.capacity!;
  const perInstance = cap.estimated ? cap.tokensPerSecondPerInstance / Math.max(1, c.instanceCount) : cap.tokensPerSecondPerInstance;
  const needed = instancesFor(c.volumeTokens, perInstance, hoursOf(c));
  return [
    `Workload ${w.name}: the declared ${declaredFigure(w, tokens(c.volumeTokens))} tokens/month exceed the fleet's capacity of ${tokens(cap.tokensPerMonth)} ` +
      `(${percent(cap.utilization)} utilization), so the cost comparison flatters the fleet.`,
    capacityLine(c, w.secret),
    needed === undefined
      ? `To pass: run instances the model fits on (see above), or declare the measured tokensPerSecondPerInstance.`
      : cap.estimated
        ? `To pass: run at least ${needed} instances, or declare the measured tokensPerSecondPerInstance if the estimate is too low.`
        : `To pass: run at least ${needed} instances, or declare the measured tokensPerSecondPerInstance if ${declaredFigure(w, num(cap.tokensPerSecondPerInstance))} is too low.`,
  ].join("\n");
}
