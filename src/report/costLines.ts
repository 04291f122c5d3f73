import type { CostLine, WorkloadCost } from "../model/types";
import { SECRET_MARK } from "../text/redact";
import { num, unitUsd, usd } from "./format";

/**
 * One cost line with its arithmetic: "2 × g6e.xlarge × $1.861/h × 730 h = $2,717 (catalog 2026-07-20)". With
 * `secretCount`, a compute line's count (a value the engine marks secret) is shown as [secret]; its total is not.
 */
export function renderCostLine(line: CostLine, secretCount = false): string {
  switch (line.kind) {
    case "compute": {
      const estimate = line.estimate ? ", estimate" : "";
      const discount = line.discount
        ? ` × (1 − ${num(line.discount.share, 4)} ${line.discount.label}${line.discount.estimate ? ", estimate" : ""})`
        : "";
      const note = line.note ? `; ${line.note}` : "";
      return `compute: ${secretCount ? SECRET_MARK : num(line.count)} × ${line.instanceType} × ${unitUsd(line.usdPerHour)}/h${discount} × ${num(line.hours)} h = ` +
        `${usd(line.monthlyUsd)} (${line.priceSource}${estimate}${note})`;
    }
    case "power":
      return "power: included in the rental price = $0";
    case "owned-compute":
      return `owned ${line.name}: ${num(line.count)} × ${usd(line.purchaseUsd)} ÷ ${num(line.usefulLifeMonths)} months = ${usd(line.monthlyUsd)}`;
    case "owned-power":
      return `power ${line.name}: ${num(line.count)} × ${num(line.watts)} W ÷ 1000 × ${num(line.hours)} h × PUE ${line.pue} × ` +
        `${unitUsd(line.usdPerKwh)}/kWh = ${usd(line.monthlyUsd)}${line.estimate ? " (draw estimated from board power)" : ""}`;
    case "colocation":
      return `colocation ${line.name}: ${num(line.count)} × ${usd(line.usdPerMonth)} = ${usd(line.monthlyUsd)}`;
    case "ops":
      return `ops: ${num(line.hours, 2)} h × ${unitUsd(line.usdPerHour)}/h = ${usd(line.monthlyUsd)}`;
  }
}

/** Every cost line and the total F, one per line; `secretCounts`: the indexes of the lines whose count is secret. */
export function renderFixedCost(cost: WorkloadCost, indent = "  ", secretCounts: readonly number[] = []): string[] {
  return [
    ...cost.lines.map((l, i) => indent + renderCostLine(l, secretCounts.includes(i))),
    `${indent}fixed monthly cost F = ${usd(cost.fixedMonthlyUsd)}`,
  ];
}
