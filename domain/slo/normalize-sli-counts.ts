import type { SliCounts } from "./slo-types.ts";

/**
 * Telemetry counts come from separate PromQL queries evaluated a moment apart, and
 * increase() extrapolates, so `good` can exceed `total` by a hair: read that as "no
 * errors". Anything else malformed (NaN, negative) is treated as missing, never
 * guessed at: guessing "all bad" would page people, guessing "all good" would hide
 * an outage.
 */
export function normalizeSliCounts(counts: SliCounts | undefined): SliCounts | null {
  if (counts === undefined) return null;
  const { good, total } = counts;
  if (!Number.isFinite(good) || !Number.isFinite(total) || total < 0 || good < 0) return null;
  return { good: Math.min(good, total), total };
}
