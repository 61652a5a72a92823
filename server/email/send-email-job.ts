import type { JobWithMetadata } from "pg-boss";
import type { TJobQueue } from "@/server/jobs/job-queue.ts";
import { claimNotification, findNotificationStatus, markNotificationFailed, markNotificationSent, rescheduleNotification } from "@/server/notifications/notifications.repository.ts";
import { EMAIL_JOB_POLICY, EMAIL_SEND_QUEUE, type TEmailJobData } from "./email-queue.ts";
import { EmailSendError } from "./email-sender.ts";
import { renderNotificationEmail } from "./render-notification-email.ts";
import { resolveSmtpServer } from "./smtp-settings.ts";
import type { TSendEmail } from "./smtp-transport.ts";

export type TEmailJob = JobWithMetadata<TEmailJobData>;
export type TEmailJobOutcome = "sent" | "retrying" | "failed" | "skipped";

/**
 * One pg-boss job of the e-mail outbox: sends its Notification row once and settles both,
 * like the Slack outbox (server/notifications/send-notification-job.ts):
 * - sent: the row is `sent`;
 * - a transient failure (the server is down, 4xx): the row goes back to `pending` with the
 *   error and pg-boss retries the job with its backoff (EMAIL_JOB_POLICY spans hours);
 *   on the last retry the row is `failed` with the error, shown on /notifications;
 * - a permanent one (5xx, refused login, refused destination, no mail server): `failed` at once.
 * The row's claim makes two jobs for one row send it once. SMTP has no idempotency key: a
 * sender that dies after the server accepted and before the row is marked sends it again on
 * retry, with the same Message-ID (at least once, never lost).
 */
export async function sendEmailJob(queue: TJobQueue, send: TSendEmail, job: TEmailJob, options: { baseUrl: string; now?: () => Date }): Promise<TEmailJobOutcome> {
  const now = options.now ?? (() => new Date());
  const { organizationId, notificationId } = job.data;
  const claimedAt = now();
  const row = await claimNotification(organizationId, notificationId, claimedAt, new Date(claimedAt.getTime() + EMAIL_JOB_POLICY.expireInSeconds * 1000), "email");
  if (!row) {
    const current = await findNotificationStatus(organizationId, notificationId);
    if (current?.status === "sending") {
      await queue.fail(EMAIL_SEND_QUEUE, job, { message: "another sender holds this message" });
      return "retrying";
    }
    await queue.complete(EMAIL_SEND_QUEUE, job, { skipped: current?.status ?? "gone" });
    return "skipped";
  }
  try {
    const server = await resolveSmtpServer(organizationId);
    if (!server) throw new EmailSendError("permanent", "no mail server: set SMTP_HOST or the organization's mail server on /settings/email");
    const email = await renderNotificationEmail(row, options.baseUrl, now());
    await send(server, { to: row.target, ...email, messageId: `<${row.id}@plumbline>` });
    await markNotificationSent(organizationId, notificationId, null, now());
    await queue.complete(EMAIL_SEND_QUEUE, job, {});
    return "sent";
  } catch (error) {
    const failure = error instanceof EmailSendError ? error : new EmailSendError("permanent", error instanceof Error ? error.message : String(error));
    if (failure.kind === "permanent" || job.retryCount >= job.retryLimit) {
      await markNotificationFailed(organizationId, notificationId, `${failure.message}${failure.kind === "permanent" ? "" : ` (gave up after ${row.attempts} attempts)`}`);
      await queue.fail(EMAIL_SEND_QUEUE, job, { message: failure.message });
      return "failed";
    }
    await rescheduleNotification(organizationId, notificationId, { at: now(), lastError: failure.message, countAttempt: true });
    await queue.fail(EMAIL_SEND_QUEUE, job, { message: failure.message });
    return "retrying";
  }
}

export { EMAIL_SEND_QUEUE };
