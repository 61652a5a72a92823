import { describe, expect, it } from "vitest";
import { BREACHED, deployRequest, dependent, gateFacts, HEALTHY, policy } from "@/domain/policy/testing/gate-test-fixtures.ts";
import { evaluatePolicies } from "@/domain/policy/evaluate-policies.ts";
import { reassessPendingRequest } from "./reassess-pending-request.ts";

const NOW = new Date("2026-12-03T13:00:00Z");
const RULES = policy("rules:\n  - name: dependents\n    type: dependents_out_of_slo\n  - name: own\n    type: own_budget_exhausted\n");
const decide = (facts: Parameters<typeof evaluatePolicies>[1]) => evaluatePolicies(RULES, facts, deployRequest(), NOW);

// Two teams asked: storefront for its web service, checkout for the service's own budget.
const approvals = [
  { approvalId: "a-storefront", teamSlug: "storefront", status: "pending" as const, because: [{ rule: "dependents", serviceSlug: "web" }] },
  { approvalId: "a-checkout", teamSlug: "checkout", status: "pending" as const, because: [{ rule: "own", serviceSlug: "payments" }] },
];

describe("reassessPendingRequest", () => {
  it("clears nothing while every cause still holds", () => {
    const result = reassessPendingRequest(approvals, decide(gateFacts({ dependents: [dependent("web", "storefront", BREACHED)], ownSlo: BREACHED })), true);
    expect(result.clearedApprovalIds).toEqual([]);
    expect(result.isAllCleared).toBe(false);
    expect(result.causes.every((cause) => !cause.cleared)).toBe(true);
  });

  it("clears the approval whose causes recovered, and approves it only when the policy says so", () => {
    const fresh = decide(gateFacts({ dependents: [dependent("web", "storefront", HEALTHY)], ownSlo: BREACHED }));
    const kept = reassessPendingRequest(approvals, fresh, false);
    expect(kept.clearedApprovalIds).toEqual(["a-storefront"]);
    expect(kept.approveApprovalIds).toEqual([]);
    expect(kept.isAllCleared).toBe(false);
    expect(reassessPendingRequest(approvals, fresh, true).approveApprovalIds).toEqual(["a-storefront"]);
  });

  it("is all cleared when nothing holds the deploy any more, a removed rule included", () => {
    const onlyDependents = evaluatePolicies(policy("rules:\n  - name: dependents\n    type: dependents_out_of_slo\n"), gateFacts({ dependents: [dependent("web", "storefront", HEALTHY)], ownSlo: BREACHED }), deployRequest(), NOW);
    const result = reassessPendingRequest(approvals, onlyDependents, true);
    expect(result.isAllCleared).toBe(true);
    expect(result.approveApprovalIds).toEqual(["a-storefront", "a-checkout"]);
  });

  it("leaves decided approvals and approvals with no recorded cause alone", () => {
    const fresh = decide(gateFacts({ ownSlo: HEALTHY }));
    const result = reassessPendingRequest(
      [
        { ...approvals[0]!, status: "approved" },
        { approvalId: "a-old", teamSlug: "sre", status: "pending", because: [] },
      ],
      fresh,
      true,
    );
    expect(result.causes).toEqual([]);
    expect(result.clearedApprovalIds).toEqual([]);
    expect(result.isAllCleared).toBe(false);
  });
});
