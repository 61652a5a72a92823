import { describe, expect, it } from "vitest";
import { formatAge, formatBurnRate, formatCount, formatPercent, formatSliPercent } from "./format-slo-text.ts";

describe("format-slo-text", () => {
  it.each([
    [0.0213, "2.1%"],
    [0.02, "2%"],
    [0.5, "50%"],
    [1.12, "112%"],
    [-0.004, "-0.4%"],
    [0, "0%"],
  ])("formatPercent(%s) = %s", (fraction, text) => {
    expect(formatPercent(fraction)).toBe(text);
  });

  it.each([
    [0.99951, "99.951%"],
    [1, "100%"],
    [0.9995, "99.95%"],
  ])("formatSliPercent(%s) = %s", (sli, text) => {
    expect(formatSliPercent(sli)).toBe(text);
  });

  it.each([
    [0, "0 s"],
    [45_000, "45 s"],
    [7 * 60_000 + 59_000, "7 min"],
    [119 * 60_000, "119 min"],
    [3 * 3_600_000, "3 h"],
    [50 * 3_600_000, "2 days"],
    [-5_000, "0 s"],
  ])("formatAge(%s) = %s", (ms, text) => {
    expect(formatAge(ms)).toBe(text);
  });

  it("formats counts and burn rates without locale", () => {
    expect(formatCount(4_032_000.4)).toBe("4,032,000");
    expect(formatCount(42)).toBe("42");
    expect(formatBurnRate(14.4)).toBe("14.4x");
    expect(formatBurnRate(6)).toBe("6.0x");
  });
});
