/** Burn rates as stored in JSON ({"1h": 2.5, "5m": null, …}); stored JSON is not trusted, so non-numbers read as unknown. */
export function readBurnRates(value: unknown): Record<string, number | null> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return {};
  const rates: Record<string, number | null> = {};
  for (const [window, burn] of Object.entries(value)) rates[window] = typeof burn === "number" && Number.isFinite(burn) ? burn : null;
  return rates;
}
