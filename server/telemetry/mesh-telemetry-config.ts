import type { TConfig } from "@/server/config/parse-config.ts";

export type TPrometheusDialectSetting = "linkerd" | "istio" | "otel" | "auto";
/** How the demo's simulated telemetry names services (domain/demo/demo-telemetry-dialect.ts). */
export type TDemoTelemetryDialect = "mesh" | "otel";

export type TMeshSourceConfig =
  | {
      kind: "prometheus";
      url: string;
      dialect: TPrometheusDialectSetting;
      bearerToken: string | undefined;
      headers: Record<string, string>;
      rateRange: string;
    }
  | { kind: "simulator"; speed: number; dialect: TDemoTelemetryDialect }
  | { kind: "none" };

export interface TMeshTelemetryConfig {
  intervalMs: number;
  edgeGoneAfterMs: number;
  source: TMeshSourceConfig;
}

export const DEFAULT_EDGE_GONE_AFTER_MS = 10 * 60_000;

/**
 * The mesh worker's configuration (README "Configuration"; the variables are read and
 * validated in server/config): PROMETHEUS_URL chooses Prometheus (real data wins over the
 * demo even in demo mode); otherwise the demo's simulator runs when demo mode is on, else
 * nothing.
 */
export function readMeshTelemetryConfig(config: Pick<TConfig, "mesh" | "demo">, demo: boolean): TMeshTelemetryConfig {
  const { intervalMs, edgeGoneAfterMs, prometheusUrl } = config.mesh;
  if (prometheusUrl) {
    return {
      intervalMs,
      edgeGoneAfterMs,
      source: {
        kind: "prometheus",
        url: prometheusUrl,
        dialect: config.mesh.dialect,
        bearerToken: config.mesh.bearerToken ?? undefined,
        headers: { ...config.mesh.headers },
        rateRange: config.mesh.rateRange,
      },
    };
  }
  if (demo) return { intervalMs, edgeGoneAfterMs, source: { kind: "simulator", speed: config.demo.speed, dialect: config.demo.dialect } };
  return { intervalMs, edgeGoneAfterMs, source: { kind: "none" } };
}
