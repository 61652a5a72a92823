import { createDemoClock } from "@/domain/demo/demo-clock.ts";
import type { MeshDialect } from "@/domain/telemetry/telemetry-types.ts";
import { createPrometheusTelemetrySource, detectDialect, type TelemetrySource } from "@/integrations/prometheus/mesh-telemetry-source.ts";
import { createPrometheusClient, type PrometheusClient } from "@/integrations/prometheus/prometheus-client.ts";
import { createTelemetrySimulator } from "@/server/demo/telemetry-simulator.ts";
import type { TMeshSourceConfig } from "./mesh-telemetry-config.ts";

/**
 * Hands the worker a TelemetrySource for the latency thresholds the SLOs currently ask
 * for. The same object comes back while the thresholds stay the same, so one client (its
 * connections, the detected dialect) and one simulated clock live for the worker's life.
 */
export interface TMeshSourceProvider {
  sourceFor(organizationId: string, latencyThresholdsMs: readonly number[]): TelemetrySource;
}

export function createMeshSourceProvider(
  config: Exclude<TMeshSourceConfig, { kind: "none" }>,
  options: {
    onWarnings?: (warnings: readonly string[], query: string) => void;
    /** For an organization's own Prometheus: an egress-checked fetch (server/http/egress-connect.ts). */
    fetch?: typeof fetch;
  } = {},
): TMeshSourceProvider {
  const cache = new Map<string, TelemetrySource>();
  const memo = (key: string, make: () => TelemetrySource) => {
    const found = cache.get(key);
    if (found) return found;
    const made = make();
    cache.set(key, made);
    return made;
  };

  if (config.kind === "simulator") {
    const clock = createDemoClock(new Date(), config.speed);
    return {
      sourceFor: (organizationId, thresholds) =>
        memo(`${organizationId}|${thresholds.join(",")}`, () => createTelemetrySimulator({ organizationId, clock, latencyThresholdsMs: thresholds, dialect: config.dialect })),
    };
  }

  const client = createPrometheusClient({
    baseUrl: config.url,
    ...(config.bearerToken ? { bearerToken: config.bearerToken } : {}),
    headers: config.headers,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  const dialect = config.dialect === "auto" ? createDialectDetector(client) : () => Promise.resolve(config.dialect as MeshDialect);
  return {
    sourceFor: (_organizationId, thresholds) =>
      memo(thresholds.join(","), () =>
        createDialectAwareSource(dialect, (detected) =>
          createPrometheusTelemetrySource({
            client,
            dialect: detected,
            rateRange: config.rateRange,
            latencyThresholdsMs: [...thresholds],
            onWarnings: options.onWarnings,
          }),
        ),
      ),
  };
}

/** Detects the dialect on first use and remembers it; a failed detection is retried next round. */
function createDialectDetector(client: PrometheusClient): () => Promise<MeshDialect> {
  let detected: Promise<MeshDialect> | null = null;
  return () => {
    detected ??= detectDialect(client).catch((error: unknown) => {
      detected = null;
      throw error;
    });
    return detected;
  };
}

/** A source whose dialect is known only after asking Prometheus; failures surface as the round's stale reason. */
function createDialectAwareSource(dialect: () => Promise<MeshDialect>, make: (dialect: MeshDialect) => TelemetrySource): TelemetrySource {
  const sources = new Map<MeshDialect, TelemetrySource>();
  let current = "prometheus";
  const sourceNow = async () => {
    const d = await dialect();
    let source = sources.get(d);
    if (!source) {
      source = make(d);
      sources.set(d, source);
    }
    current = source.name;
    return source;
  };
  return {
    get name() {
      return current;
    },
    fetchEdges: async (now) => (await sourceNow()).fetchEdges(now),
    fetchServiceCounts: async (windows, now) => (await sourceNow()).fetchServiceCounts(windows, now),
  };
}
