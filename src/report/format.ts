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

// Beyond these, a figure says only that it is enormous: never an exponent (1e+304) or a 300-digit number.
const MAX_USD = 1e12;
const MAX_TOKENS = 1e18;
const MAX_PLAIN = 1e15;
const MAX_PERCENT = 1e6;

/** NaN and ±Infinity in words; undefined for a finite number. */
function notFinite(value: number): string | undefined {
  if (Number.isNaN(value)) return "n/a";
  if (!Number.isFinite(value)) return value > 0 ? "unbounded" : "n/a";
  return undefined;
}

/** Whole US dollars with thousands separators: $2,717. Amounts under $100 keep their cents. */
export function usd(amount: number): string {
  const odd = notFinite(amount);
  if (odd) return odd;
  if (Math.abs(amount) >= MAX_USD) return `${amount < 0 ? "less than -" : "over "}$${formatNumber(MAX_USD, 0, 0)}`;
  const digits = Math.abs(amount) < 100 && amount !== Math.round(amount) ? 2 : 0;
  return `$${formatNumber(amount, digits, digits)}`;
}

/** A unit price as written in the catalog: $1.861, $0.15. */
export function unitUsd(amount: number): string {
  const odd = notFinite(amount);
  if (odd) return odd;
  if (Math.abs(amount) >= MAX_USD) return `over $${formatNumber(MAX_USD, 0, 0)}`;
  return `$${formatNumber(amount, 2, 6)}`;
}

/** A token count made readable: 4.00B, 750M, 12.5K. */
export function tokens(count: number): string {
  const odd = notFinite(count);
  if (odd) return odd;
  if (Math.abs(count) >= MAX_TOKENS) return "over 1,000,000T";
  const scales: [number, string][] = [[1e12, "T"], [1e9, "B"], [1e6, "M"], [1e3, "K"]];
  for (const [scale, suffix] of scales) {
    if (Math.abs(count) >= scale) return `${(count / scale).toFixed(2)}${suffix}`;
  }
  return count.toFixed(0);
}

/** A plain number with thousands separators and at most `digits` decimals. */
export function num(value: number, digits = 0): string {
  const odd = notFinite(value);
  if (odd) return odd;
  if (Math.abs(value) >= MAX_PLAIN) return `over ${formatNumber(MAX_PLAIN, 0, 0)}`;
  return formatNumber(value, 0, digits);
}

/** A share as a percentage: 0.304 → 30.4%; "unbounded" when there is nothing to divide by. */
export function percent(share: number | null): string {
  if (share === null || share === Infinity) return "unbounded";
  if (Number.isNaN(share) || !Number.isFinite(share)) return "n/a";
  if (Math.abs(share * 100) >= MAX_PERCENT) return `${share < 0 ? "less than -" : "over "}${formatNumber(MAX_PERCENT, 0, 0)}%`;
  return `${(share * 100).toFixed(1)}%`;
}

/** `value` rounded to `digits` decimals: 0.123456 → 0.1235 at 4. */
export function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
