import { getPrisma } from "@/server/db/client.ts";
import { prepareNotificationJobs } from "@/server/notifications/notification-jobs.ts";
import type { TApprovalStatus, TDeployRequestStatus } from "@/domain/gate/deploy-status.ts";
import { fromPrisma } from "pg-boss";
import { DEPLOY_REQUESTS_CHANNEL, type TChangeEventWrite, type TNotificationWrite } from "./gate.repository.ts";
import type { TJsonDocument } from "./stored-decision.ts";

// Re-evaluating pending deploy requests. Scoped by organizationId, except
// findOrganizationIdsWithPendingRequests: the SLO cycle's scan for orgs with work.

/** Organizations with a pending request not yet past its expiry (the cross-tenant scan of the SLO cycle). */
export async function findOrganizationIdsWithPendingRequests(now: Date): Promise<string[]> {
  const rows = await getPrisma().deployRequest.findMany({
    where: { status: "pending", OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] },
    select: { organizationId: true },
    distinct: ["organizationId"],
  });
  return rows.map((row) => row.organizationId);
}

/** The ids of an organization's pending requests not yet past their expiry, oldest first, at most `limit`. */
export async function findPendingRequestIds(organizationId: string, now: Date, limit: number): Promise<string[]> {
  const rows = await getPrisma().deployRequest.findMany({
    where: { organizationId, status: "pending", OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] },
    select: { id: true },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    take: limit,
  });
  return rows.map((row) => row.id);
}

/** A re-evaluation that changed nothing anyone is told about: only its live facts are stored. */
export interface TQuietReevaluation {
  deployRequestId: string;
  liveFacts: TJsonDocument;
}

/**
 * Stores the live facts of re-evaluations that approve nothing and changed nothing material,
 * nearly all of them in a cycle, in one statement. Each row is written only while still
 * pending; a person deciding at the same moment either commits first (the row is left alone)
 * or after (the facts were of a pending request). No lock is needed for that, unlike
 * recordReevaluation, which approves. Answers how many rows were written.
 */
export async function recordQuietReevaluations(organizationId: string, at: Date, reevaluations: readonly TQuietReevaluation[]): Promise<number> {
  if (reevaluations.length === 0) return 0;
  const rows = reevaluations.map(({ deployRequestId, liveFacts }) => ({ id: deployRequestId, liveFacts }));
  return getPrisma().$executeRaw`
    UPDATE "DeployRequest" AS d
    SET "liveFacts" = r."liveFacts", "reevaluatedAt" = ${at}, "updatedAt" = now()
    FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS r("id" text, "liveFacts" jsonb)
    WHERE d."id" = r."id" AND d."organizationId" = ${organizationId} AND d."status" = 'pending'`;
}

export type TReevaluationResult = { kind: "recorded"; requestStatus: "pending" | "approved" | "rejected"; approved: number } | { kind: "not-pending"; status: TDeployRequestStatus };

/**
 * Stores one re-evaluation in one transaction: the request row is locked (FOR UPDATE, as a
 * person's decision does), so the gate and a person deciding at the same moment are
 * serialised; nothing is written unless the request is still pending. The live facts are
 * stored; the approvals the gate approves move from pending only (a person's decision
 * made first stands); the request settles by the same rule as a person's decision.
 */
export async function recordReevaluation(
  organizationId: string,
  input: {
    deployRequestId: string;
    at: Date;
    liveFacts: TJsonDocument;
    approve: { approvalIds: string[]; comment: string };
    settle: (approvals: TApprovalStatus[]) => "pending" | "approved" | "rejected";
    events: (approvedIds: string[], requestStatus: "pending" | "approved" | "rejected") => TChangeEventWrite[];
    notifications: (approvedIds: string[], requestStatus: "pending" | "approved" | "rejected") => TNotificationWrite[];
    notifyPayload: string;
  },
): Promise<TReevaluationResult> {
  const jobs = await prepareNotificationJobs();
  return getPrisma().$transaction(async (tx) => {
    const locked = await tx.$queryRaw<{ status: TDeployRequestStatus }[]>`
      SELECT "status"::text AS "status" FROM "DeployRequest"
      WHERE "id" = ${input.deployRequestId} AND "organizationId" = ${organizationId}
      FOR UPDATE`;
    const current = locked[0]?.status;
    if (current === undefined) throw new Error(`deploy request ${input.deployRequestId} vanished during a re-evaluation`);
    if (current !== "pending") return { kind: "not-pending", status: current };

    await tx.deployRequest.updateMany({ where: { organizationId, id: input.deployRequestId }, data: { liveFacts: input.liveFacts, reevaluatedAt: input.at } });
    const approvedIds: string[] = [];
    for (const approvalId of input.approve.approvalIds) {
      const updated = await tx.approval.updateMany({
        where: { organizationId, id: approvalId, deployRequestId: input.deployRequestId, status: "pending" },
        data: { status: "approved", decidedById: null, decidedAt: input.at, channel: "gate", comment: input.approve.comment },
      });
      if (updated.count > 0) approvedIds.push(approvalId);
    }
    let requestStatus: "pending" | "approved" | "rejected" = "pending";
    if (approvedIds.length > 0) {
      const approvals = await tx.approval.findMany({ where: { organizationId, deployRequestId: input.deployRequestId }, select: { status: true } });
      requestStatus = input.settle(approvals.map((approval) => approval.status));
      if (requestStatus !== "pending") {
        await tx.deployRequest.updateMany({ where: { organizationId, id: input.deployRequestId, status: "pending" }, data: { status: requestStatus, decidedAt: input.at } });
      }
    }
    const events = input.events(approvedIds, requestStatus);
    if (events.length > 0) {
      await tx.changeEvent.createMany({ data: events.map((event) => ({ organizationId, deployRequestId: input.deployRequestId, ...event })), skipDuplicates: true });
    }
    const notifications = input.notifications(approvedIds, requestStatus);
    if (notifications.length > 0) {
      const inserted = await tx.notification.createManyAndReturn({
        data: notifications.map((row) => ({ organizationId, deployRequestId: input.deployRequestId, ...row })),
        skipDuplicates: true,
        select: { id: true, channel: true },
      });
      await jobs.enqueue(fromPrisma(tx), organizationId, inserted);
    }
    // Waiters in other processes (CI long-polls) hear a decision at once; live facts alone change nothing they wait for.
    if (approvedIds.length > 0) await tx.$executeRaw`SELECT pg_notify(${DEPLOY_REQUESTS_CHANNEL}, ${input.notifyPayload})`;
    return { kind: "recorded", requestStatus, approved: approvedIds.length };
  });
}
