/**
 * Requests faster than a threshold, from a classic Prometheus histogram's cumulative
 * buckets (`le` → count of observations ≤ le).
 *
 * When the threshold is a bucket boundary the count is exact. When it falls inside a
 * bucket it is interpolated linearly between the bucket's bounds — the assumption
 * `histogram_quantile` makes (observations spread evenly within a bucket, the first
 * bucket starting at 0) — and the bounds are returned so the page can say so. A
 * threshold above the highest finite boundary cannot be interpolated (the `+Inf` bucket
 * has no upper bound): that is unknown, never "all fast".
 */

export type TCountUnderThreshold =
  | { kind: "exact"; count: number }
  | { kind: "interpolated"; count: number; lowerMs: number; upperMs: number }
  | { kind: "unknown"; reason: string };

/** Relative tolerance when comparing a threshold with a boundary read back from text (e.g. seconds × 1000). */
const SAME_BOUND = 1e-9;

export function countUnderThreshold(
  /** Cumulative buckets: upper bound in ms (Infinity for `+Inf`) → observations ≤ it. */
  buckets: ReadonlyMap<number, number>,
  thresholdMs: number,
): TCountUnderThreshold {
  const bounds = [...buckets.keys()].filter((bound) => !Number.isNaN(bound)).sort((a, b) => a - b);
  const exact = bounds.find((bound) => Number.isFinite(bound) && Math.abs(bound - thresholdMs) <= thresholdMs * SAME_BOUND);
  if (exact !== undefined) return { kind: "exact", count: buckets.get(exact) ?? 0 };

  const upper = bounds.find((bound) => bound > thresholdMs);
  if (upper === undefined) return { kind: "unknown", reason: `the histogram has no bucket above ${thresholdMs} ms` };
  if (!Number.isFinite(upper)) {
    return { kind: "unknown", reason: `${thresholdMs} ms is above the highest finite bucket boundary (${bounds.filter(Number.isFinite).at(-1) ?? "none"} ms)` };
  }
  const below = bounds.filter((bound) => bound < thresholdMs);
  // As histogram_quantile: the lowest bucket starts at 0 (its upper bound is positive).
  const lower = below.at(-1) ?? 0;
  const lowerCount = below.length === 0 ? 0 : (buckets.get(lower) ?? 0);
  const upperCount = buckets.get(upper) ?? 0;
  // Counters reset or scraped apart can make a higher bucket momentarily smaller; never interpolate downwards.
  const inBucket = Math.max(0, upperCount - lowerCount);
  const count = lowerCount + (inBucket * (thresholdMs - lower)) / (upper - lower);
  return { kind: "interpolated", count, lowerMs: lower, upperMs: upper };
}
