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
    const sweep = await runPeriodic(ctx, {
      name: "email-sweep",
      everyMs: SWEEP_EVERY_MS,
      run: async () => {
        await enqueuePendingEmails(ctx.queue);
      },
    });
    // Once a day across all workers: members' digests of what their followed services went through.
    const digests = await runPeriodic(ctx, {
      name: "daily-digest",
      everyMs: 24 * 3600_000,
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
        await sweep.stop();
        await digests.stop();
        await ctx.queue.offWork(EMAIL_SEND_QUEUE, { id: workerId });
      },
    };
  },
};
