import { describe, expect, it } from "vitest";
import { parseConfig, type TEnvRecord } from "@/server/config/parse-config.ts";
import { readMeshTelemetryConfig as readFromConfig } from "./mesh-telemetry-config.ts";

const readMeshTelemetryConfig = (env: TEnvRecord, demo: boolean) => readFromConfig(parseConfig(env), demo);

describe("readMeshTelemetryConfig", () => {
  it("defaults: 15 s rounds, edges gone after 10 min; the simulator in demo mode, nothing otherwise", () => {
    expect(readMeshTelemetryConfig({}, true)).toEqual({ intervalMs: 15_000, edgeGoneAfterMs: 600_000, source: { kind: "simulator", speed: 1, dialect: "mesh" } });
    expect(readMeshTelemetryConfig({}, false).source).toEqual({ kind: "none" });
  });

  it("reads Prometheus with dialect, token, tenant headers and rate range; real data wins over the demo", () => {
    const config = readMeshTelemetryConfig(
      {
        PROMETHEUS_URL: "https://mimir.example/prometheus",
        PROMETHEUS_DIALECT: "Istio",
        PROMETHEUS_BEARER_TOKEN: "secret",
        PROMETHEUS_HEADERS: '{"X-Scope-OrgID":"acme"}',
        PROMETHEUS_RATE_RANGE: "2m",
        PLUMBLINE_MESH_INTERVAL: "30s",
        PLUMBLINE_MESH_GONE_AFTER: "1h",
      },
      true,
    );
    expect(config).toEqual({
      intervalMs: 30_000,
      edgeGoneAfterMs: 3_600_000,
      source: { kind: "prometheus", url: "https://mimir.example/prometheus", dialect: "istio", bearerToken: "secret", headers: { "X-Scope-OrgID": "acme" }, rateRange: "2m" },
    });
    expect(readMeshTelemetryConfig({ PROMETHEUS_URL: "http://prom:9090" }, false).source).toMatchObject({ dialect: "auto", rateRange: "1m", headers: {} });
  });

  it.each([
    [{ PROMETHEUS_URL: "prom:9090" }, /PROMETHEUS_URL must be an http\(s\) URL/],
    [{ PROMETHEUS_URL: "http://p", PROMETHEUS_DIALECT: "consul" }, /PROMETHEUS_DIALECT must be linkerd, istio, otel or auto/],
    [{ PROMETHEUS_URL: "http://p", PROMETHEUS_HEADERS: "X-Scope-OrgID: acme" }, /PROMETHEUS_HEADERS must be a JSON object/],
    [{ PROMETHEUS_DIALECT: "consul" }, /PROMETHEUS_DIALECT must be linkerd, istio, otel or auto/],
    [{ PROMETHEUS_URL: "http://p", PROMETHEUS_HEADERS: '{"X-Scope-OrgID": 1}' }, /value of "X-Scope-OrgID" must be a string/],
    [{ PROMETHEUS_URL: "http://p", PROMETHEUS_RATE_RANGE: "1 minute" }, /PROMETHEUS_RATE_RANGE must be a PromQL duration/],
    [{ PLUMBLINE_MESH_INTERVAL: "often" }, /PLUMBLINE_MESH_INTERVAL must be a positive duration/],
  ])("explains a mistake in %j", (env, message) => {
    expect(() => readMeshTelemetryConfig(env, true)).toThrow(message);
  });

  it("reads the demo speed", () => {
    expect(readMeshTelemetryConfig({ PLUMBLINE_DEMO_SPEED: "60" }, true).source).toEqual({ kind: "simulator", speed: 60, dialect: "mesh" });
    expect(readMeshTelemetryConfig({ PLUMBLINE_DEMO_DIALECT: "otel" }, true).source).toMatchObject({ kind: "simulator", dialect: "otel" });
    expect(() => readMeshTelemetryConfig({ PLUMBLINE_DEMO_DIALECT: "zipkin" }, true)).toThrow(/PLUMBLINE_DEMO_DIALECT/);
    expect(() => readMeshTelemetryConfig({ PLUMBLINE_DEMO_SPEED: "fast" }, true)).toThrow(/PLUMBLINE_DEMO_SPEED must be a number above 0/);
  });
});
