import type { GateDecision } from "@/domain/policy/policy-types.ts";

export interface TPendingApprovalCauses {
  approvalId: string;
  teamSlug: string;
  status: "pending" | "approved" | "rejected" | "expired";
  because: readonly { rule: string; serviceSlug: string }[];
}

export interface TCauseState {
  approvalId: string;
  teamSlug: string;
  rule: string;
  serviceSlug: string;
  cleared: boolean;
}

export interface TReassessment {
  causes: TCauseState[];
  /** Pending approvals whose every cause cleared. */
  clearedApprovalIds: string[];
  /** Every pending approval's every cause cleared: nothing holds the request any more. */
  isAllCleared: boolean;
  /** What the gate approves itself: the cleared approvals when the policy says approveWhenCleared, else none. */
  approveApprovalIds: string[];
}

/**
 * A pending request against a fresh evaluation (current facts, current policy). A cause
 * (rule, service) has cleared when the fresh decision no longer holds the deploy for it:
 * no reason of that rule about that service asks for approval or denies. A rule that was
 * removed, disabled, scoped away or made notify-only has cleared too. New causes do not
 * join a request already asked: the people deciding see the live facts.
 */
export function reassessPendingRequest(approvals: readonly TPendingApprovalCauses[], fresh: GateDecision, approveWhenCleared: boolean): TReassessment {
  const holding = new Set(
    fresh.reasons.filter((reason) => reason.effect === "require_approval" || reason.effect === "deny").map((reason) => key(reason.rule, String(reason.facts.service ?? ""))),
  );
  const causes: TCauseState[] = [];
  const clearedApprovalIds: string[] = [];
  const pending = approvals.filter((approval) => approval.status === "pending");
  for (const approval of pending) {
    const states = approval.because.map((cause) => ({
      approvalId: approval.approvalId,
      teamSlug: approval.teamSlug,
      rule: cause.rule,
      serviceSlug: cause.serviceSlug,
      cleared: !holding.has(key(cause.rule, cause.serviceSlug)),
    }));
    causes.push(...states);
    // An approval asked for no recorded cause (an old row) is never cleared: a person decides.
    if (states.length > 0 && states.every((state) => state.cleared)) clearedApprovalIds.push(approval.approvalId);
  }
  const isAllCleared = pending.length > 0 && clearedApprovalIds.length === pending.length;
  return { causes, clearedApprovalIds, isAllCleared, approveApprovalIds: approveWhenCleared ? clearedApprovalIds : [] };
}

function key(rule: string, service: string): string {
  return `${rule}\u0000${service}`;
}
