import { MESH_DIALECT_LABELS } from "./mesh-dialect-labels.ts";
import { describeLabels, parsePrometheusVector } from "./parse-prometheus-vector.ts";
import { compareWorkloads, endpointKey, readEndpoint, workloadKey } from "./read-workload-labels.ts";
import { TelemetryDataError } from "./telemetry-data-error.ts";
import type { MeshDialect, ServiceWindowCounts, WorkloadRef } from "./telemetry-types.ts";
import type { WindowName } from "./telemetry-windows.ts";
import { compactNumberRecord } from "./compact-number-record.ts";
import { countUnderThreshold } from "./count-under-threshold.ts";
import { LEGACY_LATENCY_SLI, SPAN_LATENCY_SLI } from "./build-mesh-queries.ts";

/** Turns the answer to `serviceCounts(window)` (build-mesh-queries.ts) into per-workload counts. */

export interface ParseServiceWindowCountsInput {
  dialect: MeshDialect;
  window: WindowName;
  /** `data` of the `serviceCounts(window)` instant query. */
  data: unknown;
  /** The latency thresholds (ms) to count requests under, from the histogram's buckets. */
  latencyThresholdsMs?: readonly number[];
}

interface CountsAccumulator {
  workload: WorkloadRef;
  total?: number;
  good?: number;
  /** Cumulative buckets: upper bound in ms → requests. */
  buckets: Map<number, number>;
  /** The same from span metrics (OpenTelemetry), which win over the edge histogram. */
  spanBuckets: Map<number, number>;
  /** The same from the mesh's older histogram (Istio Mixer's seconds), used only when the current one has none. */
  legacyBuckets: Map<number, number>;
}

// `good` and `total` come from the same counter in one snapshot, so only float
// rounding may push good above total. The latency histogram is a different metric,
// updated a moment apart from the counter by the proxy: allow one request of skew.
const RELATIVE_EPSILON = 1e-9;
const HISTOGRAM_SKEW_EVENTS = 1;

export function parseServiceWindowCounts(input: ParseServiceWindowCountsInput): ServiceWindowCounts[] {
  const { dialect, window } = input;
  const labels = MESH_DIALECT_LABELS[dialect];
  const thresholds = input.latencyThresholdsMs ?? [];
  const what = `${dialect} service counts over ${window}`;
  const byWorkload = new Map<string, CountsAccumulator>();
  const problems: string[] = [];

  for (const sample of parsePrometheusVector(input.data, what)) {
    const series = describeLabels(sample.labels);
    if (sample.value < 0) {
      problems.push(`series ${series} has a negative count ${sample.value}`);
      continue;
    }
    // A series naming no workload still counts: the resolution reports it as unmatched.
    const workload = readEndpoint(sample.labels, labels.inbound, dialect);
    const key = endpointKey(workload);
    const entry = byWorkload.get(key) ?? { workload, buckets: new Map<number, number>(), spanBuckets: new Map<number, number>(), legacyBuckets: new Map<number, number>() };
    byWorkload.set(key, entry);
    const sli = sample.labels.sli ?? "";
    if (sli === "total" || sli === "good") {
      if (entry[sli] !== undefined) problems.push(`series ${series} appears twice`);
      entry[sli] = sample.value;
    } else if (sli === "latency" || (sli === SPAN_LATENCY_SLI && labels.spanMetrics) || (sli === LEGACY_LATENCY_SLI && labels.legacyLatency)) {
      // `le` is in the histogram's unit (OpenTelemetry servicegraph, Istio Mixer: seconds); thresholds are ms.
      const unitMs = sli === "latency" ? labels.latencyUnitMs : sli === SPAN_LATENCY_SLI ? (labels.spanMetrics?.latencyUnitMs ?? 1) : (labels.legacyLatency?.unitMs ?? 1);
      const buckets = sli === "latency" ? entry.buckets : sli === SPAN_LATENCY_SLI ? entry.spanBuckets : entry.legacyBuckets;
      const le = sample.labels.le ?? "";
      const bound = le === "+Inf" ? Infinity : Number(le) * unitMs;
      if (le === "" || Number.isNaN(bound) || bound < 0) {
        problems.push(`latency series ${series} has le ${JSON.stringify(sample.labels.le ?? null)}, expected a bucket bound`);
        continue;
      }
      if (buckets.has(bound)) problems.push(`series ${series} appears twice`);
      buckets.set(bound, sample.value);
    } else {
      problems.push(`series ${series} has sli ${JSON.stringify(sli)}, expected total, good or latency`);
    }
  }

  const result: ServiceWindowCounts[] = [];
  for (const entry of byWorkload.values()) {
    const name = workloadKey(entry.workload);
    if (entry.total === undefined) {
      problems.push(`${name} has good or latency counts over ${window} but no total`);
      continue;
    }
    const total = entry.total;
    // No non-5xx series at all while a total exists means every request failed.
    let good = entry.good ?? 0;
    if (good > total) {
      if (good <= total * (1 + RELATIVE_EPSILON)) good = total;
      else problems.push(`${name} has more good (${good}) than total (${total}) requests over ${window}`);
    }
    const counts: ServiceWindowCounts = { workload: entry.workload, window, total, good };
    if (thresholds.length > 0) {
      // Built compact: integer-like keys assigned one by one make V8 allocate sparse arrays.
      const latencyGood: [string, number][] = [];
      const interpolated: [string, readonly [number, number]][] = [];
      for (const thresholdMs of thresholds) {
        const threshold = String(thresholdMs);
        // No buckets (no requests, or no histogram) or a threshold in the +Inf bucket: unknown, left out.
        const under = countUnderThreshold(entry.spanBuckets.size > 0 ? entry.spanBuckets : entry.buckets.size > 0 ? entry.buckets : entry.legacyBuckets, thresholdMs);
        if (under.kind === "unknown") continue;
        if (under.kind === "interpolated") interpolated.push([threshold, [under.lowerMs, under.upperMs]]);
        const value = under.count;
        if (value <= total) latencyGood.push([threshold, value]);
        else if (value <= total * (1 + RELATIVE_EPSILON) + HISTOGRAM_SKEW_EVENTS) latencyGood.push([threshold, total]);
        else problems.push(`${name} has more requests under ${threshold} ms (${value}) than requests in total (${total}) over ${window}`);
      }
      counts.latencyGood = compactNumberRecord(latencyGood);
      if (interpolated.length > 0) counts.latencyInterpolated = Object.fromEntries(interpolated);
    }
    result.push(counts);
  }
  if (problems.length > 0) throw new TelemetryDataError(what, problems);
  return result.sort((a, b) => compareWorkloads(a.workload, b.workload));
}
