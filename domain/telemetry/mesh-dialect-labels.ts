import type { MeshDialect } from "./telemetry-types.ts";

/** Which Prometheus labels name one endpoint (caller, callee or receiver) of a series. */
export interface EndpointLabels {
  namespace: string;
  /** Labels naming the workload, the first non-empty one wins (Linkerd: one per workload kind). */
  workload: readonly string[];
  canonicalService?: string;
  canonicalRevision?: string;
  /** The version label before canonical revisions (Istio ≤ 1.7, mixer era): the revision when the canonical one is absent. */
  version?: string;
  app?: string;
  serviceName?: string;
  identity?: string;
}

/** Metric and label names of one mesh, as its Prometheus integration exposes them. */
export interface MeshDialectLabels {
  requestCounter: string;
  latencyBuckets: string;
  /** Labels of the calling workload on an edge series. */
  caller: EndpointLabels;
  /** Labels of the called workload on an edge series. */
  callee: EndpointLabels;
  /** Labels of the receiving workload on an inbound (SLI) series. */
  inbound: EndpointLabels;
  /** Label holding the HTTP status, for the good/bad split of SLIs; null when bad requests have their own counter. */
  statusCode: string | null;
  /** Counter of failed requests with the request counter's labels (OpenTelemetry servicegraph); null when `statusCode` splits. */
  failedCounter: string | null;
  /** Milliseconds per unit of the latency histogram (1 for ms, 1000 for seconds). */
  latencyUnitMs: number;
  /**
   * An older name of the latency histogram, in its own unit, read where the current one
   * has no series (Istio 1.1's Mixer: `istio_request_duration_seconds`, in seconds).
   */
  legacyLatency?: { buckets: string; unitMs: number };
  /** Value the mesh writes for a caller it cannot identify; null when it never does. */
  unknownWorkload: string | null;
  /**
   * Label of an inbound series naming the caller's identity (Linkerd's `client_id`,
   * `<sa>.<ns>.serviceaccount.identity.linkerd.<domain>`; empty for a caller without one).
   */
  inboundCallerIdentity?: string;
  /** Per-service SLIs from span metrics, preferred over the edge metrics where a service has them (OpenTelemetry only). */
  spanMetrics?: SpanMetricsLabels;
}

/**
 * The OpenTelemetry Collector `spanmetrics` connector's output as Prometheus stores it
 * (default namespace `traces.span.metrics`, duration unit ms): one counter and one
 * histogram per `service.name`, `span.name`, `span.kind`, `status.code`.
 */
export interface SpanMetricsLabels {
  calls: string;
  durationBuckets: string;
  /** Label naming the service (`service.name`), and its namespace when the connector adds `service.namespace` as a dimension. */
  service: string;
  serviceNamespace: string;
  spanKind: string;
  /** Server spans are the requests a service received: its SLIs. */
  serverKind: string;
  statusCode: string;
  errorStatus: string;
  latencyUnitMs: number;
}

export const MESH_DIALECT_LABELS: Readonly<Record<MeshDialect, MeshDialectLabels>> = {
  // Linkerd's proxy writes the `dst_*` labels and the TLS identities itself; `namespace`
  // and `deployment`/`statefulset`/`daemonset` of the pod come from Linkerd's Prometheus
  // scrape config (relabelling the pod's metadata). Without it, series name no caller.
  linkerd: {
    requestCounter: "response_total",
    latencyBuckets: "response_latency_ms_bucket",
    caller: { namespace: "namespace", workload: ["deployment", "statefulset", "daemonset"] },
    callee: { namespace: "dst_namespace", workload: ["dst_deployment", "dst_statefulset", "dst_daemonset"], identity: "server_id" },
    inbound: { namespace: "namespace", workload: ["deployment", "statefulset", "daemonset"] },
    statusCode: "status_code",
    failedCounter: null,
    latencyUnitMs: 1,
    // Linkerd never names an unknown caller: an inbound series names its caller only by
    // the TLS identity (`client_id`), and not at all when the caller has none.
    unknownWorkload: null,
    inboundCallerIdentity: "client_id",
  },
  // Istio telemetry v2 standard labels (canonical service/revision since 1.8).
  istio: {
    requestCounter: "istio_requests_total",
    latencyBuckets: "istio_request_duration_milliseconds_bucket",
    // Mixer (Istio ≤ 1.4) measured in seconds; telemetry v2 renamed it with the unit change.
    legacyLatency: { buckets: "istio_request_duration_seconds_bucket", unitMs: 1000 },
    caller: {
      namespace: "source_workload_namespace",
      workload: ["source_workload"],
      canonicalService: "source_canonical_service",
      canonicalRevision: "source_canonical_revision",
      version: "source_version",
      app: "source_app",
    },
    callee: {
      namespace: "destination_workload_namespace",
      workload: ["destination_workload"],
      canonicalService: "destination_canonical_service",
      canonicalRevision: "destination_canonical_revision",
      version: "destination_version",
      app: "destination_app",
      serviceName: "destination_service_name",
    },
    inbound: {
      namespace: "destination_workload_namespace",
      workload: ["destination_workload"],
      canonicalService: "destination_canonical_service",
      canonicalRevision: "destination_canonical_revision",
      version: "destination_version",
      app: "destination_app",
      serviceName: "destination_service_name",
    },
    statusCode: "response_code",
    failedCounter: null,
    latencyUnitMs: 1,
    unknownWorkload: "unknown",
  },
  // OpenTelemetry Collector `servicegraph` connector (and Grafana Tempo's metrics
  // generator, same names): edges between `service.name`s built from client/server span
  // pairs; durations in seconds. A root span's caller (virtual node) is `client="user"`.
  otel: {
    requestCounter: "traces_service_graph_request_total",
    latencyBuckets: "traces_service_graph_request_server_seconds_bucket",
    caller: { namespace: "client_service_namespace", workload: ["client"] },
    callee: { namespace: "server_service_namespace", workload: ["server"] },
    inbound: { namespace: "server_service_namespace", workload: ["server"] },
    statusCode: null,
    failedCounter: "traces_service_graph_request_failed_total",
    latencyUnitMs: 1000,
    unknownWorkload: "user",
    spanMetrics: {
      calls: "traces_span_metrics_calls_total",
      durationBuckets: "traces_span_metrics_duration_milliseconds_bucket",
      service: "service_name",
      serviceNamespace: "service_namespace",
      spanKind: "span_kind",
      serverKind: "SPAN_KIND_SERVER",
      statusCode: "status_code",
      errorStatus: "STATUS_CODE_ERROR",
      latencyUnitMs: 1,
    },
  },
};

/** Every label of an endpoint spec, in a stable order (for `sum by`). */
export function endpointLabelNames(spec: EndpointLabels): string[] {
  const names = [
    ...spec.workload,
    spec.namespace,
    spec.canonicalService,
    spec.canonicalRevision,
    spec.version,
    spec.app,
    spec.serviceName,
    spec.identity,
  ].filter((name): name is string => name !== undefined);
  return [...new Set(names)];
}
