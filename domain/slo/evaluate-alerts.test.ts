import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { BURN_RATE_ALERTS } from "./burn-rate-alerts.ts";
import { evaluateAlerts } from "./evaluate-alerts.ts";
import type { AlertWindowName, SliCounts, TelemetryWindows } from "./slo-types.ts";

/** 1,000 requests per window at 99.9 %: burn b means b * 1 bad request. */
function at(burn: number, total = 1_000): SliCounts {
  return { good: total - burn * 0.001 * total, total };
}

function windows(burns: Partial<Record<AlertWindowName, number>>): TelemetryWindows {
  const result: TelemetryWindows = {};
  for (const [window, burn] of Object.entries(burns) as [AlertWindowName, number][]) result[window] = at(burn);
  return result;
}

const firingOf = (w: TelemetryWindows, minRequests = 100) =>
  evaluateAlerts(99.9, w, minRequests).map((alert) => `${alert.severity} ${alert.longWindow}/${alert.shortWindow}: ${alert.firing}`);

describe("BURN_RATE_ALERTS", () => {
  it("is the DESIGN table", () => {
    expect(BURN_RATE_ALERTS.map((r) => [r.severity, r.longWindow, r.shortWindow, r.threshold])).toEqual([
      ["page", "1h", "5m", 14.4],
      ["page", "6h", "30m", 6],
      ["ticket", "1d", "2h", 3],
      ["ticket", "3d", "6h", 1],
    ]);
  });
});

describe("evaluateAlerts", () => {
  it.each([
    // [label, burns per window, which alerts fire (page fast, page slow, ticket fast, ticket slow)]
    ["all quiet", { "5m": 0.5, "30m": 0.5, "1h": 0.5, "2h": 0.5, "6h": 0.5, "1d": 0.5, "3d": 0.5 }, [false, false, false, false]],
    ["fast burn on both windows pages", { "5m": 20, "1h": 15 }, [true, false, false, false]],
    ["long window alone does not fire (burn already stopped)", { "5m": 0, "1h": 20 }, [false, false, false, false]],
    ["short window alone does not fire (a blip)", { "5m": 100, "1h": 2 }, [false, false, false, false]],
    ["exactly at the threshold does not fire: it must be above", { "5m": 14.4, "1h": 14.4 }, [false, false, false, false]],
    ["long window exactly at the threshold does not fire", { "5m": 20, "1h": 14.4 }, [false, false, false, false]],
    ["short window exactly at the threshold does not fire", { "5m": 14.4, "1h": 20 }, [false, false, false, false]],
    ["slow burn pages on 6h/30m", { "30m": 7, "6h": 6.5 }, [false, true, false, false]],
    ["3x over a day opens a ticket", { "2h": 4, "1d": 3.5 }, [false, false, true, false]],
    ["1x over three days opens a ticket", { "6h": 1.2, "3d": 1.1 }, [false, false, false, true]],
  ] as const)("%s", (_label, burns, expected) => {
    const alerts = evaluateAlerts(99.9, windows(burns), 100);
    expect(alerts.map((alert) => alert.firing)).toEqual(expected);
  });

  it("reports both burn rates and the rule it evaluated", () => {
    const [pageFast] = evaluateAlerts(99.9, windows({ "5m": 20, "1h": 15 }), 100);
    expect(pageFast).toEqual({
      severity: "page",
      longWindow: "1h",
      shortWindow: "5m",
      threshold: 14.4,
      longBurn: 15,
      shortBurn: 20,
      firing: true,
      insufficientData: false,
    });
  });

  it("marks missing windows insufficient and never fires them", () => {
    const alerts = evaluateAlerts(99.9, { "1h": at(50) }, 100);
    expect(alerts.every((alert) => alert.insufficientData && !alert.firing)).toBe(true);
    expect(alerts[0]?.longBurn).toBe(50);
    expect(alerts[0]?.shortBurn).toBeNull();
  });

  it("marks windows below minRequests insufficient even when burning hard", () => {
    // 5 of 50 requests failing is a 100x burn, but 50 requests is below the minimum of 100.
    const alerts = evaluateAlerts(99.9, { "5m": at(100, 50), "1h": at(100, 1_000) }, 100);
    expect(alerts[0]).toMatchObject({ firing: false, insufficientData: true, shortBurn: 100 });
    expect(firingOf({ "5m": at(100, 100), "1h": at(100, 1_000) })[0]).toBe("page 1h/5m: true");
  });

  it("treats good > total (separate queries a moment apart) as no errors, and nonsense as missing", () => {
    const alerts = evaluateAlerts(99.9, { "5m": { good: 1_001, total: 1_000 }, "1h": { good: Number.NaN, total: 1_000 } }, 100);
    expect(alerts[0]).toMatchObject({ shortBurn: 0, longBurn: null, insufficientData: true, firing: false });
  });

  it("never fires an alert whose windows hold fewer than minRequests requests", () => {
    const countsArb = fc
      .integer({ min: 0, max: 1_000 })
      .chain((total) => fc.record({ total: fc.constant(total), good: fc.integer({ min: 0, max: total }) }));
    const windowsArb = fc.record(
      {
        "5m": countsArb,
        "30m": countsArb,
        "1h": countsArb,
        "2h": countsArb,
        "6h": countsArb,
        "1d": countsArb,
        "3d": countsArb,
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(
        fc.constantFrom(99, 99.5, 99.9, 99.99),
        windowsArb,
        fc.integer({ min: 0, max: 1_000 }),
        (objective, telemetry: TelemetryWindows, minRequests) => {
          for (const alert of evaluateAlerts(objective, telemetry, minRequests)) {
            const long = telemetry[alert.longWindow]?.total ?? 0;
            const short = telemetry[alert.shortWindow]?.total ?? 0;
            if (long < minRequests || short < minRequests || long === 0 || short === 0) {
              expect(alert.firing).toBe(false);
              expect(alert.insufficientData).toBe(true);
            }
            if (alert.firing) {
              expect(alert.longBurn).toBeGreaterThan(alert.threshold);
              expect(alert.shortBurn).toBeGreaterThan(alert.threshold);
            }
          }
        },
      ),
      { numRuns: 2000 },
    );
  });
});
