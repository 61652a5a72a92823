import type { TJobQueue } from "@/server/jobs/job-queue.ts";
import { findPendingEmailNotifications } from "./email.repository.ts";
import { EMAIL_SEND_QUEUE } from "./email-queue.ts";

/**
 * Gives every pending e-mail row its send job. E-mail rows are written with whatever wrote
 * them (a deploy decision, an invitation, the mesh, the digest) without a job, so the
 * gate's hot path needs no job queue; this sweep, run every few seconds by the e-mail
 * worker and once at its start, queues them. A row that has a live job is skipped by
 * pg-boss (singleton key = the row, exclusive policy), so running it often or in several
 * processes at once adds nothing.
 */
export async function enqueuePendingEmails(queue: TJobQueue): Promise<number> {
  let enqueued = 0;
  let after: string | null = null;
  for (;;) {
    const rows = await findPendingEmailNotifications(after, 500);
    for (const row of rows) {
      if (await queue.send(EMAIL_SEND_QUEUE, { organizationId: row.organizationId, notificationId: row.id }, { singletonKey: row.id })) enqueued += 1;
    }
    if (rows.length < 500) return enqueued;
    after = rows[rows.length - 1]?.id ?? null;
  }
}
