import { once } from "node:events";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Counter, Histogram, Registry } from "prom-client";
import type { MeshDialect, WorkloadRef } from "@/domain/telemetry/telemetry-types.ts";
import {
  ISTIO_LATENCY_BUCKETS_MS,
  ISTIO_MIXER_DURATION_BUCKETS_S,
  LINKERD_LATENCY_BUCKETS_MS,
  OTEL_SERVICE_GRAPH_BUCKETS_S,
  OTEL_SPAN_METRICS_BUCKETS_MS,
} from "@/domain/telemetry/default-latency-buckets.ts";

/**
 * A stand-in for a mesh's metrics endpoint: serves `/metrics` in Linkerd's or Istio's
 * shape for a topology whose truth is known (rate, success ratio, latency per edge),
 * so tests can compare what Prometheus + PromQL + parsing report with what happened.
 *
 * Requests are "made" continuously: on a timer and again on every scrape, each edge's
 * counters are advanced to floor(rps × elapsed). Every sample carries the time it was
 * computed as an explicit timestamp, so a scrape answered late (the test's thread busy
 * with PGlite, a loaded machine) still gives Prometheus a consistent (time, value) pair
 * and short rate ranges stay accurate. Failures are spread
 * evenly (request k fails when it crosses a multiple of 1/(1 - ratio)), latencies are
 * a low-discrepancy sequence over [min, max], so every window sees the true mix.
 */

/** A workload and what the mesh's labels say about it besides its name. */
export interface ExporterEndpoint extends WorkloadRef {
  /** Istio `*_canonical_service` (default: the workload name, as Istio does without labels). */
  canonicalService?: string;
  /** Istio `*_canonical_revision` (default "latest"). */
  revision?: string;
  /** Istio `*_app` and `destination_service_name` (default: the canonical service). */
  app?: string;
  /** Linkerd identity `<sa>.<ns>.serviceaccount.identity.linkerd.cluster.local` (default: the workload name). */
  serviceAccount?: string;
}

export interface ExporterEdge {
  /** null = a caller outside the mesh. */
  caller: ExporterEndpoint | null;
  callee: ExporterEndpoint;
  rps: number;
  successRatio: number;
  /** Latencies are spread uniformly over [min, max] ms. */
  latencyMs: { min: number; max: number };
}

export interface MeshExporterOptions {
  dialect: MeshDialect;
  edges: readonly ExporterEdge[];
  /** How often counters advance between scrapes. Default 200 ms. */
  tickMs?: number;
  /**
   * Linkerd only: whether series carry `namespace` and `deployment`, which Linkerd's
   * Prometheus scrape config adds from pod metadata. Default true; false plays a
   * Prometheus scraping the proxies without those relabel rules.
   */
  linkerdRelabel?: boolean;
  /**
   * OpenTelemetry only: which Collector connectors' output to serve. Default
   * `["servicegraph"]`; `spanmetrics` adds per-service span metrics (server and client spans).
   */
  otelConnectors?: readonly ("servicegraph" | "spanmetrics")[];
  /**
   * Istio only: `telemetry-v2` (default; 1.5+, canonical labels since 1.8) or `1.1-mixer`:
   * Mixer's standard metrics, without canonical labels, versions in `*_version`, and the
   * duration histogram in seconds (`istio_request_duration_seconds`).
   */
  istioRelease?: "telemetry-v2" | "1.1-mixer";
}

export interface MeshExporter {
  dialect: MeshDialect;
  edges: readonly ExporterEdge[];
  /** `127.0.0.1:<port>`, a Prometheus scrape target. */
  target: string;
  /** Requests made so far on edge `index`. */
  requestsMade(index: number): number;
  stop(): Promise<void>;
}


// Fractional part of k·φ is the classic low-discrepancy sequence on [0, 1).
const GOLDEN = (Math.sqrt(5) - 1) / 2;

type Labels = Record<string, string>;
type Emit = (edge: ExporterEdge, success: boolean, latencyMs: number) => void;

export async function startMeshExporter(options: MeshExporterOptions): Promise<MeshExporter> {
  for (const edge of options.edges) {
    if (!(edge.rps > 0) || !(edge.successRatio >= 0 && edge.successRatio <= 1) || !(edge.latencyMs.min < edge.latencyMs.max)) {
      throw new RangeError(`mesh exporter: bad edge ${JSON.stringify(edge)}`);
    }
  }
  const registry = new Registry();
  const emit =
    options.dialect === "linkerd"
      ? linkerdEmitter(registry, options.linkerdRelabel ?? true)
      : options.dialect === "istio"
        ? options.istioRelease === "1.1-mixer"
          ? istioMixerEmitter(registry)
          : istioEmitter(registry)
        : otelEmitter(registry, options.otelConnectors ?? ["servicegraph"]);
  const startedAt = Date.now();
  const made = options.edges.map(() => 0);

  const advance = (nowMs: number) => {
    const elapsedSeconds = (nowMs - startedAt) / 1000;
    options.edges.forEach((edge, index) => {
      const target = Math.floor(edge.rps * elapsedSeconds);
      for (let k = made[index] ?? 0; k < target; k += 1) {
        const success = Math.floor((k + 1) * edge.successRatio) > Math.floor(k * edge.successRatio);
        const spread = ((k + 0.5) * GOLDEN) % 1;
        emit(edge, success, edge.latencyMs.min + (edge.latencyMs.max - edge.latencyMs.min) * spread);
      }
      made[index] = Math.max(made[index] ?? 0, target);
    });
  };

  const server = createServer((req, res) => {
    if (req.url !== "/metrics") {
      res.writeHead(404).end();
      return;
    }
    const computedAtMs = Date.now();
    advance(computedAtMs);
    registry.metrics().then(
      (text) => {
        res.writeHead(200, { "content-type": registry.contentType });
        res.end(withSampleTimestamps(text, computedAtMs));
      },
      (error: unknown) => {
        res.writeHead(500).end(String(error));
      },
    );
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const timer = setInterval(() => advance(Date.now()), options.tickMs ?? 200);
  // A forgotten stop() must not keep the test process alive.
  timer.unref();

  return {
    dialect: options.dialect,
    edges: options.edges,
    target: `127.0.0.1:${(server.address() as AddressInfo).port}`,
    requestsMade: (index) => made[index] ?? 0,
    async stop() {
      clearInterval(timer);
      // Prometheus keeps scrape connections alive; close them or close() waits forever.
      server.closeAllConnections();
      if (server.listening) {
        server.close();
        await once(server, "close");
      }
    },
  };
}

/** Appends `timestampMs` to every sample line of Prometheus's text format (comments stay as they are). */
function withSampleTimestamps(text: string, timestampMs: number): string {
  return text
    .split("\n")
    .map((line) => (line === "" || line.startsWith("#") ? line : `${line} ${timestampMs}`))
    .join("\n");
}

const identity = (endpoint: ExporterEndpoint): string =>
  `${endpoint.serviceAccount ?? endpoint.name}.${endpoint.namespace}.serviceaccount.identity.linkerd.cluster.local`;

function linkerdEmitter(registry: Registry, relabel: boolean): Emit {
  const responses = new Counter({
    name: "response_total",
    help: "Total count of HTTP responses",
    labelNames: ["direction", "deployment", "namespace", "dst_deployment", "dst_namespace", "classification", "status_code", "tls", "client_id", "server_id"],
    registers: [registry],
  });
  const latency = new Histogram({
    name: "response_latency_ms",
    help: "Elapsed times between a request's headers being received and its response stream completing",
    // The proxy puts the same transport labels (TLS identities) on the histogram as on the counter.
    labelNames: ["direction", "deployment", "namespace", "dst_deployment", "dst_namespace", "classification", "status_code", "client_id", "server_id"],
    buckets: LINKERD_LATENCY_BUCKETS_MS,
    registers: [registry],
  });
  return (edge, success, latencyMs) => {
    const outcome = { classification: success ? "success" : "failure", status_code: success ? "200" : "503" };
    // The callee's proxy sees every request but not who sent it.
    // The pod's own labels come from Prometheus's relabelling, not from the proxy.
    const self = (endpoint: ExporterEndpoint): Labels => (relabel ? { deployment: endpoint.name, namespace: endpoint.namespace } : {});
    const inbound: Labels = { direction: "inbound", ...self(edge.callee), ...outcome };
    const client: Labels = edge.caller ? { client_id: identity(edge.caller) } : {};
    responses.inc({ ...inbound, ...client, tls: edge.caller ? "true" : "no_identity" });
    latency.observe({ ...inbound, ...client }, latencyMs);
    // Only a meshed caller has a proxy to report the outbound side.
    if (edge.caller) {
      const outbound: Labels = {
        direction: "outbound",
        ...self(edge.caller),
        dst_deployment: edge.callee.name,
        dst_namespace: edge.callee.namespace,
        ...outcome,
      };
      const server: Labels = { server_id: identity(edge.callee) };
      responses.inc({ ...outbound, ...server, tls: "true" });
      latency.observe({ ...outbound, ...server }, latencyMs);
    }
  };
}

function istioEmitter(registry: Registry): Emit {
  const labelNames = [
    "reporter",
    "source_workload",
    "source_workload_namespace",
    "source_app",
    "source_canonical_service",
    "source_canonical_revision",
    "destination_workload",
    "destination_workload_namespace",
    "destination_canonical_service",
    "destination_canonical_revision",
    "destination_app",
    "destination_service",
    "destination_service_name",
    "request_protocol",
    "response_code",
    "response_flags",
    "connection_security_policy",
  ];
  const requests = new Counter({ name: "istio_requests_total", help: "Requests", labelNames, registers: [registry] });
  const duration = new Histogram({
    name: "istio_request_duration_milliseconds",
    help: "Request duration",
    labelNames,
    buckets: ISTIO_LATENCY_BUCKETS_MS,
    registers: [registry],
  });
  return (edge, success, latencyMs) => {
    const { caller, callee } = edge;
    const canonical = (endpoint: ExporterEndpoint) => endpoint.canonicalService ?? endpoint.name;
    const service = callee.app ?? canonical(callee);
    const common: Labels = {
      source_workload: caller?.name ?? "unknown",
      source_workload_namespace: caller?.namespace ?? "unknown",
      source_app: caller ? (caller.app ?? canonical(caller)) : "unknown",
      source_canonical_service: caller ? canonical(caller) : "unknown",
      source_canonical_revision: caller ? (caller.revision ?? "latest") : "latest",
      destination_workload: callee.name,
      destination_workload_namespace: callee.namespace,
      destination_canonical_service: canonical(callee),
      destination_canonical_revision: callee.revision ?? "latest",
      destination_app: service,
      destination_service: `${service}.${callee.namespace}.svc.cluster.local`,
      destination_service_name: service,
      request_protocol: "http",
      response_code: success ? "200" : "503",
      response_flags: "-",
    };
    const destination = { ...common, reporter: "destination", connection_security_policy: caller ? "mutual_tls" : "none" };
    requests.inc(destination);
    duration.observe(destination, latencyMs);
    if (caller) {
      const source = { ...common, reporter: "source", connection_security_policy: "unknown" };
      requests.inc(source);
      duration.observe(source, latencyMs);
    }
  };
}


/**
 * Istio 1.1's Mixer standard metrics: the same request counter, no canonical service or
 * revision (those came with 1.8), versions in `source_version` / `destination_version`
 * (from the pods' `version` label), durations in seconds.
 */
function istioMixerEmitter(registry: Registry): Emit {
  const labelNames = [
    "reporter",
    "source_app",
    "source_principal",
    "source_workload",
    "source_workload_namespace",
    "source_version",
    "destination_app",
    "destination_principal",
    "destination_workload",
    "destination_workload_namespace",
    "destination_version",
    "destination_service",
    "destination_service_name",
    "destination_service_namespace",
    "request_protocol",
    "response_code",
    "connection_security_policy",
  ];
  const requests = new Counter({ name: "istio_requests_total", help: "Requests", labelNames, registers: [registry] });
  const duration = new Histogram({ name: "istio_request_duration_seconds", help: "Request duration", labelNames, buckets: ISTIO_MIXER_DURATION_BUCKETS_S, registers: [registry] });
  return (edge, success, latencyMs) => {
    const { caller, callee } = edge;
    const app = (endpoint: ExporterEndpoint) => endpoint.app ?? endpoint.canonicalService ?? endpoint.name;
    const principal = (endpoint: ExporterEndpoint) => `cluster.local/ns/${endpoint.namespace}/sa/${endpoint.serviceAccount ?? app(endpoint)}`;
    const common: Labels = {
      source_app: caller ? app(caller) : "unknown",
      source_principal: caller ? principal(caller) : "unknown",
      source_workload: caller?.name ?? "unknown",
      source_workload_namespace: caller?.namespace ?? "unknown",
      source_version: caller?.revision ?? "unknown",
      destination_app: app(callee),
      destination_principal: principal(callee),
      destination_workload: callee.name,
      destination_workload_namespace: callee.namespace,
      destination_version: callee.revision ?? "unknown",
      destination_service: `${app(callee)}.${callee.namespace}.svc.cluster.local`,
      destination_service_name: app(callee),
      destination_service_namespace: callee.namespace,
      request_protocol: "http",
      response_code: success ? "200" : "503",
    };
    const destination = { ...common, reporter: "destination", connection_security_policy: caller ? "mutual_tls" : "none" };
    requests.inc(destination);
    duration.observe(destination, latencyMs / 1000);
    if (caller) {
      const source = { ...common, reporter: "source", connection_security_policy: "unknown" };
      requests.inc(source);
      duration.observe(source, latencyMs / 1000);
    }
  };
}

/**
 * The OpenTelemetry Collector `servicegraph` connector's output (Tempo's metrics generator
 * uses the same names): one series per client/server `service.name` pair; failures in a
 * counter of their own; durations in seconds. A caller without spans (a root span's
 * virtual node) is `client="user"`.
 */
function otelEmitter(registry: Registry, connectors: readonly ("servicegraph" | "spanmetrics")[]): Emit {
  const emitters = [
    ...(connectors.includes("servicegraph") ? [otelServiceGraphEmitter(registry)] : []),
    ...(connectors.includes("spanmetrics") ? [otelSpanMetricsEmitter(registry)] : []),
  ];
  return (edge, success, latencyMs) => {
    for (const emit of emitters) emit(edge, success, latencyMs);
  };
}

/**
 * The OpenTelemetry Collector `spanmetrics` connector's output through Prometheus (default
 * namespace `traces.span.metrics`, unit ms): per `service.name`, `span.name`, `span.kind`,
 * `status.code`. Each call is a server span at the callee and, when the caller is
 * instrumented, a client span at the caller.
 */
function otelSpanMetricsEmitter(registry: Registry): Emit {
  const labelNames = ["service_name", "span_name", "span_kind", "status_code"];
  const calls = new Counter({ name: "traces_span_metrics_calls_total", help: "Number of spans", labelNames, registers: [registry] });
  const duration = new Histogram({
    name: "traces_span_metrics_duration_milliseconds",
    help: "Span duration",
    labelNames,
    buckets: OTEL_SPAN_METRICS_BUCKETS_MS,
    registers: [registry],
  });
  return (edge, success, latencyMs) => {
    const status_code = success ? "STATUS_CODE_UNSET" : "STATUS_CODE_ERROR";
    const server: Labels = { service_name: edge.callee.name, span_name: "GET /api", span_kind: "SPAN_KIND_SERVER", status_code };
    calls.inc(server);
    duration.observe(server, latencyMs);
    if (edge.caller) {
      const client: Labels = { service_name: edge.caller.name, span_name: "GET", span_kind: "SPAN_KIND_CLIENT", status_code };
      calls.inc(client);
      duration.observe(client, latencyMs);
    }
  };
}

function otelServiceGraphEmitter(registry: Registry): Emit {
  const labelNames = ["client", "server", "connection_type"];
  const requests = new Counter({ name: "traces_service_graph_request_total", help: "Total count of requests between two nodes", labelNames, registers: [registry] });
  const failed = new Counter({ name: "traces_service_graph_request_failed_total", help: "Total count of failed requests between two nodes", labelNames, registers: [registry] });
  const server = new Histogram({
    name: "traces_service_graph_request_server_seconds",
    help: "Time for a request between two nodes as seen from the server",
    labelNames,
    buckets: OTEL_SERVICE_GRAPH_BUCKETS_S,
    registers: [registry],
  });
  return (edge, success, latencyMs) => {
    const labels: Labels = { client: edge.caller?.name ?? "user", server: edge.callee.name, connection_type: "" };
    requests.inc(labels);
    if (!success) failed.inc(labels);
    server.observe(labels, latencyMs / 1000);
  };
}
