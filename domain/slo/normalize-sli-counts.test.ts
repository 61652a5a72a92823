import { describe, expect, it } from "vitest";
import { normalizeSliCounts } from "./normalize-sli-counts.ts";

describe("normalizeSliCounts", () => {
  it.each([
    ["missing", undefined, null],
    ["ordinary", { good: 90, total: 100 }, { good: 90, total: 100 }],
    ["good above total (queries a moment apart)", { good: 100.4, total: 100 }, { good: 100, total: 100 }],
    ["fractional counts from increase()", { good: 9.5, total: 10.25 }, { good: 9.5, total: 10.25 }],
    ["negative good", { good: -1, total: 100 }, null],
    ["negative total", { good: 0, total: -1 }, null],
    ["NaN", { good: Number.NaN, total: 100 }, null],
    ["infinite", { good: 1, total: Number.POSITIVE_INFINITY }, null],
  ])("%s", (_label, counts, expected) => {
    expect(normalizeSliCounts(counts)).toEqual(expected);
  });
});
