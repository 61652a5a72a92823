/**
 * WCAG 2.x contrast ratio of two opaque sRGB colours written as #rrggbb (or #rgb):
 * (L1 + 0.05) / (L2 + 0.05) with L the relative luminance, lighter over darker.
 * AA asks 4.5 for text, 3 for large text and for graphics a reader needs (1.4.11).
 * https://www.w3.org/TR/WCAG22/#dfn-contrast-ratio
 */
export function contrastRatio(foreground: string, background: string): number {
  const a = relativeLuminance(foreground);
  const b = relativeLuminance(background);
  return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
}

export const AA_TEXT = 4.5;
export const AA_GRAPHICS = 3;

/** https://www.w3.org/TR/WCAG22/#dfn-relative-luminance */
export function relativeLuminance(colour: string): number {
  const [r, g, b] = parseHex(colour).map((channel) => {
    const c = channel / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

function parseHex(colour: string): [number, number, number] {
  const hex = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(colour.trim())?.[1];
  if (!hex) throw new Error(`not a #rrggbb colour: ${colour}`);
  const full = hex.length === 3 ? [...hex].map((c) => c + c).join("") : hex;
  return [0, 2, 4].map((i) => Number.parseInt(full.slice(i, i + 2), 16)) as [number, number, number];
}
