import type { Assumptions } from "../assumptions/schema";
import { WORKLOADS_KEY } from "../declaration/parse";
import type { WorkloadDeclaration } from "../declaration/schema";
import type { OwnedServers } from "../model/types";
import { closest } from "../text/closest";
import { globMatches } from "../text/glob";
import type { StackContext } from "./context";
import type { Blocker, Finding } from "./findings";

/** A workload's owned servers as the model needs them, or what blocks costing an entry. */
export function ownedServers(
  workload: string,
  declaration: WorkloadDeclaration,
  ctx: StackContext,
  assumptions: Assumptions,
): { servers: OwnedServers[]; blockers: Blocker[] } {
  const servers: OwnedServers[] = [];
  const blockers: Blocker[] = [];
  (declaration.ownedHardware ?? []).forEach((entry, i) => {
    let powerWatts = entry.powerWatts;
    let powerEstimated = false;
    if (powerWatts === undefined) {
      const accelerator = ctx.prices.accelerator(entry.accelerator);
      if (!accelerator) {
        const guess = closest(entry.accelerator, ctx.prices.catalog.accelerators.map((a) => a.id));
        blockers.push({ kind: "owned-accelerator-unknown", key: `${ownedKey(workload, i)}.accelerator`, accelerator: entry.accelerator, guess });
        return;
      }
      // Whole-server draw ≈ summed board power × the load factor (assumption ownedPowerLoadFactor).
      powerWatts = accelerator.boardPowerWatts * entry.acceleratorCount * assumptions.ownedPowerLoadFactor;
      powerEstimated = true;
    }
    servers.push({
      name: entry.name,
      count: entry.count,
      purchaseUsd: entry.purchaseUsd,
      usefulLifeMonths: entry.usefulLifeMonths,
      powerWatts,
      powerEstimated,
      colocationUsdPerMonth: entry.colocationUsdPerMonth,
    });
  });
  return { servers, blockers };
}

/** data-residency for owned servers: each entry must declare a region, and it must be allowed. */
export function ownedResidency(workload: string, declaration: WorkloadDeclaration): Finding[] {
  const allowed = declaration.dataResidency?.allowedRegions;
  if (!allowed) return [];
  const findings: Finding[] = [];
  (declaration.ownedHardware ?? []).forEach((entry, i) => {
    const key = ownedKey(workload, i);
    const base = { policy: "data-residency" as const, workload };
    if (entry.region === undefined) {
      findings.push({ ...base, fact: { kind: "owned-no-region", key, name: entry.name, workload, allowed } });
      return;
    }
    if (allowed.some((glob) => globMatches(glob, entry.region!))) return;
    findings.push({ ...base, fact: { kind: "owned-residency-breach", key, name: entry.name, workload, region: entry.region, allowed } });
  });
  return findings;
}

function ownedKey(workload: string, index: number): string {
  return `${WORKLOADS_KEY}.${workload}.ownedHardware[${index}]`;
}
