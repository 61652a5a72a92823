/** Plain, locale-free number formatting for gate messages, so reasons read the same on every server. */

/** 4.25 → "4.3 req/s", 0.05 → "0.05 req/s", 1234 → "1234 req/s". */
export function formatRequestRate(rate: number): string {
  if (rate >= 100) return `${Math.round(rate)} req/s`;
  if (rate >= 1) return `${Number(rate.toFixed(1))} req/s`;
  return `${Number(rate.toPrecision(2))} req/s`;
}

/** "checkout and search", "a, b and c": team lists in sentences. */
export function formatList(items: readonly string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} and ${items.at(-1) ?? ""}`;
}
