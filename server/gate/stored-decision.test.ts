import { describe, expect, it } from "vitest";
import { readDecisionFacts, readDecisionHeadline } from "./stored-decision.ts";

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
