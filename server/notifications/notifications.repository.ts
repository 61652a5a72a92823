import { getPrisma } from "@/server/db/client.ts";
import type { Prisma } from "@/server/db/generated/client.ts";

// The outbox (Notification rows). The only file that touches Prisma for notifications.
// Org-scoped except claimDueNotifications, the sender's cross-tenant scan: each claimed
// row carries its organizationId and is then handled org-scoped.

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
 * Claims up to `limit` due rows of `channel` for this sender: `pending` rows whose time
 * has come, and `sending` rows whose lease ran out (their sender died). FOR UPDATE SKIP
 * LOCKED means concurrent senders (other processes, or this one overlapping) never claim
 * the same row; the lease (nextAttemptAt) keeps a claimed row away from others until it
 * is settled. Each claim counts an attempt.
 */
export async function claimDueNotifications(channel: string, now: Date, leaseUntil: Date, limit: number): Promise<TClaimedNotification[]> {
  const rows = await getPrisma().$queryRaw<(Omit<TClaimedNotification, "wasInFlight"> & { previousStatus: string })[]>`
    WITH due AS (
      SELECT "id", "status"::text AS "previousStatus" FROM "Notification"
      WHERE "channel" = ${channel} AND "status" IN ('pending', 'sending') AND "nextAttemptAt" <= ${now}
      ORDER BY "nextAttemptAt" ASC, "createdAt" ASC
      LIMIT ${limit}
      FOR UPDATE SKIP LOCKED
    )
    UPDATE "Notification" AS n
    SET "status" = 'sending', "attempts" = n."attempts" + 1, "nextAttemptAt" = ${leaseUntil}
    FROM due WHERE n."id" = due."id"
    RETURNING n."id", n."organizationId", n."deployRequestId", n."channel", n."target", n."kind", n."payload", n."attempts", n."dedupeKey", n."externalRef", due."previousStatus"`;
  return rows.map(({ previousStatus, ...row }) => ({ ...row, wasInFlight: previousStatus === "sending" }));
}

export async function markNotificationSent(organizationId: string, id: string, externalRef: string | null, at: Date): Promise<void> {
  await getPrisma().notification.updateMany({
    where: { organizationId, id },
    data: { status: "sent", sentAt: at, lastError: null, ...(externalRef !== null ? { externalRef } : {}) },
  });
}

/** Back to `pending` at `at`. `countAttempt: false` undoes the claim's count (waiting is not failing). */
export async function rescheduleNotification(organizationId: string, id: string, input: { at: Date; lastError: string | null; countAttempt: boolean }): Promise<void> {
  await getPrisma().notification.updateMany({
    where: { organizationId, id },
    data: { status: "pending", nextAttemptAt: input.at, lastError: input.lastError, ...(input.countAttempt ? {} : { attempts: { decrement: 1 } }) },
  });
}

export async function markNotificationFailed(organizationId: string, id: string, lastError: string): Promise<void> {
  await getPrisma().notification.updateMany({ where: { organizationId, id }, data: { status: "failed", lastError } });
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

export interface TNotificationInsert {
  id: string;
  deployRequestId: string | null;
  channel: string;
  target: string;
  kind: string;
  payload: Prisma.InputJsonValue;
  dedupeKey: string;
}

/** Idempotent through dedupeKey: inserting the same notification twice adds it once. */
export async function insertNotifications(organizationId: string, rows: readonly TNotificationInsert[]): Promise<void> {
  if (rows.length === 0) return;
  await getPrisma().notification.createMany({ data: rows.map((row) => ({ organizationId, ...row })), skipDuplicates: true });
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

export async function listNotifications(organizationId: string, limit: number): Promise<TNotificationListRow[]> {
  return getPrisma().notification.findMany({
    where: { organizationId },
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
export async function findSlackApprovalMessages(organizationId: string, deployRequestId: string): Promise<{ approvalId: string; dedupeKey: string }[]> {
  const rows = await getPrisma().notification.findMany({
    where: { organizationId, deployRequestId, kind: { in: ["approval_request", "approval_dm"] }, channel: "slack", status: { not: "failed" } },
    select: { payload: true, dedupeKey: true },
  });
  return rows.flatMap((row) => {
    const payload = row.payload as { approvalId?: unknown } | null;
    return typeof payload?.approvalId === "string" ? [{ approvalId: payload.approvalId, dedupeKey: row.dedupeKey }] : [];
  });
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
