import { describe, expect, it } from "vitest";
import { readApprovalCauses, readDecisionFacts, readDecisionHeadline, readReasons } from "./stored-decision.ts";

// The API answer reads only summary and breakGlass (readDecisionHeadline); it must read them
// exactly as the full lenient read does, for current rows, older rows and broken ones.
const STORED: unknown[] = [
  { version: 1, summary: "Approved: no dependents out of SLO", breakGlass: false, checks: [], facts: { dependents: [{ slug: "a", ownerTeamSlug: null, depth: 1, trafficShare: 0.5, requestRate: 3, slo: null }] } },
  { summary: "Approved by break-glass", breakGlass: true },
  { summary: 42, breakGlass: "yes", facts: "broken" },
  { breakGlass: true },
  {},
  null,
  "not an object",
  [1, 2],
];

describe("readDecisionHeadline", () => {
  it.each(STORED.map((json) => [JSON.stringify(json), json]))("reads %s as readDecisionFacts does", (_label, json) => {
    const full = readDecisionFacts(json);
    expect(readDecisionHeadline(json)).toEqual({ summary: full.summary, breakGlass: full.breakGlass });
  });

  it("keeps a stored summary and break-glass flag", () => {
    expect(readDecisionHeadline({ summary: "Approved by break-glass", breakGlass: true, facts: { dependents: "broken" } })).toEqual({ summary: "Approved by break-glass", breakGlass: true });
  });
});

// The readers' schemas are built once (not per call); they read leniently as before.
describe("readApprovalCauses and readReasons", () => {
  it("keep every member of a stored cause or reason and give nothing for a broken document", () => {
    const cause = { rule: "dependents-healthy", serviceSlug: "checkout", message: "checkout is out of SLO", slo: { status: "breaching" } };
    expect(readApprovalCauses({ because: [cause] })).toEqual([cause]);
    expect(readApprovalCauses({ because: [cause, { ...cause, serviceSlug: "search" }] })).toEqual([cause, { ...cause, serviceSlug: "search" }]);
    expect(readApprovalCauses({ because: [{ rule: "r" }] })).toEqual([]);
    expect(readApprovalCauses(null)).toEqual([]);
    const reason = { rule: "freeze", type: "freeze_window", effect: "deny", message: "frozen", until: "2026-12-27" };
    expect(readReasons([reason, reason])).toEqual([reason, reason]);
    expect(readReasons([{ ...reason, effect: "maybe" }])).toEqual([]);
    expect(readReasons("broken")).toEqual([]);
  });
});
