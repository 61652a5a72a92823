import { describe, expect, it } from "vitest";
import { sameAlerts, sameStoredEvaluation, type TStoredAlert, type TStoredEvaluationValues } from "./same-stored-evaluation.ts";

const stored: TStoredEvaluationValues = {
  status: "at_risk",
  statusReason: "Burning 14.4x the budget over 1h",
  sli: 0.9982,
  budgetRemaining: 0.41,
  burnRates: { "5m": 15.2, "1h": 14.4, "6h": null },
  alerts: [{ severity: "page", longWindow: "1h", shortWindow: "5m", threshold: 14.4, firing: true, insufficientData: false }],
  isOutOfSlo: false,
  isTelemetryStale: false,
  windowGoodEvents: 998_200,
  windowTotalEvents: 1_000_000,
};

describe("sameStoredEvaluation", () => {
  it("is true for the same values, whatever order jsonb gave the keys back in", () => {
    const fromJsonb = { ...stored, burnRates: { "1h": 14.4, "5m": 15.2, "6h": null }, alerts: [{ firing: true, insufficientData: false, longWindow: "1h", severity: "page", shortWindow: "5m", threshold: 14.4 }] };
    expect(sameStoredEvaluation(fromJsonb, stored)).toBe(true);
  });

  it.each<[string, Partial<TStoredEvaluationValues>]>([
    ["status", { status: "breached" }],
    ["reason", { statusReason: "Burning 14.5x the budget over 1h" }],
    ["SLI in its last digit", { sli: 0.99820000001 }],
    ["budget", { budgetRemaining: 0.4 }],
    ["budget gone to unknown", { budgetRemaining: null }],
    ["a burn rate", { burnRates: { "5m": 15.2, "1h": 14.4, "6h": 2 } }],
    ["an alert", { alerts: [] }],
    ["out of SLO", { isOutOfSlo: true }],
    ["staleness", { isTelemetryStale: true }],
    ["window counts", { windowGoodEvents: 998_201 }],
  ])("is false when the %s changed", (_what, change) => {
    expect(sameStoredEvaluation(stored, { ...stored, ...change })).toBe(false);
  });
});

describe("sameAlerts", () => {
  const alerts: TStoredAlert[] = [
    { severity: "page", longWindow: "1h", shortWindow: "5m", threshold: 14.4, firing: true, insufficientData: false },
    { severity: "ticket", longWindow: "3d", shortWindow: "6h", threshold: 1, firing: false, insufficientData: true },
  ];

  it("is true for the same alerts, whatever order jsonb gave each one's keys back in", () => {
    const fromJsonb = alerts.map(({ firing, insufficientData, longWindow, severity, shortWindow, threshold }) => ({ firing, insufficientData, longWindow, severity, shortWindow, threshold }));
    expect(sameAlerts(fromJsonb, alerts)).toBe(true);
    expect(sameAlerts([], [])).toBe(true);
  });

  it.each<[string, unknown]>([
    ["one stopped firing", [{ ...alerts[0], firing: false }, alerts[1]]],
    ["one got data", [alerts[0], { ...alerts[1], insufficientData: false }]],
    ["a threshold moved", [{ ...alerts[0], threshold: 14 }, alerts[1]]],
    ["the order changed", [alerts[1], alerts[0]]],
    ["one is missing", [alerts[0]]],
    ["one has a field more", [{ ...alerts[0], longBurn: 15 }, alerts[1]]],
    ["one lacks a field", [{ severity: "page", longWindow: "1h", shortWindow: "5m", threshold: 14.4, firing: true }, alerts[1]]],
    ["nothing was stored", null],
    ["an object was stored", { 0: alerts[0], 1: alerts[1] }],
    ["an entry is not an object", [alerts[0], "ticket"]],
  ])("is false when %s", (_what, stored) => {
    expect(sameAlerts(stored, alerts)).toBe(false);
  });
});
