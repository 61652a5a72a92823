import { getPrisma } from "@/server/db/client.ts";
import type { Prisma } from "@/server/db/generated/client.ts";
import { fromPrisma, type Db } from "pg-boss";

// The outbox (Notification rows). The only file that touches Prisma for notifications.
// Org-scoped except findPendingSlackNotifications, the catch-up's cross-tenant scan: each
// row it finds carries its organizationId and its job is then handled org-scoped.

export interface TClaimedNotification {
  id: string;
  organizationId: string;
  deployRequestId: string | null;
  channel: string;
  target: string;
  kind: string;
  payload: Prisma.JsonValue;
  attempts: number;
  dedupeKey: string;
  externalRef: string | null;
  /** It was already `sending` when claimed: an earlier sender died mid-send, so the message may already be in Slack. */
  wasInFlight: boolean;
}

/**
 * Claims one Slack row for the job that sends it: `pending`, or `sending` with its claim
 * run out (the sender died; pg-boss retried its job). pg-boss already gives one job per
 * row to one worker; the conditional claim (SKIP LOCKED, and nextAttemptAt as the claim's
 * end) is the row's own guard, so even two jobs for one row could not both send it.
 * Each claim counts an attempt. Null when the row is not claimable (sent, failed, gone,
 * or held by a live sender).
 */
export async function claimNotification(organizationId: string, id: string, now: Date, claimUntil: Date, channel: "slack" | "email" = "slack"): Promise<TClaimedNotification | null> {
  const rows = await getPrisma().$queryRaw<(Omit<TClaimedNotification, "wasInFlight"> & { previousStatus: string })[]>`
    WITH target AS (
      SELECT "id", "status"::text AS "previousStatus" FROM "Notification"
      WHERE "id" = ${id} AND "organizationId" = ${organizationId} AND "channel" = ${channel}
        AND ("status" = 'pending' OR ("status" = 'sending' AND "nextAttemptAt" <= ${now}))
      FOR UPDATE SKIP LOCKED
    )
    UPDATE "Notification" AS n
    SET "status" = 'sending', "attempts" = n."attempts" + 1, "nextAttemptAt" = ${claimUntil}
    FROM target WHERE n."id" = target."id"
    RETURNING n."id", n."organizationId", n."deployRequestId", n."channel", n."target", n."kind", n."payload", n."attempts", n."dedupeKey", n."externalRef", target."previousStatus"`;
  return rows.map(({ previousStatus, ...row }) => ({ ...row, wasInFlight: previousStatus === "sending" }))[0] ?? null;
}

export async function findNotificationStatus(organizationId: string, id: string): Promise<{ status: string; nextAttemptAt: Date } | null> {
  return getPrisma().notification.findFirst({ where: { organizationId, id }, select: { status: true, nextAttemptAt: true } });
}

/** `db` runs pg-boss statements inside the caller's Prisma transaction (pg-boss's Prisma adapter). */
export type TJobStatements = (db: Db) => Promise<unknown>;

export async function markNotificationSent(organizationId: string, id: string, externalRef: string | null, at: Date): Promise<void> {
  await getPrisma().notification.updateMany({
    where: { organizationId, id },
    data: { status: "sent", sentAt: at, lastError: null, ...(externalRef !== null ? { externalRef } : {}) },
  });
}

/**
 * Back to `pending`, to be tried `at` (shown on /notifications). `countAttempt: false`
 * undoes the claim's count (waiting is not failing). `andJobs` runs in the same
 * transaction, so the row and its job (e.g. the current one completed and its successor
 * queued for `at`) change together or not at all.
 */
export async function rescheduleNotification(
  organizationId: string,
  id: string,
  input: { at: Date; lastError: string | null; countAttempt: boolean },
  andJobs?: TJobStatements,
): Promise<void> {
  await getPrisma().$transaction(async (tx) => {
    await tx.notification.updateMany({
      where: { organizationId, id },
      data: { status: "pending", nextAttemptAt: input.at, lastError: input.lastError, ...(input.countAttempt ? {} : { attempts: { decrement: 1 } }) },
    });
    await andJobs?.(fromPrisma(tx));
  });
}

export async function markNotificationFailed(organizationId: string, id: string, lastError: string): Promise<void> {
  await getPrisma().notification.updateMany({ where: { organizationId, id }, data: { status: "failed", lastError } });
}

/**
 * Pending Slack rows, across organizations, in id order from `afterId`: the catch-up at
 * worker start gives each a job (rows written before the outbox ran on pg-boss).
 */
export async function findPendingSlackNotifications(afterId: string | null, limit: number): Promise<{ id: string; organizationId: string }[]> {
  return getPrisma().notification.findMany({
    where: { channel: "slack", status: { in: ["pending", "sending"] }, ...(afterId ? { id: { gt: afterId } } : {}) },
    select: { id: true, organizationId: true },
    orderBy: { id: "asc" },
    take: limit,
  });
}

export async function findNotificationByDedupeKey(
  organizationId: string,
  dedupeKey: string,
): Promise<{ id: string; channel: string; status: string; externalRef: string | null } | null> {
  return getPrisma().notification.findUnique({
    where: { organizationId_dedupeKey: { organizationId, dedupeKey } },
    select: { id: true, channel: true, status: true, externalRef: true },
  });
}

export interface TNotificationListRow {
  id: string;
  deployRequestId: string | null;
  channel: string;
  target: string;
  kind: string;
  payload: Prisma.JsonValue;
  status: string;
  attempts: number;
  lastError: string | null;
  externalRef: string | null;
  createdAt: Date;
  sentAt: Date | null;
}

/** Newest first; `before` (a row's creation time and id) continues after that row. */
export async function listNotifications(organizationId: string, limit: number, kind?: string, before?: { createdAt: Date; id: string }): Promise<TNotificationListRow[]> {
  return getPrisma().notification.findMany({
    where: {
      organizationId,
      ...(kind ? { kind } : {}),
      ...(before ? { OR: [{ createdAt: { lt: before.createdAt } }, { createdAt: before.createdAt, id: { lt: before.id } }] } : {}),
    },
    select: { id: true, deployRequestId: true, channel: true, target: true, kind: true, payload: true, status: true, attempts: true, lastError: true, externalRef: true, createdAt: true, sentAt: true },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit,
  });
}

/** The requesting service's owner team and its channel: who hears the outcome. */
export async function findServiceOwnerChannel(organizationId: string, serviceId: string): Promise<{ teamSlug: string; slackChannel: string | null } | null> {
  const service = await getPrisma().service.findFirst({
    where: { organizationId, id: serviceId },
    select: { ownerTeam: { select: { slug: true, slackChannel: true } } },
  });
  return service?.ownerTeam ? { teamSlug: service.ownerTeam.slug, slackChannel: service.ownerTeam.slackChannel } : null;
}

/** A request's approval messages in Slack (to channels and by DM) that may still be updated with chat.update. */
export interface TApprovalMessagesSent {
  /** Slack messages (channel posts and DMs) that asked for an approval: each is updated with the outcome. */
  slack: { approvalId: string; dedupeKey: string }[];
  /** Approval e-mails sent (or being sent): a pending one is rendered when sent and already shows the outcome. */
  email: { approvalId: string; personId: string; target: string }[];
}

/** What asked for this deploy request's approvals so far, in Slack and by e-mail (one read for both). */
export async function findApprovalMessagesSent(organizationId: string, deployRequestId: string): Promise<TApprovalMessagesSent> {
  const rows = await getPrisma().notification.findMany({
    where: { organizationId, deployRequestId, kind: { in: ["approval_request", "approval_dm", "approval_email"] }, status: { not: "failed" } },
    select: { payload: true, dedupeKey: true, channel: true, status: true, target: true },
    orderBy: { createdAt: "asc" },
  });
  const sent: TApprovalMessagesSent = { slack: [], email: [] };
  for (const row of rows) {
    const payload = row.payload as { approvalId?: unknown; personId?: unknown } | null;
    if (typeof payload?.approvalId !== "string") continue;
    if (row.channel === "slack") sent.slack.push({ approvalId: payload.approvalId, dedupeKey: row.dedupeKey });
    else if (row.channel === "email" && row.status !== "pending" && typeof payload.personId === "string") {
      sent.email.push({ approvalId: payload.approvalId, personId: payload.personId, target: row.target });
    }
  }
  return sent;
}

/** Of these teams, the ones that want approval requests by DM too, with who may decide for them (owners, else members). */
export async function findDmTeamDeciders(organizationId: string, teamSlugs: readonly string[]): Promise<Map<string, { personId: string }[]>> {
  const byTeam = new Map<string, { personId: string }[]>();
  if (teamSlugs.length === 0) return byTeam;
  const teams = await getPrisma().team.findMany({
    where: { organizationId, slug: { in: [...teamSlugs] }, slackDmApprovers: true },
    select: { slug: true, memberships: { select: { personId: true, role: true }, orderBy: { personId: "asc" } } },
  });
  for (const team of teams) {
    const owners = team.memberships.filter((membership) => membership.role === "owner");
    byTeam.set(team.slug, (owners.length > 0 ? owners : team.memberships).map((membership) => ({ personId: membership.personId })));
  }
  return byTeam;
}

export async function findPersonForDm(organizationId: string, personId: string): Promise<{ id: string; email: string; slackUserId: string | null } | null> {
  return getPrisma().person.findFirst({ where: { organizationId, id: personId }, select: { id: true, email: true, slackUserId: true } });
}
