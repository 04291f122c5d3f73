import type { SecretFigures } from "../analysis/findings";
import type { CostLine, WorkloadCost } from "../model/types";
import { SECRET_MARK } from "../text/redact";
import { num, unitUsd, usd } from "./format";

/** Which factors of a cost line come from values the engine marks secret: shown as [secret], the line's total is not. */
export interface HiddenFactors {
  /** A compute line's instance count. */
  count?: boolean;
  /** The figures a secret declaration gives: ops hours, the owned servers' count, price, life, draw and colocation. */
  declared?: boolean;
}

/**
 * One cost line with its arithmetic: "2 × g6e.xlarge × $1.861/h × 730 h = $2,717 (catalog 2026-07-20)". A factor the
 * engine marks secret (`hidden`; a discount flagged secret) is shown as [secret]; the line's total is not.
 */
export function renderCostLine(line: CostLine, hidden: HiddenFactors = {}): string {
  const declared = (text: string) => (hidden.declared ? SECRET_MARK : text);
  switch (line.kind) {
    case "compute": {
      const estimate = line.estimate ? ", estimate" : "";
      const d = line.discount;
      const discount = !d
        ? ""
        : d.secret
          ? ` × (1 − ${SECRET_MARK})`
          : ` × (1 − ${num(d.share, 4)} ${d.label}${d.estimate ? ", estimate" : ""})`;
      const note = line.note ? `; ${line.note}` : "";
      return `compute: ${hidden.count ? SECRET_MARK : num(line.count)} × ${line.instanceType} × ${unitUsd(line.usdPerHour)}/h${discount} × ${num(line.hours)} h = ` +
        `${usd(line.monthlyUsd)} (${line.priceSource}${estimate}${note})`;
    }
    case "power":
      return "power: included in the rental price = $0";
    case "owned-compute":
      return `owned ${line.name}: ${declared(num(line.count))} × ${declared(usd(line.purchaseUsd))} ÷ ${declared(num(line.usefulLifeMonths))} months = ${usd(line.monthlyUsd)}`;
    case "owned-power":
      // The draw is declared (powerWatts), or estimated from the declared accelerator count: secret either way.
      return `power ${line.name}: ${declared(num(line.count))} × ${declared(num(line.watts))} W ÷ 1000 × ${num(line.hours)} h × PUE ${line.pue} × ` +
        `${unitUsd(line.usdPerKwh)}/kWh = ${usd(line.monthlyUsd)}${line.estimate ? " (draw estimated from board power)" : ""}`;
    case "colocation":
      return `colocation ${line.name}: ${declared(num(line.count))} × ${declared(usd(line.usdPerMonth))} = ${usd(line.monthlyUsd)}`;
    case "ops":
      return `ops: ${declared(num(line.hours, 2))} h × ${unitUsd(line.usdPerHour)}/h = ${usd(line.monthlyUsd)}`;
  }
}

/** The factors of `cost.lines[index]` that `secret` (a workload's secret figures) hides. */
export function hiddenFactors(secret: SecretFigures | undefined, index: number): HiddenFactors {
  return { count: secret?.lineCounts?.includes(index) === true, declared: secret?.declaration === true };
}

/** Every cost line and the total F, one per line, with the factors `secret` (a workload's secret figures) hides. */
export function renderFixedCost(cost: WorkloadCost, indent = "  ", secret?: SecretFigures): string[] {
  return [
    ...cost.lines.map((l, i) => indent + renderCostLine(l, hiddenFactors(secret, i))),
    `${indent}fixed monthly cost F = ${usd(cost.fixedMonthlyUsd)}`,
  ];
}
