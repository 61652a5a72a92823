import type { SloDefinition, SloTelemetry, TelemetryWindows, WindowName } from "./slo-types.ts";
import { WINDOW_NAMES } from "./slo-types.ts";

/** One stored telemetry row of a service (the mesh worker writes one per window). */
export interface TelemetryWindowRow {
  /** "5m" … "3d", or the SLO window as "<days>d" ("28d"). */
  window: string;
  totalEvents: number;
  goodEvents: number;
  /** Requests faster than a threshold, keyed by the threshold in ms as text ("300"). */
  latencyGood: unknown;
  /** Thresholds whose count was interpolated inside a histogram bucket → the bucket's bounds (ms). Absent = exact. */
  latencyInterpolated?: unknown;
  measuredAt: Date;
  staleSince: Date | null;
  staleReason: string | null;
}

export interface AssembledSloTelemetry {
  telemetry: SloTelemetry;
  /**
   * Latency SLOs: the mesh measured the service but has no count at this threshold
   * (its histogram has no bucket boundary there). Null otherwise. The status is
   * no_data either way; this says why, and what would work.
   */
  missingLatencyBucket: { thresholdMs: number; measuredThresholdsMs: number[] } | null;
  /**
   * Latency SLOs whose threshold is not a bucket boundary: the counts were interpolated
   * within the bucket [lowerMs, upperMs] (as histogram_quantile does). Null when exact.
   */
  interpolatedLatency: { thresholdMs: number; lowerMs: number; upperMs: number } | null;
}

/**
 * Picks the rows one SLO needs out of its service's telemetry: the alert windows and its
 * own SLO window (`${windowDays}d`). Availability counts non-5xx as good; latency counts
 * requests under the SLO's threshold. The data is as fresh as its oldest row, and a stale
 * mark on any row makes the whole SLO stale: a fast burn can hide in the stale window.
 */
export function assembleSloTelemetry(
  definition: Pick<SloDefinition, "kind" | "windowDays" | "latencyThresholdMs">,
  rows: readonly TelemetryWindowRow[],
): AssembledSloTelemetry {
  const sloWindow = `${definition.windowDays}d`;
  const rowFor = (window: WindowName) => rows.find((row) => row.window === (window === "slo" ? sloWindow : window));
  const thresholdKey = definition.kind === "latency" && definition.latencyThresholdMs !== undefined ? String(definition.latencyThresholdMs) : null;

  const windows: TelemetryWindows = {};
  const used: TelemetryWindowRow[] = [];
  const measuredThresholds = new Set<number>();
  let isBucketMissing = false;
  const interpolatedBuckets: (readonly [number, number])[] = [];
  for (const window of WINDOW_NAMES) {
    const row = rowFor(window);
    if (row === undefined) continue;
    if (!used.includes(row)) used.push(row);
    if (definition.kind === "availability") {
      windows[window] = { good: row.goodEvents, total: row.totalEvents };
      continue;
    }
    const latencyGood = readLatencyGood(row.latencyGood);
    for (const key of Object.keys(latencyGood)) measuredThresholds.add(Number(key));
    const good = thresholdKey === null ? undefined : latencyGood[thresholdKey];
    if (good === undefined) {
      isBucketMissing = true;
      continue;
    }
    windows[window] = { good, total: row.totalEvents };
    const bucket = thresholdKey === null ? undefined : readInterpolated(row.latencyInterpolated)[thresholdKey];
    if (bucket) interpolatedBuckets.push(bucket);
  }

  let measuredAt: Date | null = null;
  for (const row of used) {
    if (measuredAt === null || row.measuredAt.getTime() < measuredAt.getTime()) measuredAt = row.measuredAt;
  }
  const staleRow = used.find((row) => row.staleReason !== null || row.staleSince !== null);
  const staleReason =
    staleRow === undefined
      ? null
      : (staleRow.staleReason ?? `the telemetry worker marked the ${staleRow.window} window stale at ${staleRow.staleSince?.toISOString()}`);

  const missingLatencyBucket =
    isBucketMissing && definition.latencyThresholdMs !== undefined && windows.slo === undefined
      ? { thresholdMs: definition.latencyThresholdMs, measuredThresholdsMs: [...measuredThresholds].sort((a, b) => a - b) }
      : null;
  const interpolatedLatency =
    interpolatedBuckets.length > 0 && definition.latencyThresholdMs !== undefined
      ? {
          thresholdMs: definition.latencyThresholdMs,
          lowerMs: Math.min(...interpolatedBuckets.map(([lower]) => lower)),
          upperMs: Math.max(...interpolatedBuckets.map(([, upper]) => upper)),
        }
      : null;
  return { telemetry: { windows, measuredAt, staleReason }, missingLatencyBucket, interpolatedLatency };
}

/** The sentence added to a latency SLO's reason when its counts were interpolated. */
export function describeInterpolatedLatency(interpolated: { thresholdMs: number; lowerMs: number; upperMs: number }): string {
  return (
    `${interpolated.thresholdMs} ms is not a bucket boundary of the mesh's latency histogram: requests under it are ` +
    `interpolated between the ${interpolated.lowerMs} ms and ${interpolated.upperMs} ms buckets, as histogram_quantile does.`
  );
}

/** The sentence shown instead of "no telemetry" when only the latency bucket is missing. */
export function describeMissingLatencyBucket(missing: { thresholdMs: number; measuredThresholdsMs: number[] }): string {
  const measured = missing.measuredThresholdsMs.length
    ? `it measures ${missing.measuredThresholdsMs.map((ms) => `${ms} ms`).join(", ")}`
    : "it measures no latency thresholds for this service yet";
  return `The mesh reports no request count under ${missing.thresholdMs} ms (${measured}); latency thresholds must be bucket boundaries of the mesh's latency histogram`;
}

/** Stored JSON is not trusted: only `[lower, upper]` pairs of finite numbers are read. */
function readInterpolated(value: unknown): Record<string, readonly [number, number]> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return {};
  const bounds: Record<string, readonly [number, number]> = {};
  for (const [key, pair] of Object.entries(value)) {
    if (!Array.isArray(pair) || pair.length !== 2) continue;
    const [lower, upper]: unknown[] = pair;
    if (typeof lower === "number" && typeof upper === "number" && Number.isFinite(lower) && Number.isFinite(upper)) bounds[key] = [lower, upper];
  }
  return bounds;
}

/** Stored JSON is not trusted: anything but finite counts is left out (unknown, never 0). */
function readLatencyGood(value: unknown): Record<string, number> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return {};
  const counts: Record<string, number> = {};
  for (const [key, count] of Object.entries(value)) {
    if (typeof count === "number" && Number.isFinite(count) && /^\d+$/.test(key)) counts[key] = count;
  }
  return counts;
}
