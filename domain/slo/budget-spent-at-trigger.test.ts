import { describe, expect, it } from "vitest";
import { budgetRemaining } from "./budget-remaining.ts";
import { BURN_RATE_ALERTS } from "./burn-rate-alerts.ts";
import { budgetSpentAtTrigger } from "./budget-spent-at-trigger.ts";
import { windowDurationMs } from "./window-duration.ts";

const HOUR_MS = 3_600_000;

describe("budgetSpentAtTrigger", () => {
  it.each([
    // The Workbook's column for a 30-day (720 h) window, by hand: threshold * long hours / 720.
    ["page 1h/5m", 14.4, 1, 0.02], // 14.4 / 720 = 2 %
    ["page 6h/30m", 6, 6, 0.05], // 36 / 720 = 5 %
    ["ticket 1d/2h", 3, 24, 0.1], // 72 / 720 = 10 %
    ["ticket 3d/6h", 1, 72, 0.1], // 72 / 720 = 10 %
  ])("%s spends %s of a 30-day budget", (_name, threshold, hours, spent) => {
    expect(budgetSpentAtTrigger(threshold, hours, 30)).toBeCloseTo(spent, 12);
  });

  it("matches the alert table row by row for 30 days", () => {
    const column = BURN_RATE_ALERTS.map((rule) =>
      budgetSpentAtTrigger(rule.threshold, windowDurationMs(rule.longWindow, 30) / HOUR_MS, 30),
    );
    expect(column.map((spent) => Math.round(spent * 1000) / 1000)).toEqual([0.02, 0.05, 0.1, 0.1]);
  });

  it("is a little more for the default 28-day window (same rates, shorter window)", () => {
    // 14.4 / 672 = 2.14 %: DESIGN keeps the Workbook's rates rather than Sloth's rescaled ones.
    expect(budgetSpentAtTrigger(14.4, 1, 28)).toBeCloseTo(14.4 / 672, 12);
  });

  it("agrees with the counts: one hour at 14.4x consumes 2 % of a 30-day 99.9 % budget", () => {
    // By hand: 1,000 requests an hour for 720 hours = 720,000 requests; 0.1 % of them = 720 allowed.
    // One hour at 14.4x: 1,000 * 0.001 * 14.4 = 14.4 bad. 14.4 / 720 = 2 % spent, 98 % left.
    const total = 720_000;
    const bad = 1_000 * 0.001 * 14.4;
    expect(budgetRemaining(99.9, total - bad, total)).toBe(0.98);
  });

  it("rejects non-positive inputs", () => {
    expect(() => budgetSpentAtTrigger(0, 1, 30)).toThrow(RangeError);
    expect(() => budgetSpentAtTrigger(1, 1, 0)).toThrow(RangeError);
  });
});
