import type { TDefaultLatencyHistogram } from "@/domain/telemetry/default-latency-buckets.ts";
import { eq, leMatcher, type LabelMatcher } from "@/domain/telemetry/promql-syntax.ts";

/**
 * The share of requests slower than a latency SLO's threshold, as PromQL over a classic
 * histogram's buckets, for the Prometheus rules export.
 *
 * A threshold on a bucket bound reads that bucket. A threshold between two bounds is
 * interpolated linearly within the bucket — what `histogram_quantile` assumes and what
 * Plumbline's own evaluation does (domain/telemetry/count-under-threshold.ts) — so the
 * exported rules and the SLO card agree. An exact `le` match there would select no series
 * and the rule would record nothing. Above the highest finite bound there is nothing to
 * interpolate towards: the threshold is rounded down to that bound (slower requests count
 * as bad, never the other way round) and the note says so.
 *
 * The rules cannot ask Prometheus which buckets exist, so the bounds are the source's
 * defaults (default-latency-buckets.ts); customised buckets need the threshold on one of them.
 */

export interface TLatencyRuleExpr {
  /** PromQL: bad (slower) / all requests over `window`. */
  expr: string;
  /** What the rules do with a threshold that is not a bucket bound; null when it is one. */
  note: string | null;
}

/** `sum(rate(metric{scope, more}[window]))` */
type TRate = (metric: string, more: readonly LabelMatcher[]) => string;

interface TFastPart {
  fast: string;
  all: string;
  note: string | null;
}

/** Relative tolerance between a threshold and a bound converted to ms (0.1 s × 1000). */
const SAME_BOUND = 1e-9;

export function latencyErrorRatioExpr(thresholdMs: number, histograms: readonly TDefaultLatencyHistogram[], rate: TRate): TLatencyRuleExpr {
  if (!Number.isFinite(thresholdMs) || thresholdMs <= 0) throw new RangeError(`latency threshold ${thresholdMs} ms must be a positive number`);
  if (histograms.length === 0) throw new RangeError("no latency histogram to write rules for");
  const parts = histograms.map((histogram) => fastPart(thresholdMs, histogram, rate));
  // Several histograms (a current and an older name): `or` keeps the first that has series.
  const fast = parts.map((p) => p.fast).join(" or ");
  const all = parts.map((p) => p.all).join(" or ");
  const notes = parts.map((p) => p.note).filter((n): n is string => n !== null);
  return { expr: `1 - ((${fast}) / (${all}))`, note: notes.length === 0 ? null : notes.join(" ") };
}

function fastPart(thresholdMs: number, histogram: TDefaultLatencyHistogram, rate: TRate): TFastPart {
  const { metric, unitMs } = histogram;
  const bounds = [...histogram.bounds].sort((a, b) => a - b);
  const ms = (bound: number) => bound * unitMs;
  const bucket = (bound: number) => rate(metric, [leMatcher([bound])]);
  const all = rate(metric, [eq("le", "+Inf")]);

  const exact = bounds.find((bound) => Math.abs(ms(bound) - thresholdMs) <= thresholdMs * SAME_BOUND);
  if (exact !== undefined) return { fast: bucket(exact), all, note: null };

  const upper = bounds.find((bound) => ms(bound) > thresholdMs);
  if (upper === undefined) {
    const largest = bounds.at(-1);
    if (largest === undefined) throw new RangeError(`${metric} has no finite bucket bound`);
    return {
      fast: bucket(largest),
      all,
      note: `${thresholdMs} ms is above the highest finite bucket of ${metric} (${ms(largest)} ms): rounded down to ${ms(largest)} ms, so requests between the two count as slow.`,
    };
  }
  const lowerIndex = bounds.indexOf(upper) - 1;
  const lower = lowerIndex >= 0 ? bounds[lowerIndex] : undefined;
  const lowerMs = lower === undefined ? 0 : ms(lower);
  const fraction = Number(((thresholdMs - lowerMs) / (ms(upper) - lowerMs)).toPrecision(12));
  // As histogram_quantile: the lowest bucket starts at 0.
  const fast = lower === undefined ? `(${bucket(upper)} * ${fraction})` : `(${bucket(lower)} + (${bucket(upper)} - ${bucket(lower)}) * ${fraction})`;
  return {
    fast,
    all,
    note: `${thresholdMs} ms is not a bucket bound of ${metric}: interpolated between the ${lowerMs} ms and ${ms(upper)} ms buckets (as histogram_quantile and Plumbline's own evaluation do).`,
  };
}
