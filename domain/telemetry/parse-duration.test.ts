import { describe, expect, it } from "vitest";
import { formatDurationMs, parseDurationMs } from "./parse-duration.ts";

describe("parseDurationMs", () => {
  it.each([
    ["15s", 15_000],
    ["15", 15_000],
    ["10m", 600_000],
    ["1.5h", 5_400_000],
    ["2d", 172_800_000],
    ["250ms", 250],
  ])("%s → %d ms", (text, ms) => {
    expect(parseDurationMs(text, "x")).toBe(ms);
  });

  it.each(["", "0s", "-1m", "10 minutes", "1w", "m"])("rejects %j with the accepted forms", (text) => {
    expect(() => parseDurationMs(text, "PLUMBLINE_MESH_INTERVAL")).toThrow(/PLUMBLINE_MESH_INTERVAL must be a positive duration such as "15s"/);
  });
});

describe("formatDurationMs", () => {
  it.each([
    [30 * 60_000, "30m"],
    [90 * 60_000, "1h 30m"],
    [2 * 86_400_000 + 4 * 3_600_000 + 60_000, "2d 4h"],
    [0, "0s"],
  ])("%d → %s", (ms, text) => {
    expect(formatDurationMs(ms)).toBe(text);
  });
});
