import { describe, expect, it } from "vitest";
import { evaluateSlo } from "./evaluate-slo.ts";
import { isOutOfSlo, presentSloEvaluation, presentSloStatus, SLO_STATUS_WORDS } from "./slo-status-vocabulary.ts";

const NOW = new Date("2026-03-02T10:00:00.000Z");
const definition = { kind: "availability" as const, objective: 99.9, windowDays: 28, minRequests: 100 };
const steady = (badRatio: number, sloBad: number) => {
  const window = (total: number, ratio: number) => ({ good: total - total * ratio, total });
  return {
    windows: {
      "5m": window(10_000, badRatio),
      "30m": window(60_000, badRatio),
      "1h": window(120_000, badRatio),
      "2h": window(240_000, badRatio),
      "6h": window(720_000, badRatio),
      "1d": window(2_880_000, badRatio),
      "3d": window(8_640_000, badRatio),
      slo: { good: 10_000_000 - sloBad, total: 10_000_000 },
    },
    measuredAt: NOW,
    staleReason: null,
  };
};

describe("the status vocabulary", () => {
  it.each([
    ["healthy", "Healthy", "healthy", "ok", false],
    ["at_risk", "At risk", "at risk", "warn", false],
    ["breached", "Breached", "breached", "bad", true],
    ["no_data", "No data", "no data", "unknown", false],
  ] as const)("%s reads %s / %s, tone %s, out of SLO %s", (status, label, word, tone, out) => {
    expect(presentSloStatus(status)).toMatchObject({ status, label, word, tone });
    expect(isOutOfSlo(status)).toBe(out);
  });

  it("has one label and one tone per status (no two statuses look alike)", () => {
    const presentations = SLO_STATUS_WORDS.map(presentSloStatus);
    expect(new Set(presentations.map((p) => p.label)).size).toBe(4);
    expect(new Set(presentations.map((p) => p.tone)).size).toBe(4);
  });

  it.each([
    ["a quiet service", steady(0.00005, 1_000), "healthy", false],
    ["a ticket-level burn", steady(0.004, 3_000), "at_risk", false],
    // A page alert with budget left is at risk, never "out of SLO" beside it.
    ["a page-level burn with budget left", steady(0.02, 3_000), "at_risk", false],
    ["an exhausted budget", steady(0.00005, 10_500), "breached", true],
  ] as const)("maps an evaluation of %s to %s (out of SLO: %s)", (_name, telemetry, status, out) => {
    const evaluation = evaluateSlo(definition, telemetry, NOW, 300_000);
    const presented = presentSloEvaluation(evaluation);
    expect(presented.status).toBe(status);
    expect(presented.isOutOfSlo).toBe(out);
  });

  it("stale telemetry is no data, not healthy, and not out of SLO", () => {
    const stale = evaluateSlo(definition, { ...steady(0, 0), measuredAt: new Date(NOW.getTime() - 3_600_000) }, NOW, 300_000);
    expect(presentSloEvaluation(stale)).toMatchObject({ status: "no_data", label: "No data", isOutOfSlo: false });
  });
});
