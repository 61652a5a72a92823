/**
 * Burn rates and budget fractions go through float division, so a budget spent
 * exactly reads as 1e-16 remaining and a burn of exactly 1 as 0.9999999999999999,
 * which would flip "breached" and "firing" on rounding noise. A nano-grid is far
 * finer than anything shown or alerted on. Math.round is monotonic, so ordering is
 * preserved; `+ 0` turns -0 into 0.
 */
export function roundRatio(value: number): number {
  return Math.round(value * 1e9) / 1e9 + 0;
}
