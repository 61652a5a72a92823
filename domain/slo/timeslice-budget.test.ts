import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ratioTimeslicesBudget, timeslicesBudget, type TimeSlice } from "./timeslice-budget.ts";

const objectiveArb = fc.constantFrom(90, 95, 99, 99.5, 99.9, 99.95);
const sliceTargetArb = fc.constantFrom(0.9, 0.95, 0.99, 0.999, 1);
const goodSliceArb = (target: number): fc.Arbitrary<TimeSlice> =>
  fc.integer({ min: 0, max: 10_000 }).map((total) => ({ total, good: Math.min(total, Math.ceil(total * target)) }));
const badSliceArb = (target: number): fc.Arbitrary<TimeSlice> =>
  fc
    .integer({ min: 1, max: 10_000 })
    .chain((total) => fc.integer({ min: 0, max: Math.ceil(total * target) - 1 }).map((good) => ({ total, good })));

describe("timeslicesBudget (OpenSLO Timeslices)", () => {
  it.each([
    // [objective, slices in window, bad slices, allowed, remaining] — by hand: floor(n × (1 − objective/100))
    [99, 1_000, 0, 10, 1],
    [99, 1_000, 5, 10, 0.5],
    [99, 1_000, 10, 10, 0],
    [99.9, 43_200, 43, 43, 0], // 30 days of minutes at 99.9 %: 43.2 → 43 bad minutes allowed
    [95, 28, 3, 1, -2], // 28 daily slices at 95 %: 1.4 → 1 bad day allowed
  ])("objective %s over %s slices with %s bad: %s allowed, %s remaining", (objective, sliceCount, bad, allowed, remaining) => {
    const slices = Array.from({ length: sliceCount }, (_, index) => (index < bad ? { good: 80, total: 100 } : { good: 100, total: 100 }));
    expect(timeslicesBudget({ objective, timeSliceTarget: 0.95, sliceCount, slices })).toEqual({
      badSlices: bad,
      allowedBadSlices: allowed,
      remainingSlices: allowed - bad,
      budgetRemaining: remaining,
    });
  });

  it("counts a slice without requests as good, and one exactly at the slice target as good", () => {
    const result = timeslicesBudget({ objective: 99, timeSliceTarget: 0.95, sliceCount: 100, slices: [{ good: 0, total: 0 }, { good: 95, total: 100 }, { good: 94, total: 100 }] });
    expect(result.badSlices).toBe(1);
  });

  it("property: a window where every slice is good has the full budget", () => {
    fc.assert(
      fc.property(
        objectiveArb,
        sliceTargetArb.chain((target) => fc.tuple(fc.constant(target), fc.array(goodSliceArb(target), { minLength: 0, maxLength: 200 }))),
        fc.integer({ min: 0, max: 50_000 }),
        (objective, [timeSliceTarget, slices], extra) => {
          const result = timeslicesBudget({ objective, timeSliceTarget, sliceCount: slices.length + extra, slices });
          expect(result.badSlices).toBe(0);
          expect(result.remainingSlices).toBe(result.allowedBadSlices);
          expect(result.budgetRemaining === null || result.budgetRemaining === 1).toBe(true);
        },
      ),
    );
  });

  it("property: the budget is the count of bad slices allowed — exactly that many spend it, one more overspends", () => {
    fc.assert(
      fc.property(objectiveArb, fc.integer({ min: 1, max: 100_000 }), sliceTargetArb, (objective, sliceCount, timeSliceTarget) => {
        const allowed = Math.floor(Number((sliceCount * (100 - objective) / 100).toPrecision(12)));
        const budget = timeslicesBudget({ objective, timeSliceTarget, sliceCount, slices: [] });
        expect(budget.allowedBadSlices).toBe(allowed);
        expect(budget.remainingSlices).toBe(allowed);
        if (allowed === 0 || allowed + 1 > sliceCount) return;
        const bad = { good: 0, total: 10 };
        const spent = timeslicesBudget({ objective, timeSliceTarget, sliceCount, slices: Array.from({ length: allowed }, () => bad) });
        expect(spent.remainingSlices).toBe(0);
        expect(spent.budgetRemaining).toBe(0);
        const over = timeslicesBudget({ objective, timeSliceTarget, sliceCount, slices: Array.from({ length: allowed + 1 }, () => bad) });
        expect(over.remainingSlices).toBe(-1);
        expect(over.budgetRemaining ?? 0).toBeLessThan(0);
      }),
      { numRuns: 200 },
    );
  });

  it("property: bad slices are exactly those below the slice target", () => {
    fc.assert(
      fc.property(
        sliceTargetArb.filter((target) => target > 0.9).chain((target) =>
          fc.tuple(fc.constant(target), fc.array(goodSliceArb(target), { maxLength: 50 }), fc.array(badSliceArb(target), { maxLength: 50 })),
        ),
        ([timeSliceTarget, good, bad]) => {
          const result = timeslicesBudget({ objective: 99, timeSliceTarget, sliceCount: 10_000, slices: [...good, ...bad] });
          expect(result.badSlices).toBe(bad.length);
        },
      ),
    );
  });

  it("refuses a slice target outside (0, 1] and fewer window slices than given", () => {
    expect(() => timeslicesBudget({ objective: 99, timeSliceTarget: 95, sliceCount: 10, slices: [] })).toThrow(RangeError);
    expect(() => timeslicesBudget({ objective: 99, timeSliceTarget: 0.95, sliceCount: 1, slices: [{ good: 1, total: 1 }, { good: 1, total: 1 }] })).toThrow(RangeError);
  });
});

describe("ratioTimeslicesBudget (OpenSLO RatioTimeslices)", () => {
  it("averages slice ratios, each slice weighing the same however busy", () => {
    // 50 % in a quiet slice and 100 % in a busy one: the mean is 75 %, not 99.99 % as counting requests would give.
    expect(ratioTimeslicesBudget(90, [{ good: 1, total: 2 }, { good: 10_000, total: 10_000 }])).toEqual({ sli: 0.75, budgetRemaining: -1.5 });
  });

  it("is unknown (null) when no slice had requests", () => {
    expect(ratioTimeslicesBudget(99, [{ good: 0, total: 0 }])).toBeNull();
  });

  it("property: every slice fully good gives the full budget; the SLI stays within 0..1", () => {
    fc.assert(
      fc.property(objectiveArb, fc.array(fc.integer({ min: 1, max: 1_000 }).map((total) => ({ good: total, total })), { minLength: 1, maxLength: 100 }), (objective, slices) => {
        expect(ratioTimeslicesBudget(objective, slices)).toEqual({ sli: 1, budgetRemaining: 1 });
      }),
    );
    fc.assert(
      fc.property(
        objectiveArb,
        fc.array(fc.integer({ min: 1, max: 1_000 }).chain((total) => fc.integer({ min: 0, max: total }).map((good) => ({ good, total }))), { minLength: 1, maxLength: 100 }),
        (objective, slices) => {
          const result = ratioTimeslicesBudget(objective, slices);
          expect(result?.sli).toBeGreaterThanOrEqual(0);
          expect(result?.sli).toBeLessThanOrEqual(1);
          expect(result?.budgetRemaining).toBeLessThanOrEqual(1);
        },
      ),
    );
  });
});
