import { once } from "node:events";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Counter, Histogram, Registry } from "prom-client";
import type { MeshDialect, WorkloadRef } from "@/domain/telemetry/telemetry-types.ts";

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

export interface ExporterEdge {
  /** null = a caller outside the mesh. */
  caller: WorkloadRef | null;
  callee: WorkloadRef;
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

/** Linkerd proxy's fixed latency buckets (ms). */
export const LINKERD_LATENCY_BUCKETS_MS = [1, 2, 3, 4, 5, 10, 20, 30, 40, 50, 100, 200, 300, 400, 500, 1000, 2000, 3000, 4000, 5000, 10000, 20000, 30000, 40000, 50000];
/** Istio's default request duration buckets (ms). */
export const ISTIO_LATENCY_BUCKETS_MS = [0.5, 1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000, 60000, 300000, 600000, 1800000, 3600000];

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
  const emit = options.dialect === "linkerd" ? linkerdEmitter(registry) : istioEmitter(registry);
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

function linkerdEmitter(registry: Registry): Emit {
  const responses = new Counter({
    name: "response_total",
    help: "Total count of HTTP responses",
    labelNames: ["direction", "deployment", "namespace", "dst_deployment", "dst_namespace", "classification", "status_code", "tls"],
    registers: [registry],
  });
  const latency = new Histogram({
    name: "response_latency_ms",
    help: "Elapsed times between a request's headers being received and its response stream completing",
    labelNames: ["direction", "deployment", "namespace", "dst_deployment", "dst_namespace", "classification", "status_code"],
    buckets: LINKERD_LATENCY_BUCKETS_MS,
    registers: [registry],
  });
  return (edge, success, latencyMs) => {
    const outcome = { classification: success ? "success" : "failure", status_code: success ? "200" : "503" };
    // The callee's proxy sees every request but not who sent it.
    const inbound: Labels = { direction: "inbound", deployment: edge.callee.name, namespace: edge.callee.namespace, ...outcome };
    responses.inc({ ...inbound, tls: edge.caller ? "true" : "no_identity" });
    latency.observe(inbound, latencyMs);
    // Only a meshed caller has a proxy to report the outbound side.
    if (edge.caller) {
      const outbound: Labels = {
        direction: "outbound",
        deployment: edge.caller.name,
        namespace: edge.caller.namespace,
        dst_deployment: edge.callee.name,
        dst_namespace: edge.callee.namespace,
        ...outcome,
      };
      responses.inc({ ...outbound, tls: "true" });
      latency.observe(outbound, latencyMs);
    }
  };
}

function istioEmitter(registry: Registry): Emit {
  const labelNames = [
    "reporter",
    "source_workload",
    "source_workload_namespace",
    "source_app",
    "destination_workload",
    "destination_workload_namespace",
    "destination_service",
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
    const common: Labels = {
      source_workload: edge.caller?.name ?? "unknown",
      source_workload_namespace: edge.caller?.namespace ?? "unknown",
      source_app: edge.caller?.name ?? "unknown",
      destination_workload: edge.callee.name,
      destination_workload_namespace: edge.callee.namespace,
      destination_service: `${edge.callee.name}.${edge.callee.namespace}.svc.cluster.local`,
      request_protocol: "http",
      response_code: success ? "200" : "503",
      response_flags: "-",
    };
    const destination = { ...common, reporter: "destination", connection_security_policy: edge.caller ? "mutual_tls" : "none" };
    requests.inc(destination);
    duration.observe(destination, latencyMs);
    if (edge.caller) {
      const source = { ...common, reporter: "source", connection_security_policy: "unknown" };
      requests.inc(source);
      duration.observe(source, latencyMs);
    }
  };
}
