import { parseDurationMs } from "@/domain/time/duration.ts";

/** process.env, or a plain object in tests. */
export type TEnv = Readonly<Record<string, string | undefined>>;

export type TPrometheusDialectSetting = "linkerd" | "istio" | "auto";

export type TMeshSourceConfig =
  | {
      kind: "prometheus";
      url: string;
      dialect: TPrometheusDialectSetting;
      bearerToken: string | undefined;
      headers: Record<string, string>;
      rateRange: string;
    }
  | { kind: "simulator"; speed: number }
  | { kind: "none" };

export interface TMeshTelemetryConfig {
  intervalMs: number;
  edgeGoneAfterMs: number;
  source: TMeshSourceConfig;
}

const DEFAULT_INTERVAL_MS = 15_000;
export const DEFAULT_EDGE_GONE_AFTER_MS = 10 * 60_000;
const RATE_RANGE = /^[1-9][0-9]*(ms|s|m|h)$/;

/**
 * The mesh worker's configuration from the environment (README "Configuration"):
 * PROMETHEUS_URL chooses Prometheus (real data wins over the demo even in demo mode);
 * otherwise the demo's simulator runs when demo mode is on, else nothing. Mistakes
 * throw with the variable's name and what it accepts: a worker that starts with a
 * half-understood configuration would report a misleadingly empty mesh.
 */
export function readMeshTelemetryConfig(env: TEnv, demo: boolean): TMeshTelemetryConfig {
  const intervalMs = env.PLUMBLINE_MESH_INTERVAL?.trim() ? parseDurationMs(env.PLUMBLINE_MESH_INTERVAL, "PLUMBLINE_MESH_INTERVAL") : DEFAULT_INTERVAL_MS;
  const edgeGoneAfterMs = env.PLUMBLINE_MESH_GONE_AFTER?.trim()
    ? parseDurationMs(env.PLUMBLINE_MESH_GONE_AFTER, "PLUMBLINE_MESH_GONE_AFTER")
    : DEFAULT_EDGE_GONE_AFTER_MS;
  const url = env.PROMETHEUS_URL?.trim();
  if (url) {
    if (!isHttpUrl(url)) throw new Error(`PROMETHEUS_URL must be an http(s) URL such as http://prometheus:9090 (got ${JSON.stringify(url)})`);
    const dialect = (env.PROMETHEUS_DIALECT?.trim() || "auto").toLowerCase();
    if (dialect !== "linkerd" && dialect !== "istio" && dialect !== "auto") {
      throw new Error(`PROMETHEUS_DIALECT must be linkerd, istio or auto (got ${JSON.stringify(env.PROMETHEUS_DIALECT)})`);
    }
    const rateRange = env.PROMETHEUS_RATE_RANGE?.trim() || "1m";
    if (!RATE_RANGE.test(rateRange)) throw new Error(`PROMETHEUS_RATE_RANGE must be a PromQL duration such as 1m or 30s (got ${JSON.stringify(rateRange)})`);
    return {
      intervalMs,
      edgeGoneAfterMs,
      source: {
        kind: "prometheus",
        url,
        dialect,
        bearerToken: env.PROMETHEUS_BEARER_TOKEN?.trim() || undefined,
        headers: parseHeaders(env.PROMETHEUS_HEADERS),
        rateRange,
      },
    };
  }
  if (demo) return { intervalMs, edgeGoneAfterMs, source: { kind: "simulator", speed: readDemoSpeed(env) } };
  return { intervalMs, edgeGoneAfterMs, source: { kind: "none" } };
}

/** PLUMBLINE_DEMO_SPEED: how much faster than the wall clock the demo's simulated time runs (default 1). */
export function readDemoSpeed(env: TEnv): number {
  const text = env.PLUMBLINE_DEMO_SPEED?.trim();
  if (!text) return 1;
  const speed = Number(text);
  if (!Number.isFinite(speed) || speed <= 0 || speed > 100_000) {
    throw new Error(`PLUMBLINE_DEMO_SPEED must be a number above 0, e.g. 1 (real time) or 60 (an hour per minute) (got ${JSON.stringify(text)})`);
  }
  return speed;
}

function isHttpUrl(text: string): boolean {
  try {
    const { protocol } = new URL(text);
    return protocol === "http:" || protocol === "https:";
  } catch {
    return false;
  }
}

function parseHeaders(text: string | undefined): Record<string, string> {
  if (!text?.trim()) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new Error(`PROMETHEUS_HEADERS must be a JSON object of header names to values, e.g. {"X-Scope-OrgID":"acme"}`);
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new Error(`PROMETHEUS_HEADERS must be a JSON object of header names to values, e.g. {"X-Scope-OrgID":"acme"}`);
  }
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(parsed)) {
    if (typeof value !== "string") throw new Error(`PROMETHEUS_HEADERS: the value of "${name}" must be a string`);
    headers[name] = value;
  }
  return headers;
}
