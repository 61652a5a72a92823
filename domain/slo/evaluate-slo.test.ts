import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { evaluateSlo } from "./evaluate-slo.ts";
import type { SloDefinition, SloTelemetry, TelemetryWindows, WindowName } from "./slo-types.ts";
import { WINDOW_NAMES } from "./slo-types.ts";
import { windowDurationMs } from "./window-duration.ts";

const NOW = new Date("2026-03-08T10:00:00Z"); // the US spring-forward day: nothing here may care
const STALE_AFTER_MS = 5 * 60_000;
const AVAILABILITY: SloDefinition = { kind: "availability", objective: 99.9, windowDays: 28, minRequests: 100 };

/**
 * Steady traffic of 100 requests a minute (5m = 500, 28 days = 4,032,000), each window
 * burning at `baseline` unless overridden. At 99.9 % a burn b means b * 0.1 % of requests fail.
 */
function traffic(baseline: number, overrides: Partial<Record<WindowName, number>> = {}, perMinute = 100): TelemetryWindows {
  const windows: TelemetryWindows = {};
  for (const window of WINDOW_NAMES) {
    const total = (perMinute * windowDurationMs(window, 28)) / 60_000;
    const burn = overrides[window] ?? baseline;
    windows[window] = { good: total - burn * 0.001 * total, total };
  }
  return windows;
}

function fresh(windows: TelemetryWindows): SloTelemetry {
  return { windows, measuredAt: new Date(NOW.getTime() - 30_000), staleReason: null };
}

const evaluate = (telemetry: SloTelemetry, definition = AVAILABILITY) =>
  evaluateSlo(definition, telemetry, NOW, STALE_AFTER_MS);

describe("evaluateSlo status", () => {
  it.each([
    {
      label: "healthy: burning half the budget's pace",
      telemetry: fresh(traffic(0.5)),
      status: "healthy",
      isOutOfSlo: false,
      reason: "99.95% of requests succeeded over 28 days; 50% of the 28-day budget left",
    },
    {
      label: "healthy: a fast burn that already stopped (1h hot, 5m calm) does not page",
      telemetry: fresh(traffic(0.5, { "1h": 20, "5m": 0 })),
      status: "healthy",
      isOutOfSlo: false,
      reason: "99.95% of requests succeeded over 28 days; 50% of the 28-day budget left",
    },
    {
      label: "at_risk via the fast page alert",
      telemetry: fresh(traffic(0.5, { "1h": 16, "5m": 20 })),
      status: "at_risk",
      isOutOfSlo: true,
      reason:
        "Page alert: burning the error budget at 16.0x over 1h and 20.0x over 5m (threshold 14.4x); 50% of the 28-day budget left",
    },
    {
      label: "at_risk via a ticket alert only: not out of SLO for the gate",
      telemetry: fresh(traffic(0.5, { "1d": 4, "2h": 4, "6h": 4, "1h": 4, "30m": 4, "5m": 4 })),
      status: "at_risk",
      isOutOfSlo: false,
      reason:
        "Ticket alert: burning the error budget at 4.0x over 1d and 4.0x over 2h (threshold 3.0x); 50% of the 28-day budget left",
    },
    {
      label: "at_risk with several alerts names the most urgent and counts the rest",
      telemetry: fresh(traffic(0.5, { "5m": 20, "30m": 20, "1h": 20, "6h": 20, "2h": 20, "1d": 20 })),
      status: "at_risk",
      isOutOfSlo: true,
      reason:
        "Page alert: burning the error budget at 20.0x over 1h and 20.0x over 5m (threshold 14.4x); 50% of the 28-day budget left; 2 more alerts firing",
    },
    {
      label: "breached: 112 % spent",
      telemetry: fresh(traffic(1.12)),
      status: "breached",
      isOutOfSlo: true,
      reason: "Budget exhausted: 112% of the 28-day error budget spent",
    },
    {
      label: "breached: burn rate exactly 1.0 over the whole window spends exactly 100 %",
      telemetry: fresh(traffic(0.5, { slo: 1 })),
      status: "breached",
      isOutOfSlo: true,
      reason: "Budget exhausted: 100% of the 28-day error budget spent",
    },
    {
      label: "no_data: telemetry 7 minutes old, reason known",
      telemetry: { windows: traffic(0.5), measuredAt: new Date(NOW.getTime() - 7 * 60_000), staleReason: "Prometheus unreachable" },
      status: "no_data",
      isOutOfSlo: false,
      reason: "No telemetry for 7 min (Prometheus unreachable)",
    },
    {
      label: "no_data: telemetry 7 minutes old, nobody said why",
      telemetry: { windows: traffic(0.5), measuredAt: new Date(NOW.getTime() - 7 * 60_000), staleReason: null },
      status: "no_data",
      isOutOfSlo: false,
      reason: "No telemetry for 7 min (nothing newer than 5 min arrived)",
    },
    {
      label: "no_data: fresh timestamp but the worker flagged the data",
      telemetry: { windows: traffic(0.5), measuredAt: new Date(NOW.getTime() - 20_000), staleReason: "Istio metrics missing" },
      status: "no_data",
      isOutOfSlo: false,
      reason: "No telemetry for 20 s (Istio metrics missing)",
    },
    {
      label: "no_data: never measured",
      telemetry: { windows: {}, measuredAt: null, staleReason: null },
      status: "no_data",
      isOutOfSlo: false,
      reason: "No telemetry received yet",
    },
    {
      label: "no_data: stale beats breached (old numbers describe the past)",
      telemetry: { windows: traffic(2), measuredAt: null, staleReason: "Prometheus unreachable" },
      status: "no_data",
      isOutOfSlo: false,
      reason: "No telemetry yet (Prometheus unreachable)",
    },
    {
      label: "no_data: SLO window missing",
      telemetry: fresh({ "5m": { good: 500, total: 500 } }),
      status: "no_data",
      isOutOfSlo: false,
      reason: "No telemetry for the 28-day window",
    },
    {
      label: "no_data: no requests at all",
      telemetry: fresh({ slo: { good: 0, total: 0 } }),
      status: "no_data",
      isOutOfSlo: false,
      reason: "No requests in the 28-day window",
    },
    {
      label: "no_data: too few requests, even with every one failing",
      telemetry: fresh({ slo: { good: 0, total: 42 } }),
      status: "no_data",
      isOutOfSlo: false,
      reason: "Only 42 requests in the 28-day window; at least 100 are needed to judge the SLO",
    },
  ] as const)("$label", ({ telemetry, status, isOutOfSlo, reason }) => {
    const result = evaluate(telemetry);
    expect(result.status).toBe(status);
    expect(result.isOutOfSlo).toBe(isOutOfSlo);
    expect(result.reason).toBe(reason);
  });
});

describe("evaluateSlo numbers", () => {
  it("reports SLI, budget and burn rates for the SLO window", () => {
    const result = evaluate(fresh(traffic(0.5, { "1h": 3 })));
    // By hand: 4,032,000 requests, 0.05 % bad = 2,016; allowed 0.1 % = 4,032; 2,016 left.
    expect(result.sli).toBeCloseTo(0.9995, 12);
    expect(result.allowedBadEvents).toBeCloseTo(4_032, 9);
    expect(result.budgetRemainingEvents).toBeCloseTo(2_016, 6);
    expect(result.budgetRemaining).toBe(0.5);
    expect(result.burnRates).toEqual({ "5m": 0.5, "30m": 0.5, "1h": 3, "2h": 0.5, "6h": 0.5, "1d": 0.5, "3d": 0.5, slo: 0.5 });
    expect(result.alerts).toHaveLength(4);
  });

  it("goes negative in events when overspent", () => {
    const result = evaluate(fresh(traffic(1.12)));
    expect(result.budgetRemaining).toBe(-0.12);
    expect(result.budgetRemainingEvents).toBeCloseTo(-0.12 * 4_032, 6);
  });

  it("hides numbers when stale: they are unknown now, not zero and not current", () => {
    const result = evaluate({ windows: traffic(0.5), measuredAt: null, staleReason: null });
    expect(result).toMatchObject({ sli: null, budgetRemaining: null, budgetRemainingEvents: null, allowedBadEvents: null });
    expect(Object.values(result.burnRates).every((burn) => burn === null)).toBe(true);
    expect(result.alerts.every((alert) => alert.insufficientData && !alert.firing)).toBe(true);
  });

  it("still shows measured numbers for a window that is merely too thin to judge", () => {
    const result = evaluate(fresh({ slo: { good: 40, total: 42 } }));
    expect(result.sli).toBeCloseTo(40 / 42, 12);
    expect(result.budgetRemaining).not.toBeNull();
  });

  it("says when alert windows are too quiet to see a fast burn", () => {
    // 1 request a minute: 5m = 5, 30m = 30 requests, both below 100; 1h = 60 too; 2h = 120 is enough.
    const result = evaluate(fresh(traffic(0, {}, 1)));
    expect(result.status).toBe("healthy");
    expect(result.reason).toBe("100% of requests succeeded over 28 days; 100% of the 28-day budget left; 2 of 4 burn-rate alerts lack traffic to evaluate");
  });

  it("phrases latency SLOs by their threshold", () => {
    const latency: SloDefinition = { kind: "latency", objective: 99, windowDays: 28, latencyThresholdMs: 300, minRequests: 100 };
    const result = evaluate(fresh({ slo: { good: 9_950, total: 10_000 } }), latency);
    expect(result.reason).toBe("99.5% of requests under 300 ms over 28 days; 50% of the 28-day budget left; 4 of 4 burn-rate alerts lack traffic to evaluate");
  });

  it("treats a measurement slightly in the future (clock skew) as fresh", () => {
    const result = evaluate({ windows: traffic(0.5), measuredAt: new Date(NOW.getTime() + 10_000), staleReason: null });
    expect(result.status).toBe("healthy");
  });

  it("rejects a definition that cannot be evaluated", () => {
    expect(() => evaluate(fresh(traffic(0)), { ...AVAILABILITY, objective: 100 })).toThrow(RangeError);
    expect(() => evaluate(fresh(traffic(0)), { ...AVAILABILITY, windowDays: 0 })).toThrow(RangeError);
  });
});

describe("evaluateSlo properties", () => {
  const countsArb = fc
    .integer({ min: 0, max: 5_000_000 })
    .chain((total) => fc.record({ total: fc.constant(total), good: fc.integer({ min: 0, max: total }) }));
  const windowsArb: fc.Arbitrary<TelemetryWindows> = fc.record(
    {
      "5m": countsArb,
      "30m": countsArb,
      "1h": countsArb,
      "2h": countsArb,
      "6h": countsArb,
      "1d": countsArb,
      "3d": countsArb,
      slo: countsArb,
    },
    { requiredKeys: [] },
  );
  const definitionArb: fc.Arbitrary<SloDefinition> = fc.record({
    kind: fc.constantFrom("availability", "latency"),
    objective: fc.constantFrom(90, 99, 99.5, 99.9, 99.95, 99.99),
    windowDays: fc.constantFrom(7, 28, 30),
    minRequests: fc.integer({ min: 0, max: 1_000 }),
  });
  const staleTelemetryArb: fc.Arbitrary<SloTelemetry> = fc.oneof(
    windowsArb.map((windows) => ({ windows, measuredAt: null, staleReason: null })),
    fc.tuple(windowsArb, fc.integer({ min: STALE_AFTER_MS + 1, max: 30 * 86_400_000 })).map(([windows, ageMs]) => ({
      windows,
      measuredAt: new Date(NOW.getTime() - ageMs),
      staleReason: null,
    })),
    fc.tuple(windowsArb, fc.integer({ min: 0, max: STALE_AFTER_MS }), fc.string({ minLength: 1 })).map(
      ([windows, ageMs, staleReason]) => ({ windows, measuredAt: new Date(NOW.getTime() - ageMs), staleReason }),
    ),
  );

  it("stale telemetry never yields healthy", () => {
    fc.assert(
      fc.property(definitionArb, staleTelemetryArb, (definition, telemetry) => {
        const result = evaluateSlo(definition, telemetry, NOW, STALE_AFTER_MS);
        expect(result.status).toBe("no_data");
        expect(result.isOutOfSlo).toBe(false);
      }),
      { numRuns: 2000 },
    );
  });

  it("is never healthy when the budget is spent, and healthy means budget left and no alert", () => {
    fc.assert(
      fc.property(definitionArb, windowsArb, (definition, windows) => {
        const result = evaluateSlo(definition, fresh(windows), NOW, STALE_AFTER_MS);
        if (result.budgetRemaining !== null && result.budgetRemaining <= 0) expect(result.status).not.toBe("healthy");
        if (result.status === "healthy") {
          expect(result.budgetRemaining).toBeGreaterThan(0);
          expect(result.alerts.some((alert) => alert.firing)).toBe(false);
        }
        if (result.status === "breached") expect(result.isOutOfSlo).toBe(true);
        if (result.isOutOfSlo) expect(["breached", "at_risk"]).toContain(result.status);
      }),
      { numRuns: 2000 },
    );
  });

  it("is no_data whenever the SLO window holds fewer than minRequests requests", () => {
    fc.assert(
      fc.property(definitionArb, windowsArb, (definition, windows) => {
        const result = evaluateSlo(definition, fresh(windows), NOW, STALE_AFTER_MS);
        const sloTotal = windows.slo?.total ?? 0;
        if (sloTotal === 0 || sloTotal < definition.minRequests) expect(result.status).toBe("no_data");
      }),
      { numRuns: 2000 },
    );
  });
});
