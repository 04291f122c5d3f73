import type { PolicyResource } from "@pulumi/policy";
import { analyzeStack } from "../analysis/analyzeStack";
import type { StackAnalysis } from "../analysis/types";
import { defaultAssumptions } from "../assumptions/parse";
import type { Assumptions } from "../assumptions/schema";
import { shippedCatalog } from "../catalog/load";
import { packStackConfig } from "./stackConfig";
import { writeReportIfAsked } from "./writeReport";

interface Entry {
  resourcesKey: string;
  assumptionsKey: string;
  analysis: StackAnalysis;
}

/** The analyses of the AnalyzeStack call in progress; the first one is what the JSON report shows. */
let current: { first: Entry; byAssumptions: Map<string, Entry> } | undefined;

/** A policy's view of the shared analysis, and whether its assumptions differ from the first policy's. */
export interface SharedAnalysis {
  analysis: StackAnalysis;
  divergesFromFirst: boolean;
}

/**
 * The stack's analysis, computed once per AnalyzeStack call and shared by every stack policy.
 * The SDK runs the stack policies one after another within one turn of the event loop (it only awaits
 * already-resolved promises between them), so the cache is dropped at the next macrotask: a later
 * AnalyzeStack never sees a stale result. Policies whose findings do not depend on the cost
 * assumptions pass none and take the first analysis of this call.
 */
export function sharedAnalysis(resources: PolicyResource[], assumptions?: Assumptions): SharedAnalysis {
  const resourcesKey = `${resources.length}|${resources[0]?.urn}|${resources[resources.length - 1]?.urn}`;
  if (current && current.first.resourcesKey !== resourcesKey) current = undefined;
  if (current && !assumptions) return { analysis: current.first.analysis, divergesFromFirst: false };

  const used = assumptions ?? defaultAssumptions();
  const assumptionsKey = JSON.stringify(used);
  const known = current?.byAssumptions.get(assumptionsKey);
  if (known) return { analysis: known.analysis, divergesFromFirst: known !== current!.first };

  const entry = { resourcesKey, assumptionsKey, analysis: analyzeStack(resources, packStackConfig(), used, shippedCatalog()) };
  if (current) {
    current.byAssumptions.set(assumptionsKey, entry);
    return { analysis: entry.analysis, divergesFromFirst: true };
  }
  current = { first: entry, byAssumptions: new Map([[assumptionsKey, entry]]) };
  setImmediate(() => (current = undefined));
  writeReportIfAsked(entry.analysis);
  return { analysis: entry.analysis, divergesFromFirst: false };
}
