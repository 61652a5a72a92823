import type { PgBoss } from "pg-boss";

/** The Slack outbox's pg-boss queue: one job per Notification row sent to Slack. */
export const NOTIFICATION_SEND_QUEUE = "notification-send";

export interface TNotificationJobData {
  organizationId: string;
  notificationId: string;
}

/**
 * pg-boss owns retries: a failed attempt (5xx, network) is retried up to `retryLimit`
 * times with exponential backoff and jitter from `retryDelay`, capped at `retryDelayMax`
 * (8 attempts over four to eight minutes, as the outbox allowed before). `exclusive` with
 * the notification id as singletonKey: at most one queued, retrying or running job per
 * message, so a second enqueue (the catch-up at start, a repeated write) adds nothing and
 * two workers can never hold the same message. `expireInSeconds` bounds a sender that
 * died mid-send: its job is retried after that, and the row's claim (nextAttemptAt) runs
 * out at the same time.
 */
export const NOTIFICATION_JOB_POLICY = {
  policy: "exclusive",
  retryLimit: 7,
  retryDelay: 2,
  retryBackoff: true,
  retryDelayMax: 300,
  expireInSeconds: 60,
  deleteAfterSeconds: 7 * 24 * 3600,
} as const;

export async function createNotificationQueue(boss: PgBoss): Promise<void> {
  await boss.createQueue(NOTIFICATION_SEND_QUEUE, NOTIFICATION_JOB_POLICY);
}
