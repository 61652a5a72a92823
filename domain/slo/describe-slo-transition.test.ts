import { describe, expect, it } from "vitest";
import { describeSloTransition, sloTransitionDedupeKey } from "./describe-slo-transition.ts";

describe("describeSloTransition", () => {
  it.each([
    ["healthy", "at_risk", 0.82, "checkout: SLO availability healthy → at risk (budget 82% left)"],
    ["at_risk", "breached", -0.12, "checkout: SLO availability at risk → breached (112% of the budget spent)"],
    ["breached", "breached", 0, "checkout: SLO availability breached → breached (100% of the budget spent)"],
    ["healthy", "no_data", null, "checkout: SLO availability healthy → no data"],
  ] as const)("%s → %s", (from, to, budgetRemaining, title) => {
    expect(describeSloTransition({ serviceSlug: "checkout", sloName: "availability", from, to, budgetRemaining })).toBe(title);
  });

  it("keys a transition by SLO, minute and new status", () => {
    expect(sloTransitionDedupeKey("slo-1", new Date("2026-03-02T10:04:00Z"), "breached")).toBe("slo:slo-1:2026-03-02T10:04:00.000Z:breached");
  });
});
