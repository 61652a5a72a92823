/**
 * The life of a deploy request, as pure rules. The server applies them inside a
 * transaction with conditional updates (`WHERE status = <expected>`), so two
 * processes racing on the same request cannot both move it.
 *
 *   pending ──every team approved──▶ approved ──CI succeeded──▶ deployed
 *      │  ──one team rejected─────▶ rejected           └─CI failed──▶ failed
 *      │  ──expiresAt passed──────▶ expired
 *      └──cancel (also from approved)──▶ cancelled
 */
export const DEPLOY_REQUEST_STATUSES = ["pending", "approved", "rejected", "expired", "cancelled", "deployed", "failed"] as const;
export type TDeployRequestStatus = (typeof DEPLOY_REQUEST_STATUSES)[number];

export const APPROVAL_STATUSES = ["pending", "approved", "rejected", "expired"] as const;
export type TApprovalStatus = (typeof APPROVAL_STATUSES)[number];

export const DEPLOY_EVENT_TYPES = ["started", "succeeded", "failed"] as const;
export type TDeployEventType = (typeof DEPLOY_EVENT_TYPES)[number];

/** Statuses in which CI may deploy: the gate said yes (and the outcome may be reported again). */
const DEPLOYABLE: readonly TDeployRequestStatus[] = ["approved", "deployed", "failed"];

/** A request the gate has not allowed cannot be deployed, whatever CI reports. */
export type TTransition =
  | { kind: "change"; from: TDeployRequestStatus; to: TDeployRequestStatus }
  | { kind: "unchanged"; status: TDeployRequestStatus }
  | { kind: "conflict"; message: string };

/**
 * What a CI outcome report does. `started` records history only; `succeeded` and
 * `failed` set the outcome (a later report wins, so a retried pipeline can turn
 * `failed` into `deployed`). Reports on a request that was never allowed conflict.
 */
export function transitionForDeployEvent(status: TDeployRequestStatus, type: TDeployEventType): TTransition {
  if (!DEPLOYABLE.includes(status)) {
    return {
      kind: "conflict",
      message: `This deploy request is ${status}, not approved: it must not be deployed, so its outcome cannot be reported.`,
    };
  }
  if (type === "started") return { kind: "unchanged", status };
  const to: TDeployRequestStatus = type === "succeeded" ? "deployed" : "failed";
  return to === status ? { kind: "unchanged", status } : { kind: "change", from: status, to };
}

/** Cancel withdraws a request that has not been deployed: pending or approved. */
export function transitionForCancel(status: TDeployRequestStatus): TTransition {
  if (status === "cancelled") return { kind: "unchanged", status };
  if (status === "pending" || status === "approved") return { kind: "change", from: status, to: "cancelled" };
  return { kind: "conflict", message: `This deploy request is already ${status}; only pending or approved requests can be cancelled.` };
}

/**
 * The request's status once its approvals read `approvals`: rejected at the first
 * reject, approved when every asked team approved, otherwise still pending.
 */
export function statusFromApprovals(approvals: readonly TApprovalStatus[]): "pending" | "approved" | "rejected" {
  if (approvals.some((status) => status === "rejected")) return "rejected";
  if (approvals.length > 0 && approvals.every((status) => status === "approved")) return "approved";
  return "pending";
}

/** A pending request whose expiry has passed is expired, even before the worker has written it. */
export function effectiveStatus(status: TDeployRequestStatus, expiresAt: Date | null, now: Date): TDeployRequestStatus {
  return status === "pending" && expiresAt !== null && expiresAt.getTime() <= now.getTime() ? "expired" : status;
}

/** Statuses after which nothing but a CI outcome report (for approved) can happen. */
export function isSettled(status: TDeployRequestStatus): boolean {
  return status !== "pending";
}

/** The one word CI and Argo Rollouts branch on: the gate said yes, no, or not yet. */
export type TGateDecision = "approved" | "rejected" | "pending";

/** approved, deployed and failed: the gate said yes (the outcome came later); rejected, expired and cancelled: no. */
export function gateDecisionOf(status: TDeployRequestStatus): TGateDecision {
  if (status === "pending") return "pending";
  return DEPLOYABLE.includes(status) ? "approved" : "rejected";
}
