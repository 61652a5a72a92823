import { describe, expect, it } from "vitest";
import { errorBudgetRatio } from "./error-budget-ratio.ts";
import { errorBudget } from "./error-budget.ts";

describe("errorBudget", () => {
  it("99.9 % of 1,000,000 requests allows 1,000 bad ones", () => {
    // By hand: 1 - 99.9/100 = 0.001; 0.001 * 1,000,000 = 1,000. Exactly, not 1000.0000000000009.
    expect(errorBudget(99.9, 1_000_000)).toBe(1000);
  });

  it.each([
    // [objective, total, allowed] — each checked by hand: (100 - objective) / 100 * total
    [99, 10_000, 100],
    [99.5, 2_000, 10],
    [99.95, 1_000_000, 500],
    [99.99, 1_000_000, 100],
    [90, 50, 5],
    [99.9, 0, 0],
  ])("%s %% of %s requests allows %s bad ones", (objective, total, allowed) => {
    expect(errorBudget(objective, total)).toBeCloseTo(allowed, 9);
  });

  it.each([0, 100, -1, 101, Number.NaN, Number.POSITIVE_INFINITY])("rejects objective %s", (objective) => {
    expect(() => errorBudget(objective, 100)).toThrow(RangeError);
  });

  it("rejects a negative total", () => {
    expect(() => errorBudget(99.9, -1)).toThrow(RangeError);
  });
});

describe("errorBudgetRatio", () => {
  it.each([
    [99.9, 0.001],
    [99.99, 0.0001],
    [99.95, 0.0005],
    [99, 0.01],
    [95, 0.05],
  ])("%s %% leaves exactly %s, the decimal the user meant", (objective, ratio) => {
    expect(errorBudgetRatio(objective)).toBe(ratio);
  });

  it("gives the same ratio when asked again, also after more distinct objectives than it remembers", () => {
    // By hand: 1 - 99.9/100 = 0.001, 1 - 99/100 = 0.01.
    expect(errorBudgetRatio(99.9)).toBe(0.001);
    expect(errorBudgetRatio(99)).toBe(0.01);
    // The definition, computed afresh for each of 300 objectives (more than the memo keeps).
    for (let i = 1; i <= 300; i += 1) {
      const objective = 100 - i / 1000;
      expect(errorBudgetRatio(objective)).toBe(Number(((100 - objective) / 100).toPrecision(12)));
    }
    expect(errorBudgetRatio(99.9)).toBe(0.001);
    expect(errorBudgetRatio(99)).toBe(0.01);
    expect(() => errorBudgetRatio(100)).toThrow(RangeError);
  });
});
