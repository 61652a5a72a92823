import { describe, expect, it } from "vitest";
import { assembleSloTelemetry, describeInterpolatedLatency, describeMissingLatencyBucket, type TelemetryWindowRow } from "./assemble-slo-telemetry.ts";

const T = new Date("2026-03-02T10:00:00Z");
const row = (window: string, total: number, good: number, extra: Partial<TelemetryWindowRow> = {}): TelemetryWindowRow => ({
  window,
  totalEvents: total,
  goodEvents: good,
  latencyGood: {},
  measuredAt: T,
  staleSince: null,
  staleReason: null,
  ...extra,
});

describe("assembleSloTelemetry", () => {
  it("maps the alert windows and the SLO's own window, ignoring other SLO windows", () => {
    const rows = [row("5m", 100, 99), row("1h", 1000, 990), row("28d", 9000, 8990), row("30d", 1, 0)];
    const { telemetry } = assembleSloTelemetry({ kind: "availability", windowDays: 28 }, rows);
    expect(telemetry).toEqual({
      windows: { "5m": { good: 99, total: 100 }, "1h": { good: 990, total: 1000 }, slo: { good: 8990, total: 9000 } },
      measuredAt: T,
      staleReason: null,
    });
  });

  it("counts latency by the threshold's bucket, and reports a missing bucket", () => {
    const rows = [row("5m", 100, 100, { latencyGood: { "250": 97, "500": 100 } }), row("28d", 1000, 1000, { latencyGood: { "250": 990, bogus: 5 } })];
    const ok = assembleSloTelemetry({ kind: "latency", windowDays: 28, latencyThresholdMs: 250 }, rows);
    expect(ok.telemetry.windows).toEqual({ "5m": { good: 97, total: 100 }, slo: { good: 990, total: 1000 } });
    expect(ok.missingLatencyBucket).toBeNull();
    const missing = assembleSloTelemetry({ kind: "latency", windowDays: 28, latencyThresholdMs: 300 }, rows);
    expect(missing.telemetry.windows).toEqual({});
    expect(missing.missingLatencyBucket).toEqual({ thresholdMs: 300, measuredThresholdsMs: [250, 500] });
    expect(describeMissingLatencyBucket(missing.missingLatencyBucket!)).toContain("no request count under 300 ms (it measures 250 ms, 500 ms)");
  });

  it("uses counts interpolated inside a bucket and says between which buckets", () => {
    const rows = [
      row("5m", 100, 100, { latencyGood: { "300": 83 }, latencyInterpolated: { "300": [250, 500] } }),
      row("28d", 1000, 1000, { latencyGood: { "300": 830 }, latencyInterpolated: { "300": [250, 500], "999": "garbage" } }),
    ];
    const assembled = assembleSloTelemetry({ kind: "latency", windowDays: 28, latencyThresholdMs: 300 }, rows);
    expect(assembled.telemetry.windows).toEqual({ "5m": { good: 83, total: 100 }, slo: { good: 830, total: 1000 } });
    expect(assembled.missingLatencyBucket).toBeNull();
    expect(assembled.interpolatedLatency).toEqual({ thresholdMs: 300, lowerMs: 250, upperMs: 500 });
    expect(describeInterpolatedLatency(assembled.interpolatedLatency!)).toBe(
      "300 ms is not a bucket boundary of the mesh's latency histogram: requests under it are interpolated between the 250 ms and 500 ms buckets, as histogram_quantile does.",
    );
    // Exact counts say nothing.
    const exact = assembleSloTelemetry({ kind: "latency", windowDays: 28, latencyThresholdMs: 300 }, [row("28d", 1000, 1000, { latencyGood: { "300": 830 } })]);
    expect(exact.interpolatedLatency).toBeNull();
  });

  it("is as fresh as its oldest row, and stale if any row it uses is marked stale", () => {
    const older = new Date(T.getTime() - 60_000);
    const fresh = assembleSloTelemetry({ kind: "availability", windowDays: 28 }, [row("5m", 1, 1), row("28d", 1, 1, { measuredAt: older })]);
    expect(fresh.telemetry.measuredAt).toEqual(older);
    const stale = assembleSloTelemetry({ kind: "availability", windowDays: 28 }, [
      row("5m", 1, 1),
      row("3d", 1, 1, { staleSince: older, staleReason: null }),
      row("30d", 1, 1, { staleSince: older, staleReason: "ignored: not this SLO's window" }),
    ]);
    expect(stale.telemetry.staleReason).toBe(`the telemetry worker marked the 3d window stale at ${older.toISOString()}`);
    expect(assembleSloTelemetry({ kind: "availability", windowDays: 28 }, []).telemetry).toEqual({ windows: {}, measuredAt: null, staleReason: null });
  });
});
