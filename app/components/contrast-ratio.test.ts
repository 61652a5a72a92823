import { describe, expect, it } from "vitest";
import { contrastRatio, relativeLuminance } from "./contrast-ratio.ts";

describe("contrastRatio", () => {
  it.each([
    // Reference values from the WCAG definition and WebAIM's contrast checker.
    ["#000000", "#ffffff", 21],
    ["#ffffff", "#ffffff", 1],
    ["#767676", "#ffffff", 4.54],
    ["#777777", "#ffffff", 4.48],
    ["#0000ff", "#ffffff", 8.59],
    ["#f00", "#fff", 4.0],
  ])("%s on %s is %d:1", (foreground, background, expected) => {
    expect(contrastRatio(foreground, background)).toBeCloseTo(expected, 1);
  });

  it("does not depend on which colour is in front", () => {
    expect(contrastRatio("#b42318", "#fef3f2")).toBe(contrastRatio("#fef3f2", "#b42318"));
  });

  it("luminance runs from 0 (black) to 1 (white)", () => {
    expect(relativeLuminance("#000")).toBe(0);
    expect(relativeLuminance("#FFFFFF")).toBe(1);
  });

  it("refuses what is not a hex colour instead of guessing", () => {
    expect(() => contrastRatio("red", "#fff")).toThrow(/not a #rrggbb colour/);
    expect(() => contrastRatio("#12345", "#fff")).toThrow(/not a #rrggbb colour/);
  });
});
