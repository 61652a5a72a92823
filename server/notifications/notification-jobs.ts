import type { Db } from "pg-boss";
import { currentJobQueue, ensureJobQueue, type TJobQueue } from "@/server/jobs/job-queue.ts";
import { GITHUB_CALLBACK_QUEUE } from "@/server/github/github-callback-queue.ts";
import { logger } from "@/server/logger.ts";
import { findPendingSlackNotifications } from "./notifications.repository.ts";
import { NOTIFICATION_SEND_QUEUE, type TNotificationJobData } from "./notification-queue.ts";
import { isSlackConfigured } from "./slack-config.ts";

export interface TNotificationJobs {
  /**
   * One send job per Slack or GitHub row, through `db`: the caller's open transaction, so the job
   * commits (or rolls back) with the rows and the decision that wrote them. In-app rows
   * need no job: /notifications reads them as they are.
   */
  enqueue(db: Db, organizationId: string, rows: readonly { id: string; channel: string }[]): Promise<void>;
}

/**
 * Call before opening the transaction that writes outbox rows: it starts the process's
 * job queue when Slack is configured and none runs yet (a web-only process), so that
 * inside the transaction enqueueing only runs statements on the transaction's own
 * connection (on PGlite, anything else would wait on the connection the transaction holds).
 */
export async function prepareNotificationJobs(): Promise<TNotificationJobs> {
  const starting = currentJobQueue() ?? (isSlackConfigured() ? ensureJobQueue((error) => logger.error({ err: error }, "job queue error")) : null);
  const queue = starting ? await starting : null;
  return {
    async enqueue(db, organizationId, rows) {
      const slack = rows.filter((row) => row.channel === "slack");
      const github = rows.filter((row) => row.channel === "github");
      if (slack.length === 0 && github.length === 0) return;
      if (!queue) throw new Error("Slack and GitHub outbox rows need the job queue, and this process has none (start it before the transaction)");
      for (const row of slack) await sendNotificationJob(queue, { organizationId, notificationId: row.id }, db);
      // GitHub callbacks (server/github/deliver-github-callback.ts): one live job per row, committed with it.
      for (const row of github) await queue.send(GITHUB_CALLBACK_QUEUE, { organizationId, notificationId: row.id }, { singletonKey: row.id, db });
    },
  };
}

function sendNotificationJob(queue: TJobQueue, data: TNotificationJobData, db?: Db) {
  // singletonKey = the row: with the queue's exclusive policy a row never has two live jobs.
  return queue.send(NOTIFICATION_SEND_QUEUE, data, { singletonKey: data.notificationId, ...(db ? { db } : {}) });
}

/**
 * At worker start: a job for every pending Slack row that has none (rows written before
 * the outbox ran on pg-boss). A row that has its job is skipped by pg-boss itself (the
 * singleton key), so running this in several processes at once is harmless.
 */
export async function enqueuePendingNotifications(queue: TJobQueue): Promise<number> {
  let enqueued = 0;
  let after: string | null = null;
  for (;;) {
    const rows = await findPendingSlackNotifications(after, 500);
    for (const row of rows) {
      if (await sendNotificationJob(queue, { organizationId: row.organizationId, notificationId: row.id })) enqueued += 1;
    }
    if (rows.length < 500) return enqueued;
    after = rows[rows.length - 1]?.id ?? null;
  }
}
