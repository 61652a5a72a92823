import { describe, expect, it } from "vitest";
import { countUnderThreshold } from "./count-under-threshold.ts";

// Istio's default buckets around 100–500 ms, cumulative counts of 1,000 requests.
const istio = new Map<number, number>([
  [50, 200],
  [100, 500],
  [250, 800],
  [500, 950],
  [Infinity, 1000],
]);

describe("countUnderThreshold", () => {
  it("is exact on a bucket boundary", () => {
    expect(countUnderThreshold(istio, 250)).toEqual({ kind: "exact", count: 800 });
  });

  it("interpolates linearly inside a bucket, as histogram_quantile assumes", () => {
    // 300 ms is a fifth of the way from 250 to 500: 800 + (950 − 800) × 50/250 = 830.
    expect(countUnderThreshold(istio, 300)).toEqual({ kind: "interpolated", count: 830, lowerMs: 250, upperMs: 500 });
  });

  it("starts the first bucket at 0", () => {
    // 25 ms is half of the first bucket (0–50 ms holding 200): 100.
    expect(countUnderThreshold(istio, 25)).toEqual({ kind: "interpolated", count: 100, lowerMs: 0, upperMs: 50 });
  });

  it("matches boundaries read back from seconds within float rounding", () => {
    const otel = new Map<number, number>([
      [0.1 * 1000, 10],
      [0.2 * 1000, 20],
      [Infinity, 25],
    ]);
    expect(countUnderThreshold(otel, 100)).toEqual({ kind: "exact", count: 10 });
  });

  it("does not interpolate into the +Inf bucket: unknown, never all fast", () => {
    expect(countUnderThreshold(istio, 600)).toEqual({ kind: "unknown", reason: "600 ms is above the highest finite bucket boundary (500 ms)" });
    expect(countUnderThreshold(new Map(), 100)).toEqual({ kind: "unknown", reason: "the histogram has no bucket above 100 ms" });
  });

  it("never interpolates downwards when a higher bucket reads smaller", () => {
    const skewed = new Map<number, number>([
      [100, 500],
      [250, 499],
      [Infinity, 600],
    ]);
    expect(countUnderThreshold(skewed, 200)).toMatchObject({ kind: "interpolated", count: 500 });
  });
});
