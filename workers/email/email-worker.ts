import { timeWorkerCycle } from "@/server/metrics/time-worker-cycle.ts";
import { createEmailQueue, EMAIL_SEND_QUEUE } from "@/server/email/email-queue.ts";
import { enqueuePendingEmails } from "@/server/email/enqueue-pending-emails.ts";
import { sendEmailJob, type TEmailJob } from "@/server/email/send-email-job.ts";
import { createSmtpSend } from "@/server/email/smtp-transport.ts";
import { enqueuePendingNotifications } from "@/server/notifications/notification-jobs.ts";
import { queueDailyDigests } from "@/server/follow/queue-daily-digests.ts";
import { publicBaseUrl } from "@/server/http/public-base-url.ts";
import { runPeriodic } from "@/workers/run-periodic.ts";
import type { TWorkerDefinition } from "@/workers/worker-definition.ts";

/** How often pending e-mail rows are given their send jobs (server/email/enqueue-pending-emails.ts). */
const SWEEP_EVERY_MS = 5_000;
/**
 * The digest job runs hourly; queueDailyDigests keys each digest by member and UTC day, so
 * only the first run of a day queues anything (pg-boss caps a job's expiry below 24 h, so a
 * 24 h period is not possible with runPeriodic).
 */
const DIGEST_EVERY_MS = 3600_000;

/**
 * The e-mail outbox sender: works the `email-send` pg-boss queue, one job per message
 * (server/email/send-email-job.ts), through the organization's mail server or the
 * deployment's. Always on: any organization may configure its own server; a row for an
 * organization without one fails with that reason (shown on /notifications).
 */
export const emailWorker: TWorkerDefinition = {
  name: "email",
  isEnabled: () => true,
  async start(ctx) {
    await createEmailQueue(ctx.queue);
    const send = createSmtpSend();
    const baseUrl = publicBaseUrl(null);
    const caughtUp = await enqueuePendingEmails(ctx.queue);
    if (caughtUp > 0) ctx.log.info({ jobs: caughtUp }, "e-mail outbox: queued jobs for pending messages");
    // Every process sweeps (harmless: one job per row, pg-boss's singleton key), so no periodic slot is needed.
    const sweep = setInterval(() => {
      enqueuePendingEmails(ctx.queue).catch((error: unknown) => ctx.log.warn({ err: error }, "e-mail outbox: sweep failed; trying again"));
    }, SWEEP_EVERY_MS);
    sweep.unref();
    // Once a day across all workers: members' digests of what their followed services went through.
    const digests = await runPeriodic(ctx, {
      name: "daily-digest",
      everyMs: DIGEST_EVERY_MS,
      run: async () => {
        const queued = await queueDailyDigests(new Date(), { enqueueSlack: () => enqueuePendingNotifications(ctx.queue) });
        if (queued > 0) ctx.log.info({ digests: queued }, "daily digests queued");
      },
    });
    const workerId = await ctx.queue.work(EMAIL_SEND_QUEUE, { includeMetadata: true, batchSize: 1, localConcurrency: 2, pollingIntervalSeconds: 1 }, async ([job]: TEmailJob[]) => {
      if (!job) return;
      const outcome = await timeWorkerCycle(
        EMAIL_SEND_QUEUE,
        () => sendEmailJob(ctx.queue, send, job, { baseUrl }),
        (result) => result === "failed" || result === "retrying",
      );
      if (outcome !== "sent" && outcome !== "skipped") ctx.log.info({ notificationId: job.data.notificationId, outcome }, "e-mail outbox");
    });
    return {
      async stop() {
        clearInterval(sweep);
        await digests.stop();
        await ctx.queue.offWork(EMAIL_SEND_QUEUE, { id: workerId });
      },
    };
  },
};
