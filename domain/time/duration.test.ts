import { describe, expect, it } from "vitest";
import { formatDurationMs, parseDuration, parseDurationMs } from "./duration.ts";

describe("parseDuration", () => {
  it.each([
    ["30m", 1_800_000],
    ["90s", 90_000],
    ["1h30m", 5_400_000],
    ["2h", 7_200_000],
    ["1d", 86_400_000],
    ["2d", 172_800_000],
    ["500ms", 500],
    ["0", 0],
    ["45", 45_000],
    ["1.5m", 90_000],
    ["1.5h", 5_400_000],
    [" 10S ", 10_000],
  ])("%s → %d ms", (text, expected) => {
    expect(parseDuration(text)).toBe(expected);
  });

  it.each(["", "soon", "30 m", "m30", "30x", "1h 30m", "-5m", "30m!", "10 minutes", "1w", "m"])("refuses %j", (text) => {
    expect(parseDuration(text)).toBeNull();
  });
});

describe("parseDurationMs", () => {
  it.each([
    ["15s", 15_000],
    ["15", 15_000],
    ["10m", 600_000],
    ["1h30m", 5_400_000],
    ["250ms", 250],
  ])("%s → %d ms", (text, ms) => {
    expect(parseDurationMs(text, "x")).toBe(ms);
  });

  it.each(["", "0s", "0", "-1m", "10 minutes", "1w", "m"])("rejects %j with the accepted forms", (text) => {
    expect(() => parseDurationMs(text, "PLUMBLINE_MESH_INTERVAL")).toThrow(/PLUMBLINE_MESH_INTERVAL must be a positive duration such as "15s"/);
  });
});

describe("formatDurationMs", () => {
  it.each([
    [0, "0s"],
    [4_400, "4s"],
    [90_000, "1m 30s"],
    [30 * 60_000, "30m"],
    [90 * 60_000, "1h 30m"],
    [3_600_000, "1h"],
    [5_460_000, "1h 31m"],
    [2 * 86_400_000 + 4 * 3_600_000 + 60_000, "2d 4h"],
  ])("%d → %s", (ms, text) => {
    expect(formatDurationMs(ms)).toBe(text);
  });
});
