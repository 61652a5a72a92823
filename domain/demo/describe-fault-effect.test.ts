import { describe, expect, it } from "vitest";
import { describeFaultEffect } from "./describe-fault-effect.ts";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const slo = { objective: 99.9, windowDays: 28, budgetRemaining: 0.5 };

describe("describeFaultEffect", () => {
  it("at real time, 20 % errors on a 99.9 % SLO: visible in 30 s, page after ~4.3 min, budget after ~1.7 h", () => {
    const effect = describeFaultEffect({ errorRate: 0.2, durationMs: 6 * HOUR, speed: 1, refreshMs: 15_000, slo });
    expect(effect.firstVisibleMs).toBe(30_000);
    // 14.4 / 200 of an hour = 4.32 min, plus one evaluation.
    expect(effect.pageAlertMs).toBeCloseTo(0.072 * HOUR + 15_000, 0);
    // Half of 28 days of budget at 200x: 0.5 * 672 h / 200 = 1.68 h.
    expect(effect.budgetExhaustedMs).toBeCloseTo(1.68 * HOUR + 15_000, 0);
    expect(effect.sentence).toBe("Within 30 s the SLI, the 5-minute burn rate and the callers' edges show it; the page alert fires and the SLO turns at risk after about 5m; the budget runs out (breached) after about 1h 42m.");
  });

  it("divides simulated time by the demo speed", () => {
    const slow = describeFaultEffect({ errorRate: 0.2, durationMs: 6 * HOUR, speed: 1, refreshMs: 15_000, slo });
    const fast = describeFaultEffect({ errorRate: 0.2, durationMs: 6 * HOUR, speed: 60, refreshMs: 15_000, slo });
    expect(fast.pageAlertMs).toBeCloseTo(((slow.pageAlertMs ?? 0) - 15_000) / 60 + 15_000, 3);
  });

  it("says when the fault is too weak, too short, or the service has no SLO", () => {
    expect(describeFaultEffect({ errorRate: 0.005, durationMs: HOUR, speed: 1, refreshMs: 15_000, slo }).sentence).toContain("too slowly for the page alert");
    const short = describeFaultEffect({ errorRate: 0.2, durationMs: 2 * MINUTE, speed: 1, refreshMs: 15_000, slo });
    expect(short.pageAlertMs).toBeNull();
    expect(short.budgetExhaustedMs).toBeNull();
    expect(short.sentence).toContain("the fault ends before the page alert");
    expect(describeFaultEffect({ errorRate: 0.2, durationMs: HOUR, speed: 1, refreshMs: 15_000, slo: null }).sentence).toContain("no availability SLO");
  });

  it("a spent budget is breached at the next evaluation", () => {
    expect(describeFaultEffect({ errorRate: 0.2, durationMs: HOUR, speed: 1, refreshMs: 15_000, slo: { ...slo, budgetRemaining: -0.1 } }).budgetExhaustedMs).toBe(15_000);
  });
});
