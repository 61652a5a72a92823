import { buildDialectProbeQuery, buildMeshQueries, type MeshQueryOptions } from "@/domain/telemetry/build-mesh-queries.ts";
import { parseEdgeSamples, type UnknownCallerThresholds } from "@/domain/telemetry/parse-edge-samples.ts";
import { parsePrometheusVector } from "@/domain/telemetry/parse-prometheus-vector.ts";
import { parseServiceWindowCounts } from "@/domain/telemetry/parse-service-window-counts.ts";
import { TelemetryDataError } from "@/domain/telemetry/telemetry-data-error.ts";
import { MESH_DIALECTS, type EdgeSample, type MeshDialect, type ServiceWindowCounts } from "@/domain/telemetry/telemetry-types.ts";
import type { WindowName } from "@/domain/telemetry/telemetry-windows.ts";
import type { PrometheusClient, PrometheusQueryData } from "./prometheus-client.ts";
import { PrometheusResponseError } from "./prometheus-errors.ts";

/**
 * Where the mesh worker gets its numbers. Implementations: Prometheus (this file) and
 * the demo simulator. Every call takes `now` so a round of questions describes one
 * instant, and tests can replay one.
 */
export interface TelemetrySource {
  /** Stable name for logs and stale reasons, e.g. `prometheus:linkerd`. */
  readonly name: string;
  /** Edges seen over the source's rate range ending at `now`. */
  fetchEdges(now: Date): Promise<EdgeSample[]>;
  /** Inbound SLI counts per workload for each window ending at `now`. All or nothing: one failing window fails the call. */
  fetchServiceCounts(windows: readonly WindowName[], now: Date): Promise<ServiceWindowCounts[]>;
}

export interface PrometheusTelemetrySourceOptions extends MeshQueryOptions {
  client: PrometheusClient;
  dialect: MeshDialect;
  /** Defaults to `prometheus:<dialect>`. */
  name?: string;
  /** Linkerd only: when inbound-minus-outbound counts as an unknown caller. */
  unknownCaller?: UnknownCallerThresholds;
  /** Called with Prometheus/Thanos warnings (e.g. partial responses), which do not fail a fetch. */
  onWarnings?: (warnings: readonly string[], query: string) => void;
}

export function createPrometheusTelemetrySource(options: PrometheusTelemetrySourceOptions): TelemetrySource {
  const { client, dialect } = options;
  const queries = buildMeshQueries(dialect, options);

  async function ask(query: string, now: Date): Promise<PrometheusQueryData> {
    const data = await client.query(query, { time: now });
    if (data.warnings.length > 0) options.onWarnings?.(data.warnings, query);
    return data;
  }

  return {
    name: options.name ?? `prometheus:${dialect}`,

    async fetchEdges(now) {
      const [traffic, latency] = await Promise.all([ask(queries.edgeTraffic, now), ask(queries.edgeLatency, now)]);
      return withResponseErrors(queries.edgeTraffic, () =>
        parseEdgeSamples({ dialect, traffic, latency, unknownCaller: options.unknownCaller }),
      );
    },

    async fetchServiceCounts(windows, now) {
      // In parallel: each window is one query, and Prometheus bounds its own concurrency.
      const perWindow = await Promise.all(
        [...new Set(windows)].map(async (window) => {
          const query = queries.serviceCounts(window);
          const data = await ask(query, now);
          return withResponseErrors(query, () =>
            parseServiceWindowCounts({ dialect, window, data, latencyThresholdsMs: queries.latencyThresholdsMs }),
          );
        }),
      );
      return perWindow.flat();
    },
  };
}

export class MeshDialectNotDetectedError extends Error {
  constructor(
    readonly found: readonly MeshDialect[],
    message: string,
  ) {
    super(message);
    this.name = "MeshDialectNotDetectedError";
  }
}

/**
 * Tells which mesh a Prometheus watches, by asking whether Linkerd's `response_total`
 * or Istio's `istio_requests_total` has series. Throws when neither or both do: both
 * happens during a migration, and guessing would silently halve the graph.
 */
export async function detectDialect(
  client: PrometheusClient,
  options: { now?: Date; extraMatchers?: Readonly<Record<string, string>> } = {},
): Promise<MeshDialect> {
  const query = buildDialectProbeQuery(options.extraMatchers);
  const data = await client.query(query, { time: options.now });
  const samples = withResponseErrors(query, () => parsePrometheusVector(data, "mesh dialect probe"));
  const found = samples
    .filter((sample) => sample.value > 0)
    .map((sample) => sample.labels.sli)
    .filter((sli): sli is MeshDialect => (MESH_DIALECTS as readonly (string | undefined)[]).includes(sli));
  if (found.length === 1 && found[0] !== undefined) return found[0];
  throw new MeshDialectNotDetectedError(
    found,
    found.length === 0
      ? `Prometheus at ${client.baseUrl} has no response_total (Linkerd), istio_requests_total (Istio) or traces_service_graph_request_total (OpenTelemetry servicegraph) series; is the mesh's metrics scrape configured?`
      : `Prometheus at ${client.baseUrl} has metrics of several sources (${found.join(", ")}); set the dialect explicitly (or narrow it with extra matchers)`,
  );
}

/** Garbage found while parsing is the response's fault: surface it as the client's typed error. */
function withResponseErrors<T>(query: string, parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (error instanceof TelemetryDataError) throw new PrometheusResponseError(query, error.message, { cause: error });
    throw error;
  }
}
