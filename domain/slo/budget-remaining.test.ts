import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { budgetRemaining } from "./budget-remaining.ts";
import { burnRate } from "./burn-rate.ts";
import { errorBudget } from "./error-budget.ts";

const objectiveArb = fc.oneof(
  fc.constantFrom(90, 95, 99, 99.5, 99.9, 99.95, 99.99, 99.999),
  fc.double({ min: 1, max: 99.999, noNaN: true }),
);
const totalArb = fc.integer({ min: 1, max: 10_000_000 });

describe("budgetRemaining", () => {
  it.each([
    // [objective, good, total, remaining] — by hand: 1 - bad / ((1 - objective/100) * total)
    [99.9, 1_000_000, 1_000_000, 1], // nothing spent
    [99.9, 999_500, 1_000_000, 0.5], // 500 of 1,000 allowed
    [99.9, 999_000, 1_000_000, 0], // burn rate exactly 1.0 over the whole window: exactly 100 % spent
    [99.9, 998_880, 1_000_000, -0.12], // 1,120 of 1,000: 112 % spent
    [99, 0, 100, -99], // all 100 bad of 1 allowed
  ])("objective %s, %s good of %s → %s", (objective, good, total, remaining) => {
    expect(budgetRemaining(objective, good, total)).toBe(remaining);
  });

  it("is unknown (null), not full, without requests", () => {
    expect(budgetRemaining(99.9, 0, 0)).toBeNull();
  });

  it("never increases as bad events increase for a fixed total", () => {
    fc.assert(
      fc.property(
        objectiveArb,
        totalArb.chain((total) =>
          fc.tuple(fc.constant(total), fc.integer({ min: 0, max: total }), fc.integer({ min: 0, max: total })),
        ),
        (objective, [total, badA, badB]) => {
          const [fewer, more] = badA <= badB ? [badA, badB] : [badB, badA];
          const withFewer = budgetRemaining(objective, total - fewer, total) ?? Number.NaN;
          const withMore = budgetRemaining(objective, total - more, total) ?? Number.NaN;
          expect(withMore).toBeLessThanOrEqual(withFewer);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it("is 1 - the burn rate over the SLO window", () => {
    fc.assert(
      fc.property(
        objectiveArb,
        totalArb.chain((total) => fc.tuple(fc.constant(total), fc.integer({ min: 0, max: total }))),
        (objective, [total, good]) => {
          const remaining = budgetRemaining(objective, good, total) ?? Number.NaN;
          const burn = burnRate(objective, good, total) ?? Number.NaN;
          expect(Math.abs(remaining - (1 - burn))).toBeLessThanOrEqual(1e-9 + 1e-12 * burn);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it("burn rate 1.0 over the full window ⇔ budget remaining 0", () => {
    fc.assert(
      fc.property(objectiveArb, totalArb, fc.double({ min: 0, max: 3, noNaN: true }), (objective, total, burn) => {
        const bad = Math.min(total, burn * errorBudget(objective, total));
        const measuredBurn = burnRate(objective, total - bad, total) ?? Number.NaN;
        const remaining = budgetRemaining(objective, total - bad, total) ?? Number.NaN;
        const isBurnOne = Math.abs(measuredBurn - 1) <= 1e-9;
        const isRemainingZero = Math.abs(remaining) <= 1e-9;
        expect(isBurnOne).toBe(isRemainingZero);
      }),
      { numRuns: 2000 },
    );
  });

  it("spends exactly 100 % when the bad events equal the allowance, for any objective and volume", () => {
    fc.assert(
      fc.property(objectiveArb, totalArb, (objective, total) => {
        const bad = errorBudget(objective, total);
        expect(burnRate(objective, total - bad, total)).toBe(1);
        expect(budgetRemaining(objective, total - bad, total)).toBe(0);
      }),
      { numRuns: 2000 },
    );
  });
});
