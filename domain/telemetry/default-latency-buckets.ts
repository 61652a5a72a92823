import type { MeshDialect } from "./telemetry-types.ts";

/**
 * The latency histograms' bucket bounds as each source ships them, in the histogram's own
 * unit (`le` as written). Plumbline's own evaluation reads whatever buckets Prometheus
 * holds; these are for places that must write PromQL without asking Prometheus first
 * (the Prometheus rules export), and for fixtures.
 */
export interface TDefaultLatencyHistogram {
  /** The `_bucket` series. */
  metric: string;
  /** Milliseconds per unit of `le`. */
  unitMs: number;
  /** Finite upper bounds, ascending, in the histogram's unit. */
  bounds: readonly number[];
}

/** Linkerd proxy's fixed `response_latency_ms` buckets (ms; not configurable). */
export const LINKERD_LATENCY_BUCKETS_MS = [1, 2, 3, 4, 5, 10, 20, 30, 40, 50, 100, 200, 300, 400, 500, 1000, 2000, 3000, 4000, 5000, 10000, 20000, 30000, 40000, 50000];
/** Istio telemetry v2's default `istio_request_duration_milliseconds` buckets (ms). */
export const ISTIO_LATENCY_BUCKETS_MS = [0.5, 1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000, 60000, 300000, 600000, 1800000, 3600000];
/** Istio 1.1 Mixer's default `istio_request_duration_seconds` buckets (s). */
export const ISTIO_MIXER_DURATION_BUCKETS_S = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
/** The OpenTelemetry Collector servicegraph connector's default `latency_histogram_buckets` (s). */
export const OTEL_SERVICE_GRAPH_BUCKETS_S = [0.002, 0.004, 0.006, 0.008, 0.01, 0.05, 0.1, 0.2, 0.4, 0.8, 1, 1.4, 2, 5, 10, 15];
/** The OpenTelemetry Collector spanmetrics connector's default duration buckets (ms). */
export const OTEL_SPAN_METRICS_BUCKETS_MS = [2, 4, 6, 8, 10, 50, 100, 200, 400, 800, 1000, 1400, 2000, 5000, 10000, 15000];

/** Each dialect's latency histograms, the current one first (then an older name it replaced). */
export const DEFAULT_LATENCY_HISTOGRAMS: Readonly<Record<MeshDialect, readonly TDefaultLatencyHistogram[]>> = {
  linkerd: [{ metric: "response_latency_ms_bucket", unitMs: 1, bounds: LINKERD_LATENCY_BUCKETS_MS }],
  istio: [
    { metric: "istio_request_duration_milliseconds_bucket", unitMs: 1, bounds: ISTIO_LATENCY_BUCKETS_MS },
    { metric: "istio_request_duration_seconds_bucket", unitMs: 1000, bounds: ISTIO_MIXER_DURATION_BUCKETS_S },
  ],
  otel: [{ metric: "traces_service_graph_request_server_seconds_bucket", unitMs: 1000, bounds: OTEL_SERVICE_GRAPH_BUCKETS_S }],
};
