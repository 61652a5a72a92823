export type TApprovalMessageStatus = "pending" | "approved" | "rejected" | "expired";

/** Everything an approval message shows, read from the deploy request and its approval (server/notifications maps rows to this). */
export interface TApprovalMessageInput {
  baseUrl: string;
  request: {
    id: string;
    serviceSlug: string;
    serviceName: string;
    environment: string;
    version: string;
    commit: string | null;
    requestedBy: string | null;
    ciUrl: string | null;
    /** The deploy request's status: pending, approved, rejected, expired, cancelled, deployed, failed. */
    status: string;
    expiresAt: Date | null;
  };
  team: { slug: string; name: string };
  /** Why this team is asked: one entry per rule finding (the dependent's SLO, budget, burn, traffic share). */
  because: {
    serviceSlug: string;
    message: string;
    facts: Record<string, unknown>;
    /** The gate's latest re-evaluation of this cause (absent before the first one): the facts now, which differ, and a verdict. */
    live?: {
      now: { status: string | null; isOutOfSlo: boolean; stale: boolean; budgetRemaining: number | null; burnRate1h: number | null; trafficShare: number | null } | null;
      changed: readonly ("status" | "budget" | "burn" | "traffic")[];
      cleared: boolean;
      note: string;
    };
  }[];
  approval: {
    status: TApprovalMessageStatus;
    decidedBy: string | null;
    decidedAt: Date | null;
    channel: string | null;
    comment: string | null;
  };
}
