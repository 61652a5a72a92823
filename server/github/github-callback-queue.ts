import type { PgBoss } from "pg-boss";

/** One job per GitHub outbox row (a comment while pending, the review once decided). */
export const GITHUB_CALLBACK_QUEUE = "github-protection-callback";

export interface TGithubCallbackJobData {
  organizationId: string;
  notificationId: string;
}

/**
 * pg-boss owns retries, like the Slack outbox: exponential backoff with jitter from 2 s,
 * capped at 5 min, 10 attempts (GitHub keeps a run waiting for 30 days, so patience costs
 * nothing; giving up leaves the run waiting, which the outbox row then says).
 * `exclusive` with the row id as singletonKey: one live job per callback.
 */
export const GITHUB_CALLBACK_JOB_POLICY = {
  policy: "exclusive",
  retryLimit: 9,
  retryDelay: 2,
  retryBackoff: true,
  retryDelayMax: 300,
  expireInSeconds: 60,
  deleteAfterSeconds: 7 * 24 * 3600,
} as const;

export async function createGithubCallbackQueue(boss: PgBoss): Promise<void> {
  await boss.createQueue(GITHUB_CALLBACK_QUEUE, GITHUB_CALLBACK_JOB_POLICY);
}
