/**
 * What a mesh telemetry source reports, independent of the mesh that measured it.
 * Workloads are named as the mesh names them (namespace + workload name); mapping them
 * to catalog services is the worker's job, because only it knows the cluster.
 */

import type { WindowName } from "./telemetry-windows.ts";

export const MESH_DIALECTS = ["linkerd", "istio", "otel"] as const;
/** Which mesh's metric names and labels the Prometheus queries speak (`otel`: the OpenTelemetry Collector servicegraph connector, or Tempo's metrics generator). */
export type MeshDialect = (typeof MESH_DIALECTS)[number];

export interface WorkloadRef {
  /** "" when the series does not say (e.g. Linkerd without its Prometheus relabelling). */
  namespace: string;
  /** The workload (Deployment, StatefulSet, DaemonSet) name; "" when the series does not name one. */
  name: string;
  /** The other names a series gives this endpoint, read by the service resolution (resolve-workload-service.ts). */
  hints?: EndpointHints;
}

/** What a series says about one of its endpoints besides namespace and workload name. */
export interface EndpointHints {
  dialect: MeshDialect;
  /** The label that names the workload on this side (`deployment`, `dst_deployment`, `destination_workload`), for messages. */
  workloadLabel: string;
  /** The endpoint-naming labels the series carried (non-empty values only), shown in coverage. */
  labels: Readonly<Record<string, string>>;
  /** Istio `*_canonical_service`. */
  canonicalService?: string;
  /** Istio `*_canonical_revision` (the version). */
  canonicalRevision?: string;
  /** Istio `*_app`. */
  app?: string;
  /** Istio `destination_service_name` (the Kubernetes Service). */
  serviceName?: string;
  /** Linkerd `client_id` / `server_id`: `<serviceaccount>.<namespace>.serviceaccount.identity.linkerd.<trust domain>`. */
  identity?: string;
}

/** One observed call relation `caller -> callee`, measured over the source's rate range. */
export interface EdgeSample {
  /** null = a caller outside the mesh (unknown). Such traffic is reported, never dropped. */
  callerWorkload: WorkloadRef | null;
  calleeWorkload: WorkloadRef;
  /** Requests per second; 0 means the relation is known to Prometheus but was idle. */
  requestRate: number;
  /** Successful / all requests; null when there were no requests to judge. */
  successRatio: number | null;
  /** null when the mesh exports no latency for the edge or it had no traffic. */
  latencyP50Ms: number | null;
  latencyP95Ms: number | null;
  latencyP99Ms: number | null;
}

/** Inbound SLI counts of one workload over one window (what the SLO math consumes). */
export interface ServiceWindowCounts {
  workload: WorkloadRef;
  window: WindowName;
  /** All inbound requests in the window (Prometheus `increase()`, so not always an integer). */
  total: number;
  /** Requests that did not fail (non-5xx by default). Never more than `total`. */
  good: number;
  /**
   * Requests faster than a threshold, keyed by the threshold in ms as text ("100").
   * A threshold is absent when the mesh's histogram has no bucket boundary there: that
   * is "unknown", which is different from 0.
   */
  latencyGood?: Record<string, number>;
  /**
   * Thresholds (ms, as text) whose count was interpolated inside a bucket, with the
   * bucket's bounds in ms: `{ "300": [250, 500] }`. Absent thresholds were exact.
   */
  latencyInterpolated?: Record<string, readonly [number, number]>;
}
