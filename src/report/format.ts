// toLocaleString builds a number formatter on every call; a report of thousands of workloads formats
// tens of thousands of figures, so each option set gets one formatter, made on first use.
const formatters = new Map<string, Intl.NumberFormat>();

/** en-US grouping with `min` to `max` decimals. */
function formatNumber(value: number, min: number, max: number): string {
  const key = `${min}/${max}`;
  let formatter = formatters.get(key);
  if (!formatter) formatters.set(key, (formatter = new Intl.NumberFormat("en-US", { minimumFractionDigits: min, maximumFractionDigits: max })));
  return formatter.format(value);
}

/** Whole US dollars with thousands separators: $2,717. Amounts under $100 keep their cents. */
export function usd(amount: number): string {
  if (!Number.isFinite(amount)) return amount > 0 ? "unbounded" : "n/a";
  const digits = Math.abs(amount) < 100 && amount !== Math.round(amount) ? 2 : 0;
  return `$${formatNumber(amount, digits, digits)}`;
}

/** A unit price as written in the catalog: $1.861, $0.15. */
export function unitUsd(amount: number): string {
  return `$${formatNumber(amount, 2, 6)}`;
}

/** A token count made readable: 4.00B, 750M, 12.5K. */
export function tokens(count: number): string {
  if (!Number.isFinite(count)) return "unbounded";
  const scales: [number, string][] = [[1e12, "T"], [1e9, "B"], [1e6, "M"], [1e3, "K"]];
  for (const [scale, suffix] of scales) {
    if (Math.abs(count) >= scale) return `${(count / scale).toFixed(2)}${suffix}`;
  }
  return count.toFixed(0);
}

/** A plain number with thousands separators and at most `digits` decimals. */
export function num(value: number, digits = 0): string {
  return formatNumber(value, 0, digits);
}

/** A share as a percentage: 0.304 → 30.4%; "unbounded" when there is nothing to divide by. */
export function percent(share: number | null): string {
  if (share === null || !Number.isFinite(share)) return "unbounded";
  return `${(share * 100).toFixed(1)}%`;
}
