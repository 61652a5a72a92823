import { describe, expect, it } from "vitest";
import { formatCliDuration, parseCliDuration } from "./parse-cli-duration.ts";

describe("parseCliDuration", () => {
  it.each([
    ["30m", 1_800_000],
    ["90s", 90_000],
    ["1h30m", 5_400_000],
    ["2h", 7_200_000],
    ["1d", 86_400_000],
    ["500ms", 500],
    ["0", 0],
    ["45", 45_000],
    ["1.5m", 90_000],
    [" 10S ", 10_000],
  ])("%s → %d ms", (text, expected) => {
    expect(parseCliDuration(text)).toBe(expected);
  });

  it.each(["", "soon", "30 m", "m30", "30x", "1h 30m", "-5m", "30m!"])("refuses %j", (text) => {
    expect(parseCliDuration(text)).toBeNull();
  });
});

describe("formatCliDuration", () => {
  it.each([
    [0, "0s"],
    [4_400, "4s"],
    [90_000, "1m 30s"],
    [3_600_000, "1h 00m"],
    [5_460_000, "1h 31m"],
  ])("%d ms → %s", (ms, expected) => {
    expect(formatCliDuration(ms)).toBe(expected);
  });
});
