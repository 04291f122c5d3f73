import { instanceMonthlyUsd } from "./instanceCost";
import { CostAssumptions, CostLine, InstanceGroup, OwnedServers } from "./types";

/**
 * The fleet's fixed monthly cost as lines: compute per rented group (after any discount), power
 * (included in a rental price, metered for owned servers), owned servers amortized, colocation, ops.
 */
export function monthlyFixedCost(
  groups: InstanceGroup[],
  opsHoursPerMonth: number,
  assumptions: Pick<CostAssumptions, "hoursPerMonth" | "opsUsdPerHour" | "pue" | "electricityUsdPerKwh">,
  owned: OwnedServers[] = [],
): { lines: CostLine[]; totalUsd: number } {
  const lines: CostLine[] = groups.map((g) => computeLine(g, assumptions.hoursPerMonth));
  // Cloud rental prices include power and cooling; the line is shown so nobody adds it twice.
  if (groups.length > 0 || owned.length === 0) lines.push({ kind: "power", included: true, monthlyUsd: 0 });
  for (const servers of owned) lines.push(...ownedLines(servers, assumptions));
  lines.push({
    kind: "ops",
    hours: opsHoursPerMonth,
    usdPerHour: assumptions.opsUsdPerHour,
    monthlyUsd: opsHoursPerMonth * assumptions.opsUsdPerHour,
  });
  return { lines, totalUsd: lines.reduce((sum, line) => sum + line.monthlyUsd, 0) };
}

function computeLine(group: InstanceGroup, hoursPerMonth: number): CostLine {
  const share = group.discount?.share ?? 0;
  return {
    kind: "compute",
    instanceType: group.instanceType,
    count: group.count,
    usdPerHour: group.usdPerHour,
    hours: hoursPerMonth,
    monthlyUsd: group.count * instanceMonthlyUsd(group.usdPerHour, hoursPerMonth, share),
    priceSource: group.priceSource,
    estimate: group.estimate,
    ...(group.discount ? { discount: group.discount } : {}),
    ...(group.note ? { note: group.note } : {}),
  };
}

/** Owned servers: purchase ÷ useful life, metered power (W ÷ 1000 × h × PUE × $/kWh), colocation. */
function ownedLines(s: OwnedServers, a: Pick<CostAssumptions, "hoursPerMonth" | "pue" | "electricityUsdPerKwh">): CostLine[] {
  const pue = a.pue ?? 1;
  const usdPerKwh = a.electricityUsdPerKwh ?? 0;
  const lines: CostLine[] = [
    {
      kind: "owned-compute",
      name: s.name,
      count: s.count,
      purchaseUsd: s.purchaseUsd,
      usefulLifeMonths: s.usefulLifeMonths,
      monthlyUsd: (s.count * s.purchaseUsd) / s.usefulLifeMonths,
    },
    {
      kind: "owned-power",
      name: s.name,
      count: s.count,
      watts: s.powerWatts,
      hours: a.hoursPerMonth,
      pue,
      usdPerKwh,
      estimate: s.powerEstimated,
      monthlyUsd: s.count * (s.powerWatts / 1000) * a.hoursPerMonth * pue * usdPerKwh,
    },
  ];
  if (s.colocationUsdPerMonth > 0) {
    lines.push({ kind: "colocation", name: s.name, count: s.count, usdPerMonth: s.colocationUsdPerMonth, monthlyUsd: s.count * s.colocationUsdPerMonth });
  }
  return lines;
}
