import { describe, expect, it } from "vitest";
import { WINDOW_NAMES } from "./slo-types.ts";
import { windowDurationMs } from "./window-duration.ts";

const MINUTE_MS = 60_000;

describe("windowDurationMs", () => {
  it.each([
    ["5m", 5],
    ["30m", 30],
    ["1h", 60],
    ["2h", 120],
    ["6h", 360],
    ["1d", 1_440],
    ["3d", 4_320],
    ["slo", 28 * 1_440],
  ] as const)("%s is %s minutes (28-day SLO)", (window, minutes) => {
    expect(windowDurationMs(window, 28)).toBe(minutes * MINUTE_MS);
  });

  it("orders the windows shortest first, the SLO window last", () => {
    const durations = WINDOW_NAMES.map((window) => windowDurationMs(window, 28));
    expect([...durations].sort((a, b) => a - b)).toEqual(durations);
  });
});
