import type { PgBoss } from "pg-boss";

/** The e-mail outbox's pg-boss queue: one job per Notification row with channel "email". */
export const EMAIL_SEND_QUEUE = "email-send";

export interface TEmailJobData {
  organizationId: string;
  notificationId: string;
}

/**
 * Like the Slack outbox (server/notifications/notification-queue.ts): exclusive per row,
 * pg-boss retries with exponential backoff and jitter. A mail server can be down for
 * longer than Slack usually is, so the retries span hours (24 attempts, the delay capped at
 * 30 minutes) before a message is given up and shown as failed on /notifications.
 */
export const EMAIL_JOB_POLICY = {
  policy: "exclusive",
  retryLimit: 24,
  retryDelay: 5,
  retryBackoff: true,
  retryDelayMax: 1800,
  expireInSeconds: 120,
  deleteAfterSeconds: 7 * 24 * 3600,
} as const;

export async function createEmailQueue(boss: PgBoss): Promise<void> {
  await boss.createQueue(EMAIL_SEND_QUEUE, EMAIL_JOB_POLICY);
}
