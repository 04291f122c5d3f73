/** Whole US dollars with thousands separators: $2,717. Amounts under $100 keep their cents. */
export function usd(amount: number): string {
  if (!Number.isFinite(amount)) return amount > 0 ? "unbounded" : "n/a";
  const digits = Math.abs(amount) < 100 && amount !== Math.round(amount) ? 2 : 0;
  return `$${amount.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits })}`;
}

/** A unit price as written in the catalog: $1.861, $0.15. */
export function unitUsd(amount: number): string {
  return `$${amount.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 6 })}`;
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
  return value.toLocaleString("en-US", { maximumFractionDigits: digits });
}

/** A share as a percentage: 0.304 → 30.4%. */
export function percent(share: number): string {
  if (!Number.isFinite(share)) return "unbounded";
  return `${(share * 100).toFixed(1)}%`;
}
