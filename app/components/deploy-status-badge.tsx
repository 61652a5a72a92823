import type { TApprovalStatus, TDeployRequestStatus } from "@/domain/gate/deploy-status.ts";

const LABELS: Record<TDeployRequestStatus, string> = {
  pending: "Pending",
  approved: "Approved",
  rejected: "Rejected",
  expired: "Expired",
  cancelled: "Cancelled",
  deployed: "Deployed",
  failed: "Failed",
};

/** A deploy request's status; colour carries the meaning (green go, amber waiting, red stop, grey over). */
export function DeployStatusBadge({ status }: { status: TDeployRequestStatus }) {
  return (
    <span className={`badge deploy-status deploy-status-${status}`} data-status={status}>
      <span className="dot" aria-hidden="true" />
      {LABELS[status]}
    </span>
  );
}

const APPROVAL_LABELS: Record<TApprovalStatus, string> = { pending: "waiting", approved: "approved", rejected: "rejected", expired: "expired" };

/** One team's approval, compact: "Checkout · waiting". */
export function ApprovalChip({ teamName, status, decidedBy }: { teamName: string; status: TApprovalStatus; decidedBy?: string | undefined }) {
  return (
    <span className={`deploy-approval-chip deploy-approval-${status}`} title={decidedBy ? `${APPROVAL_LABELS[status]} by ${decidedBy}` : undefined}>
      {teamName} · {APPROVAL_LABELS[status]}
    </span>
  );
}
