/** The action ids of the approval message's buttons and the reject modal (integrations/slack listens for them). */
export const APPROVE_ACTION_ID = "plumbline_approve";
export const REJECT_ACTION_ID = "plumbline_reject";
export const REJECT_VIEW_CALLBACK_ID = "plumbline_reject_reason";
export const REJECT_REASON_BLOCK_ID = "reason";
export const REJECT_REASON_ACTION_ID = "reason_input";

/** What a button carries: which approval it decides. The organization comes from the payload's team id, never from here. */
export interface TApprovalActionValue {
  deployRequestId: string;
  teamSlug: string;
}

export function encodeApprovalActionValue(value: TApprovalActionValue): string {
  return JSON.stringify({ d: value.deployRequestId, t: value.teamSlug });
}

/** null when the value is not one of ours (a forged or stale payload). */
export function decodeApprovalActionValue(raw: string): TApprovalActionValue | null {
  try {
    const parsed: unknown = JSON.parse(raw);
    if (typeof parsed !== "object" || parsed === null) return null;
    const { d, t } = parsed as { d?: unknown; t?: unknown };
    if (typeof d !== "string" || typeof t !== "string" || d.length === 0 || d.length > 64 || t.length === 0 || t.length > 200) return null;
    return { deployRequestId: d, teamSlug: t };
  } catch {
    return null;
  }
}
