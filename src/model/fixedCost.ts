import { CostAssumptions, CostLine, InstanceGroup } from "./types";

/** The fleet's fixed monthly cost as lines: compute per instance group, power (included in rental), ops. */
export function monthlyFixedCost(
  groups: InstanceGroup[],
  opsHoursPerMonth: number,
  assumptions: Pick<CostAssumptions, "hoursPerMonth" | "opsUsdPerHour">,
): { lines: CostLine[]; totalUsd: number } {
  const lines: CostLine[] = groups.map((g) => computeLine(g, assumptions.hoursPerMonth));
  // Cloud rental prices include power and cooling; the line is shown so nobody adds it twice.
  lines.push({ kind: "power", included: true, monthlyUsd: 0 });
  lines.push({
    kind: "ops",
    hours: opsHoursPerMonth,
    usdPerHour: assumptions.opsUsdPerHour,
    monthlyUsd: opsHoursPerMonth * assumptions.opsUsdPerHour,
  });
  return { lines, totalUsd: lines.reduce((sum, line) => sum + line.monthlyUsd, 0) };
}

function computeLine(group: InstanceGroup, hoursPerMonth: number): CostLine {
  return {
    kind: "compute",
    instanceType: group.instanceType,
    count: group.count,
    usdPerHour: group.usdPerHour,
    hours: hoursPerMonth,
    monthlyUsd: group.count * group.usdPerHour * hoursPerMonth,
    priceSource: group.priceSource,
    estimate: group.estimate,
  };
}
