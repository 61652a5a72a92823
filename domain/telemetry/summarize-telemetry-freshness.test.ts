import { describe, expect, it } from "vitest";
import { summarizeTelemetryFreshness } from "./summarize-telemetry-freshness.ts";

const NOW = new Date("2026-03-02T12:00:00.000Z");
const ago = (minutes: number) => new Date(NOW.getTime() - minutes * 60_000);
const MAX_AGE = 5 * 60_000;

describe("summarizeTelemetryFreshness", () => {
  it("never measured is not stale, but has no measuredAt", () => {
    expect(summarizeTelemetryFreshness([], NOW, MAX_AGE)).toEqual({ stale: false, staleSince: null, staleReason: null, measuredAt: null });
  });

  it("fresh rows: not stale, newest measurement", () => {
    const rows = [
      { measuredAt: ago(1), staleSince: null, staleReason: null },
      { measuredAt: ago(0.25), staleSince: null, staleReason: null },
    ];
    expect(summarizeTelemetryFreshness(rows, NOW, MAX_AGE)).toEqual({ stale: false, staleSince: null, staleReason: null, measuredAt: ago(0.25).toISOString() });
  });

  it("a stale row makes the service stale, with the earliest stale time and its reason", () => {
    const rows = [
      { measuredAt: ago(3), staleSince: ago(2), staleReason: "prometheus:istio: unavailable" },
      { measuredAt: ago(3), staleSince: ago(1), staleReason: "later" },
      { measuredAt: ago(3), staleSince: null, staleReason: null },
    ];
    expect(summarizeTelemetryFreshness(rows, NOW, MAX_AGE)).toMatchObject({ stale: true, staleSince: ago(2).toISOString(), staleReason: "prometheus:istio: unavailable" });
  });

  it("old numbers nobody marked (a stopped worker) read as stale since they were measured", () => {
    const result = summarizeTelemetryFreshness([{ measuredAt: ago(12), staleSince: null, staleReason: null }], NOW, MAX_AGE);
    expect(result).toMatchObject({ stale: true, staleSince: ago(12).toISOString() });
    expect(result.staleReason).toMatch(/no telemetry received for 12 min/);
  });
});
