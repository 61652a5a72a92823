import { describe, expect, it } from "vitest";
import { readBurnRate, summarizeSloFacts, type SloRowFacts } from "./summarize-slo-facts.ts";

const slo = (overrides: Partial<SloRowFacts>): SloRowFacts => ({
  name: "availability",
  status: "healthy",
  isOutOfSlo: false,
  isTelemetryStale: false,
  budgetRemaining: 0.8,
  burnRates: { "1h": 0.5, "6h": 0.4 },
  ...overrides,
});

describe("summarizeSloFacts", () => {
  it("is null for a service with no SLO, stale telemetry or not", () => {
    expect(summarizeSloFacts([], false)).toBeNull();
    expect(summarizeSloFacts([], true)).toBeNull();
  });

  it("lets the worst SLO speak: a breached latency SLO is not hidden by a healthy availability SLO", () => {
    const facts = summarizeSloFacts(
      [slo({}), slo({ name: "latency p99 < 300 ms", status: "breached", budgetRemaining: -0.2, burnRates: { "1h": 16 } })],
      false,
    );
    expect(facts).toEqual({ status: "breached", isOutOfSlo: true, budgetRemaining: -0.2, burnRate1h: 16, sloName: "latency p99 < 300 ms", stale: false });
  });

  it("takes out-of-SLO from the worker (a page alert with budget left)", () => {
    const facts = summarizeSloFacts([slo({ status: "at_risk", isOutOfSlo: true, budgetRemaining: 0.4, burnRates: { "1h": 15 } })], false);
    expect(facts?.isOutOfSlo).toBe(true);
    expect(facts?.status).toBe("at_risk");
  });

  it("treats a ticket alert alone as at risk, not out of SLO", () => {
    expect(summarizeSloFacts([slo({ status: "at_risk", burnRates: { "1h": 3.2 } })], false)?.isOutOfSlo).toBe(false);
  });

  it("ranks no_data above at_risk, and marks staleness from either source", () => {
    const facts = summarizeSloFacts([slo({ status: "at_risk" }), slo({ name: "latency", status: "no_data", budgetRemaining: null, isTelemetryStale: true })], false);
    expect(facts?.status).toBe("no_data");
    expect(facts?.stale).toBe(true);
    expect(summarizeSloFacts([slo({})], true)?.stale).toBe(true);
  });

  it("breaks a tie in status by the smaller budget", () => {
    const facts = summarizeSloFacts([slo({ name: "a", budgetRemaining: 0.7 }), slo({ name: "b", budgetRemaining: 0.3 })], false);
    expect(facts?.sloName).toBe("b");
    expect(facts?.budgetRemaining).toBe(0.3);
  });
});

describe("readBurnRate", () => {
  it.each([
    { burnRates: { "1h": 2.5 }, expected: 2.5 },
    { burnRates: { "1h": null }, expected: null },
    { burnRates: { "1h": "fast" }, expected: null },
    { burnRates: [], expected: null },
    { burnRates: null, expected: null },
    { burnRates: "x", expected: null },
  ])("$burnRates → $expected", ({ burnRates, expected }) => {
    expect(readBurnRate(burnRates, "1h")).toBe(expected);
  });
});
