import type { MeshDialect } from "./telemetry-types.ts";

/** Which Prometheus labels carry a workload's namespace and name. */
export interface WorkloadLabels {
  namespace: string;
  name: string;
}

/** Metric and label names of one mesh, as its Prometheus integration exposes them. */
export interface MeshDialectLabels {
  requestCounter: string;
  latencyBuckets: string;
  /** Labels of the calling workload on an edge series. */
  caller: WorkloadLabels;
  /** Labels of the called workload on an edge series. */
  callee: WorkloadLabels;
  /** Labels of the receiving workload on an inbound (SLI) series. */
  inbound: WorkloadLabels;
  /** Label holding the HTTP status, for the good/bad split of SLIs. */
  statusCode: string;
  /** Value the mesh writes for a caller it cannot identify; null when it never does. */
  unknownWorkload: string | null;
}

export const MESH_DIALECT_LABELS: Readonly<Record<MeshDialect, MeshDialectLabels>> = {
  // Linkerd's proxy metrics after its Prometheus scrape config has added the pod's
  // namespace and owner labels (`namespace`, `deployment`) to every series.
  linkerd: {
    requestCounter: "response_total",
    latencyBuckets: "response_latency_ms_bucket",
    caller: { namespace: "namespace", name: "deployment" },
    callee: { namespace: "dst_namespace", name: "dst_deployment" },
    inbound: { namespace: "namespace", name: "deployment" },
    statusCode: "status_code",
    // Linkerd never names an unknown caller: inbound series carry no caller at all.
    unknownWorkload: null,
  },
  istio: {
    requestCounter: "istio_requests_total",
    latencyBuckets: "istio_request_duration_milliseconds_bucket",
    caller: { namespace: "source_workload_namespace", name: "source_workload" },
    callee: { namespace: "destination_workload_namespace", name: "destination_workload" },
    inbound: { namespace: "destination_workload_namespace", name: "destination_workload" },
    statusCode: "response_code",
    unknownWorkload: "unknown",
  },
};
