import { fromPrisma } from "pg-boss";
import { getPrisma } from "@/server/db/client.ts";
import type { TNotificationJobs } from "./notification-jobs.ts";

/**
 * A learning's post in the outbox: the row and its send job in one transaction (no row
 * without its job). The dedupe key makes a second publish of the same learning add nothing.
 */
export async function insertLearningNotification(organizationId: string, row: { target: string; dedupeKey: string; payload: { incidentId: string } }, jobs: TNotificationJobs): Promise<boolean> {
  return getPrisma().$transaction(async (tx) => {
    const inserted = await tx.notification.createManyAndReturn({
      data: [{ organizationId, deployRequestId: null, channel: "slack", target: row.target, kind: "learning_published", payload: row.payload, dedupeKey: row.dedupeKey }],
      skipDuplicates: true,
      select: { id: true, channel: true },
    });
    await jobs.enqueue(fromPrisma(tx), organizationId, inserted);
    return inserted.length > 0;
  });
}

/** The organization's own learnings channel (Organization.learningsSlackChannel), if it set one. */
export async function findOrganizationLearningsChannel(organizationId: string): Promise<string | null> {
  const row = await getPrisma().organization.findUnique({ where: { id: organizationId }, select: { learningsSlackChannel: true } });
  return row?.learningsSlackChannel?.trim() || null;
}
