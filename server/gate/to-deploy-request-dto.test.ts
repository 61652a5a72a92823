import { describe, expect, it } from "vitest";
import type { GateReason } from "@/domain/policy/policy-types.ts";
import type { TDeployRequestRow } from "./gate.repository.ts";
import { asJsonColumn, toJson, type TStoredDecisionFacts } from "./stored-decision.ts";
import { toDeployRequestDto } from "./to-deploy-request-dto.ts";

// The gate answers a new decision from the typed decision (`fresh`) and hands its facts to
// the write uncopied (asJsonColumn); a later read answers from the stored JSON. Both answers
// and both columns must be the same.
const NOW = new Date("2026-03-02T10:00:00.000Z");
const REASONS: GateReason[] = [
  { rule: "dependents-out-of-slo", type: "dependents_out_of_slo", effect: "require_approval", message: "checkout is out of SLO", facts: { service: "checkout", seenAt: NOW, gone: undefined } },
  { rule: "(gate)", type: "unknown_team", effect: "allow", message: 'Not told: team "ghost" is not in the catalog.', facts: { teams: ["ghost"] } },
];
const FACTS: TStoredDecisionFacts = {
  version: 1,
  evaluatedAt: NOW.toISOString(),
  summary: "Pending: approval needed from Payments",
  breakGlass: false,
  notifyTeams: [],
  checks: [{ rule: "dependents-out-of-slo", type: "dependents_out_of_slo", result: "objected", message: "1 dependent out of SLO", facts: { openedAt: NOW, missing: undefined } }],
  approvalsRequired: [],
  facts: { service: { slug: "payments", ownerTeamSlug: "payments" }, ownSlo: null, dependents: [] },
  policy: { source: "default", updatedAt: null, sha256: "abc" },
  involvedServices: [{ id: "s1", slug: "payments", name: "Payments" }],
  requestedVia: { kind: "token", tokenName: "ci" },
};

function row(reasons: TDeployRequestRow["reasons"], decisionFacts: TDeployRequestRow["decisionFacts"]): TDeployRequestRow {
  return {
    id: "r1",
    status: "pending",
    environment: "production",
    version: "1.2.3",
    commit: null,
    requestedBy: "ci",
    ciUrl: null,
    reasons,
    decisionFacts,
    breakGlassReason: null,
    requestHash: "h",
    expiresAt: new Date("2026-03-02T11:00:00.000Z"),
    decidedAt: null,
    createdAt: NOW,
    liveFacts: null,
    reevaluatedAt: null,
    service: { id: "s1", slug: "payments", name: "Payments", ownerTeam: { slug: "payments", name: "Payments" } },
    approvals: [],
  };
}

describe("toDeployRequestDto for a decision just made", () => {
  it("answers from the typed decision exactly as a later read answers from the stored JSON", () => {
    const stored = toDeployRequestDto(row(toJson(REASONS), toJson(FACTS)), "http://plumbline", NOW);
    const fresh = toDeployRequestDto(row(asJsonColumn(REASONS), asJsonColumn(FACTS)), "http://plumbline", NOW, {
      summary: FACTS.summary,
      breakGlass: FACTS.breakGlass,
      reasons: REASONS,
    });
    expect(fresh).toEqual(stored);
    expect(fresh.reasons).toHaveLength(2);
  });

  it("leaves the columns' JSON as toJson made it once the write serializes them", () => {
    expect(JSON.parse(JSON.stringify(asJsonColumn(FACTS)))).toEqual(toJson(FACTS));
    expect(JSON.parse(JSON.stringify(asJsonColumn(REASONS)))).toEqual(toJson(REASONS));
  });

  it("leaves approval reasons, change-event details and outbox payloads as toJson made them (dates as strings, undefined dropped)", () => {
    const approvalReason = { because: [{ rule: "dependents-out-of-slo", serviceSlug: "checkout", message: "checkout is out of SLO", facts: { since: NOW, note: undefined } }] };
    const details = { outcome: "pending", commit: null, ciUrl: undefined, reasons: ["checkout is out of SLO"], at: NOW };
    const payload = { deployRequestId: "r1", team: { slug: "payments", slackChannel: null }, expiresAt: NOW, links: { request: "http://plumbline/deploys/r1" } };
    for (const value of [approvalReason, details, payload]) {
      const column = JSON.parse(JSON.stringify(asJsonColumn(value))) as unknown;
      expect(column).toEqual(toJson(value));
      expect(JSON.stringify(column)).not.toContain("undefined");
    }
    expect(toJson(details)).toEqual({ outcome: "pending", commit: null, reasons: ["checkout is out of SLO"], at: NOW.toISOString() });
  });
});
