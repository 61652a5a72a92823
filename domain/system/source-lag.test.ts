import { describe, expect, it } from "vitest";
import { sourceLagMs } from "./source-lag.ts";

const NOW = Date.parse("2026-12-04T12:00:00.000Z");

describe("sourceLagMs", () => {
  it.each([
    { label: "periodic, ran within its period", source: { everyMs: 15_000, reportedLagMs: 0, latestCycleAtMs: NOW - 10_000 }, lag: 0 },
    { label: "periodic, ran exactly one period ago", source: { everyMs: 15_000, reportedLagMs: 0, latestCycleAtMs: NOW - 15_000 }, lag: 0 },
    { label: "periodic, overdue by 45 s", source: { everyMs: 15_000, reportedLagMs: 0, latestCycleAtMs: NOW - 60_000 }, lag: 45_000 },
    { label: "periodic, never ran yet", source: { everyMs: 60_000, reportedLagMs: 0, latestCycleAtMs: null }, lag: 0 },
    { label: "periodic ignores a reported backlog", source: { everyMs: 60_000, reportedLagMs: 5_000, latestCycleAtMs: NOW }, lag: 0 },
    { label: "continuous, its reported backlog", source: { everyMs: null, reportedLagMs: 2_500, latestCycleAtMs: NOW - 600_000 }, lag: 2_500 },
    { label: "continuous, nothing queued", source: { everyMs: null, reportedLagMs: 0, latestCycleAtMs: null }, lag: 0 },
  ])("$label", ({ source, lag }) => {
    expect(sourceLagMs(source, NOW)).toBe(lag);
  });
});
