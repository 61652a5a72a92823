import { endpointLabelNames, MESH_DIALECT_LABELS, type EndpointLabels, type SpanMetricsLabels } from "./mesh-dialect-labels.ts";
import {
  assertLabelName,
  assertPromqlDuration,
  eq,
  nre,
  selector,
  tagSli,
  type LabelMatcher,
} from "./promql-syntax.ts";
import type { MeshDialect } from "./telemetry-types.ts";
import { parseWindowName, type WindowName } from "./telemetry-windows.ts";

/**
 * PromQL for the three questions Plumbline asks a mesh:
 *
 * - `edgeTraffic`: per caller→callee request rate and good rate (and, for Linkerd, the
 *   inbound rate of every callee, from which unknown callers are derived);
 * - `edgeLatency`: per caller→callee p50/p95/p99 from the latency histogram;
 * - `serviceCounts(window)`: per workload inbound total, good and under-threshold
 *   counts over an SLO window.
 *
 * Each question is ONE query whose parts are told apart by a constant `sli` label
 * (`label_replace(..., "sli", "good", "", "")` joined with `or`). One query is evaluated
 * against one consistent snapshot of the TSDB, so `good` can never exceed `total`
 * because a scrape landed between two separate requests.
 */

export interface MeshQueryOptions {
  /** Range of `rate()` for edges. At least 4 scrape intervals; default "1m". */
  rateRange?: string;
  /**
   * Latency SLI thresholds in ms. A bucket boundary gives an exact count; a threshold
   * inside a bucket is interpolated (count-under-threshold.ts), so every bucket is asked.
   */
  latencyThresholdsMs?: readonly number[];
  /** Added to every selector, e.g. `{ cluster: "prod-eu" }` on a Thanos/Mimir holding many clusters. */
  extraMatchers?: Readonly<Record<string, string>>;
  /** Status codes counted as bad for SLIs (a Prometheus regex, fully anchored). Default "5..". */
  badStatusCodeRegex?: string;
}

export interface MeshQueries {
  dialect: MeshDialect;
  rateRange: string;
  latencyThresholdsMs: readonly number[];
  edgeTraffic: string;
  edgeLatency: string;
  serviceCounts(window: WindowName): string;
}

export const DEFAULT_RATE_RANGE = "1m";
export const DEFAULT_BAD_STATUS_CODE_REGEX = "5..";
export const EDGE_QUANTILES = [
  { sli: "p50", quantile: 0.5 },
  { sli: "p95", quantile: 0.95 },
  { sli: "p99", quantile: 0.99 },
] as const;

export function buildMeshQueries(dialect: MeshDialect, options: MeshQueryOptions = {}): MeshQueries {
  const range = assertPromqlDuration(options.rateRange ?? DEFAULT_RATE_RANGE, "rate range");
  const thresholds = [...new Set(options.latencyThresholdsMs ?? [])].sort((a, b) => a - b);
  for (const ms of thresholds) {
    if (!Number.isFinite(ms) || ms <= 0) throw new RangeError(`latency threshold ${ms} ms must be a positive number`);
  }
  const bad = options.badStatusCodeRegex ?? DEFAULT_BAD_STATUS_CODE_REGEX;
  if (bad === "") throw new RangeError("badStatusCodeRegex must not be empty");
  const extra: LabelMatcher[] = Object.entries(options.extraMatchers ?? {}).map(([name, value]) => eq(assertLabelName(name), value));
  const labels = MESH_DIALECT_LABELS[dialect];
  const { requestCounter, latencyBuckets } = labels;

  // Grouped by every label that can name an endpoint (workload, namespace, canonical
  // service and revision, app, Kubernetes Service, TLS identity): the worker resolves
  // services from them, and a label a series lacks just groups as empty.
  const edgeBy = [...new Set([...endpointLabelNames(labels.caller), ...endpointLabelNames(labels.callee)])].join(", ");
  const inboundBy = endpointLabelNames(labels.inbound).join(", ");

  // Edge series: what the caller side saw. Istio also needs the destination side for
  // callers outside the mesh, which have no proxy of their own to report anything.
  // OpenTelemetry's service graph has one series per client/server pair already.
  const edgeSelectors: LabelMatcher[][] =
    dialect === "linkerd"
      ? // No `deployment!=""`: series without Linkerd's relabelling are read and reported (coverage), not filtered out.
        [[eq("direction", "outbound"), ...extra]]
      : dialect === "istio"
        ? [
            // Calls to `destination_workload="unknown"` (egress, no sidecar) are read too: coverage reports them.
            [eq("reporter", "source"), ...extra],
            [eq("reporter", "destination"), eq("source_workload", "unknown"), ...extra],
          ]
        : [[...extra]];
  // Inbound series: what the receiving workload saw, the basis of its SLIs.
  const inboundSelector: LabelMatcher[] =
    dialect === "linkerd" ? [eq("direction", "inbound"), ...extra] : dialect === "istio" ? [eq("reporter", "destination"), ...extra] : [...extra];

  const rates = (metric: string, selectors: LabelMatcher[][], more: LabelMatcher[] = []): string =>
    selectors.map((matchers) => `rate(${selector(metric, [...matchers, ...more])}[${range}])`).join(" or ");

  /**
   * The good part of a count: the counter restricted to good series, or (OpenTelemetry,
   * whose failures have their own counter) all minus failed — an edge with no failed
   * series yet counts 0 failures (`or … * 0`), never "no answer".
   */
  const good = (by: string, count: (metric: string, more?: LabelMatcher[]) => string, goodMatcher: LabelMatcher | null): string => {
    if (labels.failedCounter !== null) {
      const all = `sum by (${by}) (${count(requestCounter)})`;
      return `(${all} - (sum by (${by}) (${count(labels.failedCounter)}) or ${all} * 0))`;
    }
    return `sum by (${by}) (${count(requestCounter, goodMatcher === null ? [] : [goodMatcher])})`;
  };
  const statusGood: LabelMatcher | null = labels.statusCode === null ? null : nre(labels.statusCode, bad);
  const edgeGood: LabelMatcher | null = dialect === "linkerd" ? eq("classification", "success") : statusGood;

  const trafficParts = [
    tagSli(`sum by (${edgeBy}) (${rates(requestCounter, edgeSelectors)})`, "total"),
    tagSli(good(edgeBy, (metric, more) => rates(metric, edgeSelectors, more), edgeGood), "good"),
  ];
  if (dialect === "linkerd") {
    // Linkerd's inbound series name the caller only by its TLS identity (`client_id`).
    // Callers whose own proxy reported nothing are derived from inbound minus meshed
    // outbound per callee (parse-edge-samples.ts), and both sides must come from the same
    // snapshot, hence the same query.
    const inboundCallerBy = labels.inboundCallerIdentity === undefined ? inboundBy : `${inboundBy}, ${labels.inboundCallerIdentity}`;
    trafficParts.push(
      tagSli(`sum by (${inboundCallerBy}) (${rates(requestCounter, [inboundSelector])})`, "inbound_total"),
      tagSli(`sum by (${inboundCallerBy}) (${rates(requestCounter, [inboundSelector], [eq("classification", "success")])})`, "inbound_good"),
    );
  }

  // Quantiles in the histogram's unit, converted to ms (OpenTelemetry measures seconds).
  const toMs = labels.latencyUnitMs === 1 ? "" : ` * ${labels.latencyUnitMs}`;
  // A mesh's older histogram name (in its own unit) answers only for edges the current one lacks (`or`).
  const legacy = labels.legacyLatency;
  const quantileOf = (quantile: number): string => {
    const current = `histogram_quantile(${quantile}, sum by (le, ${edgeBy}) (${rates(latencyBuckets, edgeSelectors)}))${toMs}`;
    if (legacy === undefined) return current;
    return `${current} or histogram_quantile(${quantile}, sum by (le, ${edgeBy}) (${rates(legacy.buckets, edgeSelectors)})) * ${legacy.unitMs}`;
  };
  const edgeLatency = EDGE_QUANTILES.map(({ sli, quantile }) => tagSli(quantileOf(quantile), sli)).join(" or ");

  const serviceCounts = (window: WindowName): string => {
    const w = parseWindowName(window);
    const increase = (metric: string, more: LabelMatcher[] = []) => `increase(${selector(metric, [...inboundSelector, ...more])}[${w}])`;
    const edgeTotal = `sum by (${inboundBy}) (${increase(requestCounter)})`;
    const edgeGood = good(inboundBy, increase, statusGood);
    // Every bucket, not only `le` equal to a threshold: a threshold between two
    // boundaries is interpolated from its neighbours, as histogram_quantile would.
    const edgeLatency = `sum by (${inboundBy}, le) (${increase(latencyBuckets)})`;
    if (labels.spanMetrics === undefined) {
      const parts = [tagSli(edgeTotal, "total"), tagSli(edgeGood, "good")];
      if (thresholds.length > 0) parts.push(tagSli(edgeLatency, "latency"));
      // The older histogram's buckets have another unit and other bounds: their own `sli`,
      // read by the parser only for workloads without current buckets.
      if (thresholds.length > 0 && legacy !== undefined) parts.push(tagSli(`sum by (${inboundBy}, le) (${increase(legacy.buckets)})`, LEGACY_LATENCY_SLI));
      return parts.join(" or ");
    }

    // OpenTelemetry: a service's SLIs come from its server spans (spanmetrics) when it has
    // them, else from the service graph. `A or B` keeps B's series only for label sets A
    // lacks, so per service one source answers total and good (span good is total minus
    // errors, present whenever total is). The histograms differ in unit and buckets, so
    // the service graph's are taken only `unless` the service has span metrics.
    const span = labels.spanMetrics;
    const spanIncrease = (metric: string, more: LabelMatcher[] = []) =>
      renameToInbound(`increase(${selector(metric, [eq(span.spanKind, span.serverKind), ...extra, ...more])}[${w}])`, span, labels.inbound);
    const spanTotal = `sum by (${inboundBy}) (${spanIncrease(span.calls)})`;
    const spanGood = `(${spanTotal} - (sum by (${inboundBy}) (${spanIncrease(span.calls, [eq(span.statusCode, span.errorStatus)])}) or ${spanTotal} * 0))`;
    const parts = [tagSli(`${spanTotal} or ${edgeTotal}`, "total"), tagSli(`${spanGood} or ${edgeGood}`, "good")];
    if (thresholds.length > 0) {
      parts.push(
        tagSli(`sum by (${inboundBy}, le) (${spanIncrease(span.durationBuckets)})`, SPAN_LATENCY_SLI),
        tagSli(`(${edgeLatency} unless on (${inboundBy}) ${spanTotal})`, "latency"),
      );
    }
    return parts.join(" or ");
  };

  return {
    dialect,
    rateRange: range,
    latencyThresholdsMs: thresholds,
    edgeTraffic: trafficParts.join(" or "),
    edgeLatency,
    serviceCounts,
  };
}

/** The `sli` of the older latency histogram's buckets (`legacyLatency`), whose `le` is in that histogram's unit. */
export const LEGACY_LATENCY_SLI = "legacy_latency";

/** The `sli` of span-metric latency buckets, whose `le` is in the span histogram's unit. */
export const SPAN_LATENCY_SLI = "span_latency";

/** Copies span metrics' service labels to the names the inbound (edge) series use, so one parser reads both. */
function renameToInbound(expr: string, span: SpanMetricsLabels, inbound: EndpointLabels): string {
  const [workload] = inbound.workload;
  if (workload === undefined) throw new RangeError("span metrics need an inbound workload label");
  const named = `label_replace(${expr}, "${workload}", "$1", "${span.service}", "(.*)")`;
  return `label_replace(${named}, "${inbound.namespace}", "$1", "${span.serviceNamespace}", "(.*)")`;
}

/** Counts the series of each mesh's request counter, to tell which mesh a Prometheus watches. */
export function buildDialectProbeQuery(extraMatchers: Readonly<Record<string, string>> = {}): string {
  const extra = Object.entries(extraMatchers).map(([name, value]) => eq(assertLabelName(name), value));
  const parts = (Object.keys(MESH_DIALECT_LABELS) as MeshDialect[]).map((dialect) => {
    const { requestCounter, spanMetrics } = MESH_DIALECT_LABELS[dialect];
    // Either OpenTelemetry connector tells the dialect; `or` keeps one answer per dialect.
    const counted = [requestCounter, ...(spanMetrics ? [spanMetrics.calls] : [])].map((metric) => `count(${selector(metric, extra)})`);
    return tagSli(counted.join(" or "), dialect);
  });
  return parts.join(" or ");
}
