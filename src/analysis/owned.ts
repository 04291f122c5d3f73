import type { Assumptions } from "../assumptions/schema";
import { WORKLOADS_KEY } from "../declaration/parse";
import type { WorkloadDeclaration } from "../declaration/schema";
import type { OwnedServers } from "../model/types";
import { closest } from "../text/closest";
import { globMatches } from "./checkResource";
import type { StackContext } from "./context";
import type { Finding } from "./types";

/** A workload's owned servers as the model needs them, or why one entry cannot be costed. */
export function ownedServers(
  workload: string,
  declaration: WorkloadDeclaration,
  ctx: StackContext,
  assumptions: Assumptions,
): { servers: OwnedServers[]; problems: string[] } {
  const servers: OwnedServers[] = [];
  const problems: string[] = [];
  (declaration.ownedHardware ?? []).forEach((entry, i) => {
    const key = `${WORKLOADS_KEY}.${workload}.ownedHardware[${i}]`;
    let powerWatts = entry.powerWatts;
    let powerEstimated = false;
    if (powerWatts === undefined) {
      const accelerator = ctx.prices.accelerator(entry.accelerator);
      if (!accelerator) {
        const guess = closest(entry.accelerator, ctx.prices.catalog.accelerators.map((a) => a.id));
        problems.push(`${key}.accelerator "${entry.accelerator}" is not in the catalog${guess ? ` (did you mean "${guess}"?)` : ""}, ` +
          `so its power cannot be estimated; declare powerWatts or name a catalog accelerator`);
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
  return { servers, problems };
}

/** data-residency for owned servers: each entry must declare a region, and it must be allowed. */
export function ownedResidency(workload: string, declaration: WorkloadDeclaration): Finding[] {
  const allowed = declaration.dataResidency?.allowedRegions;
  if (!allowed) return [];
  const findings: Finding[] = [];
  (declaration.ownedHardware ?? []).forEach((entry, i) => {
    const key = `${WORKLOADS_KEY}.${workload}.ownedHardware[${i}]`;
    if (entry.region === undefined) {
      findings.push({
        policy: "data-residency",
        workload,
        message: `${key} (${entry.name}) declares no region, so it cannot be checked against allowedRegions ${allowed.join(", ")}. ` +
          `Add region: <where the servers run>.`,
      });
      return;
    }
    if (allowed.some((glob) => globMatches(glob, entry.region!))) return;
    findings.push({
      policy: "data-residency",
      workload,
      message: `${key} (${entry.name}, owned servers) runs in ${entry.region}, outside allowedRegions ${allowed.join(", ")} ` +
        `(${WORKLOADS_KEY}.${workload}.dataResidency). Move the servers or correct their region.`,
    });
  });
  return findings;
}
