import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { burnRate } from "./burn-rate.ts";

const objectiveArb = fc.oneof(
  fc.constantFrom(90, 95, 99, 99.5, 99.9, 99.95, 99.99, 99.999),
  fc.double({ min: 1, max: 99.999, noNaN: true }),
);

describe("burnRate", () => {
  it.each([
    // [objective, good, total, burn] — by hand: (bad / total) / (1 - objective / 100)
    [99.9, 999_000, 1_000_000, 1], // 0.1 % bad against a 0.1 % budget
    [99.9, 985_600, 1_000_000, 14.4], // 1.44 % bad / 0.1 %
    [99.9, 1_000_000, 1_000_000, 0],
    [99, 94, 100, 6], // 6 % bad / 1 %
    [99.9, 0, 1_000, 1000], // everything failing: 1 / 0.001
  ])("objective %s, %s good of %s → %s", (objective, good, total, burn) => {
    expect(burnRate(objective, good, total)).toBe(burn);
  });

  it("is unknown, not zero, without requests", () => {
    expect(burnRate(99.9, 0, 0)).toBeNull();
  });

  it("rejects counts that cannot be", () => {
    expect(() => burnRate(99.9, 11, 10)).toThrow(RangeError);
    expect(() => burnRate(99.9, -1, 10)).toThrow(RangeError);
    expect(() => burnRate(99.9, 1, Number.NaN)).toThrow(RangeError);
  });

  it("equals the bad ratio divided by the allowed bad ratio", () => {
    fc.assert(
      fc.property(
        objectiveArb,
        fc.integer({ min: 1, max: 10_000_000 }).chain((total) => fc.tuple(fc.constant(total), fc.integer({ min: 0, max: total }))),
        (objective, [total, good]) => {
          const expected = (total - good) / total / (1 - objective / 100);
          const burn = burnRate(objective, good, total);
          expect(burn).not.toBeNull();
          expect(Math.abs((burn ?? 0) - expected)).toBeLessThanOrEqual(1e-9 + 1e-9 * expected);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it("scales linearly with the bad ratio: k times the bad events burn k times as fast", () => {
    fc.assert(
      fc.property(
        objectiveArb,
        fc.integer({ min: 1, max: 10_000_000 }),
        fc.integer({ min: 1, max: 20 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (objective, total, k, share) => {
          const bad = Math.floor((share * total) / k);
          const once = burnRate(objective, total - bad, total) ?? Number.NaN;
          const ktimes = burnRate(objective, total - k * bad, total) ?? Number.NaN;
          // Each value sits on a 1e-9 grid, so allow k + 1 half-steps of rounding.
          expect(Math.abs(ktimes - k * once)).toBeLessThanOrEqual((k + 1) * 5e-10 + 1e-12 * ktimes);
        },
      ),
      { numRuns: 2000 },
    );
  });
});
