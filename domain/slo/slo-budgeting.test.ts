import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { evaluateSliceBudget, readStoredBudgeting } from "./slo-budgeting.ts";

const window = { start: new Date("2026-03-01T00:00:00Z"), end: new Date("2026-03-02T00:00:00Z") };
const sliceAt = (index: number, good: number, total: number) => ({ start: new Date(window.start.getTime() + index * 300_000), good, total });

describe("evaluateSliceBudget", () => {
  it("Timeslices: a window where every recorded slice is good keeps the full budget", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: 1, maxLength: 288 }), (totals) => {
        fc.pre(totals.some((t) => t > 0));
        const result = evaluateSliceBudget({
          budgeting: { method: "Timeslices", timeSliceTarget: 0.95, sliceMinutes: 5 },
          objective: 99,
          window,
          slices: totals.map((total, i) => sliceAt(i, total, total)),
        });
        expect(result?.budgetRemaining).toBe(1);
        expect(result?.sli).toBe(1);
      }),
    );
  });

  it("Timeslices: the budget runs out exactly at the count of bad slices allowed", () => {
    // 288 slices in a day, 99 % → 2 bad slices allowed.
    const budget = (bad: number) =>
      evaluateSliceBudget({
        budgeting: { method: "Timeslices", timeSliceTarget: 0.95, sliceMinutes: 5 },
        objective: 99,
        window,
        slices: Array.from({ length: 10 }, (_, i) => sliceAt(i, i < bad ? 10 : 100, 100)),
      })?.budgetRemaining;
    expect([budget(0), budget(1), budget(2), budget(3)]).toEqual([1, 0.5, 0, -0.5]);
  });

  it("ignores slices outside the window and answers null before any slice has requests", () => {
    const budgeting = { method: "RatioTimeslices" as const, sliceMinutes: 5 };
    expect(evaluateSliceBudget({ budgeting, objective: 99, window, slices: [sliceAt(-1, 0, 100), sliceAt(0, 0, 0)] })).toBeNull();
    expect(evaluateSliceBudget({ budgeting, objective: 99, window, slices: [sliceAt(-1, 0, 100), sliceAt(3, 100, 100)] })?.sli).toBe(1);
  });

  it("Occurrences over a calendar window sums the slices' requests", () => {
    const result = evaluateSliceBudget({ budgeting: { calendar: { count: 1, unit: "M", startTime: "2022-01-01 00:00:00", timeZone: "UTC" } }, objective: 99, window, slices: [sliceAt(0, 990, 1000), sliceAt(1, 1000, 1000)] });
    expect(result).toMatchObject({ sli: 0.995, budgetRemaining: 0.5 });
  });

  it("reads a stored value back, and anything else as the default", () => {
    expect(readStoredBudgeting({ method: "Timeslices", timeSliceTarget: 0.9, sliceMinutes: 60 })).toEqual({ method: "Timeslices", timeSliceTarget: 0.9, sliceMinutes: 60 });
    expect(readStoredBudgeting({ method: "Nope", sliceMinutes: 7 })).toEqual({});
    expect(readStoredBudgeting(null)).toEqual({});
  });
});
