import type { CostLine, WorkloadCost } from "../model/types";
import { num, unitUsd, usd } from "./format";

/** One cost line with its arithmetic: "2 × g6e.xlarge × $1.861/h × 730 h = $2,717 (catalog 2026-07-20)". */
export function renderCostLine(line: CostLine): string {
  switch (line.kind) {
    case "compute": {
      const estimate = line.estimate ? ", estimate" : "";
      return `compute: ${num(line.count)} × ${line.instanceType} × ${unitUsd(line.usdPerHour)}/h × ${num(line.hours)} h = ` +
        `${usd(line.monthlyUsd)} (${line.priceSource}${estimate})`;
    }
    case "power":
      return "power: included in the rental price = $0";
    case "ops":
      return `ops: ${num(line.hours, 2)} h × ${unitUsd(line.usdPerHour)}/h = ${usd(line.monthlyUsd)}`;
  }
}

/** Every cost line and the total F, one per line. */
export function renderFixedCost(cost: WorkloadCost, indent = "  "): string[] {
  return [...cost.lines.map((l) => indent + renderCostLine(l)), `${indent}fixed monthly cost F = ${usd(cost.fixedMonthlyUsd)}`];
}
