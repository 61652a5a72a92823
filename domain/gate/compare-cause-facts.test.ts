import { describe, expect, it } from "vitest";
import { BREACHED, dependent, gateFacts, HEALTHY, STALE } from "@/domain/policy/testing/gate-test-fixtures.ts";
import { compareCause, materialKey, snapshotFromCauseFacts } from "./compare-cause-facts.ts";

// checkout was breached and sent an unmeasured share when CI asked (the story).
const requestedFacts = { dependent: "checkout", status: "breached", isOutOfSlo: true, budgetRemaining: -0.12, burnRate1h: 14.8, stale: false, trafficShare: null, requestRate: null };
const cause = { rule: "dependents", serviceSlug: "checkout", facts: requestedFacts };

describe("compareCause", () => {
  it("marks a dependent that recovered since the request, with every fact that moved", () => {
    const now = gateFacts({ dependents: [dependent("checkout", "checkout", HEALTHY, { trafficShare: 0.7, requestRate: 21 })] });
    const result = compareCause(cause, { facts: now, cleared: true });
    expect(result.verdict).toBe("recovered");
    expect(result.note).toBe("recovered since the request");
    expect(result.changed).toEqual(["status", "budget", "burn", "traffic"]);
    expect(result.now).toMatchObject({ status: "healthy", trafficShare: 0.7, requestRate: 21 });
    expect(result.requested).toMatchObject({ status: "breached", trafficShare: null });
  });

  it("does not mention drift below the thresholds", () => {
    const now = gateFacts({ dependents: [dependent("checkout", "checkout", { ...BREACHED, budgetRemaining: -0.125, burnRate1h: 15 }, { trafficShare: null, requestRate: null })] });
    const result = compareCause(cause, { facts: now, cleared: false });
    expect(result).toMatchObject({ verdict: "unchanged", changed: [], note: "as at the request" });
  });

  it("calls a healthy cause that went bad worse, and stale data is not a recovery", () => {
    const healthyThen = { ...cause, facts: { ...requestedFacts, status: "healthy", isOutOfSlo: false, budgetRemaining: 0.6, burnRate1h: 0.4 } };
    expect(compareCause(healthyThen, { facts: gateFacts({ dependents: [dependent("checkout", "checkout", BREACHED)] }), cleared: false }).verdict).toBe("worse");
    expect(compareCause(cause, { facts: gateFacts({ dependents: [dependent("checkout", "checkout", STALE)] }), cleared: false }).verdict).not.toBe("recovered");
  });

  it("reads the deployed service's own SLO, and says when a caller no longer calls", () => {
    const own = { rule: "own", serviceSlug: "payments", facts: { status: "breached", isOutOfSlo: true, budgetRemaining: -0.1, burnRate1h: 3, stale: false } };
    expect(compareCause(own, { facts: gateFacts({ ownSlo: HEALTHY }), cleared: true }).verdict).toBe("recovered");
    expect(compareCause(cause, { facts: gateFacts(), cleared: true }).note).toBe("no longer calls the service: cause cleared");
  });

  it("has no SLO facts to compare for a freeze window", () => {
    expect(snapshotFromCauseFacts({ timezone: "UTC", activeWindows: [] })).toBeNull();
    expect(compareCause({ rule: "freeze", serviceSlug: "payments", facts: { timezone: "UTC" } }, { facts: gateFacts(), cleared: true })).toMatchObject({ requested: null, now: null, note: "cause cleared" });
  });
});

describe("materialKey", () => {
  it("changes with a cleared cause or an SLO state, not with budget drift", () => {
    const base = { rule: "dependents", serviceSlug: "checkout", cleared: false, now: snapshotFromCauseFacts(requestedFacts) };
    const drift = { ...base, now: { ...base.now!, budgetRemaining: -0.2, burnRate1h: 20 } };
    expect(materialKey([drift])).toBe(materialKey([base]));
    expect(materialKey([{ ...base, cleared: true }])).not.toBe(materialKey([base]));
    expect(materialKey([{ ...base, now: { ...base.now!, status: "healthy", isOutOfSlo: false } }])).not.toBe(materialKey([base]));
  });
});
