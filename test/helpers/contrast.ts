// WCAG 2 contrast between two colours, for the charts' palette (https://www.w3.org/TR/WCAG21/#dfn-contrast-ratio).

const NAMED: Record<string, string> = { white: "#ffffff", black: "#000000" };

/** The red, green and blue channels (0–255) of #rgb, #rrggbb, rgb(r, g, b) or white/black. */
export function channels(color: string): [number, number, number] {
  const c = (NAMED[color.trim().toLowerCase()] ?? color).trim().toLowerCase();
  const rgb = c.match(/^rgba?\((\d+),\s*(\d+),\s*(\d+)/);
  if (rgb) return [Number(rgb[1]), Number(rgb[2]), Number(rgb[3])];
  const hex = c.match(/^#([0-9a-f]{3}|[0-9a-f]{6})$/)?.[1];
  if (!hex) throw new Error(`not a colour this helper reads: ${color}`);
  const full = hex.length === 3 ? [...hex].map((h) => h + h).join("") : hex;
  return [0, 2, 4].map((i) => parseInt(full.slice(i, i + 2), 16)) as [number, number, number];
}

/** Relative luminance: 0.2126 R + 0.7152 G + 0.0722 B of the linearised sRGB channels. */
export function relativeLuminance(color: string): number {
  const [r, g, b] = channels(color).map((v) => {
    const s = v / 255;
    return s <= 0.04045 ? s / 12.92 : Math.pow((s + 0.055) / 1.055, 2.4);
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** (L1 + 0.05) ÷ (L2 + 0.05), the lighter over the darker: 1 (same) to 21 (black on white). */
export function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [relativeLuminance(a), relativeLuminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}
