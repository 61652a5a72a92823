import { timeWorkerCycle } from "@/server/metrics/time-worker-cycle.ts";
import { publicBaseUrl } from "@/server/http/public-base-url.ts";
import { linkDefaultOrganizationToSlack } from "@/server/notifications/link-default-organization.ts";
import { enqueuePendingNotifications } from "@/server/notifications/notification-jobs.ts";
import { NOTIFICATION_SEND_QUEUE } from "@/server/notifications/notification-queue.ts";
import { sendNotificationJob, type TNotificationJob } from "@/server/notifications/send-notification-job.ts";
import { readSlackConfig } from "@/server/notifications/slack-config.ts";
import type { TWorkerDefinition } from "@/workers/worker-definition.ts";

/**
 * The Slack outbox sender: works the `notification-send` pg-boss queue, one job per
 * message (server/notifications/send-notification-job.ts). pg-boss hands each job to one
 * worker in one process, retries with backoff and expires a dead sender's job. Off when
 * Slack is not configured: notifications stay in-app (/notifications).
 */
export const notificationsWorker: TWorkerDefinition = {
  name: "notifications",
  isEnabled: () => readSlackConfig() !== null,
  async start(ctx) {
    const config = readSlackConfig();
    if (!config) throw new Error("Slack is not configured");
    // Loaded here, not at the top: without Slack this worker never starts, and Bolt stays unloaded.
    const [{ createSlackWebClient }, { webApiSlackSender }] = await Promise.all([
      import("@/integrations/slack/slack-web-client.ts"),
      import("@/integrations/slack/web-api-slack-sender.ts"),
    ]);
    const client = createSlackWebClient(config);
    // Until it works once (Slack unreachable at start), every job tries again: clicks from
    // an unlinked workspace are refused, so this must not wait for the next restart.
    let linked = false;
    const link = () =>
      linkDefaultOrganizationToSlack(config, async () => (await client.auth.test()).team_id, (line) => ctx.log.info(line))
        .then(() => {
          linked = true;
        })
        .catch((error: unknown) => ctx.log.warn({ err: error }, "slack: could not link the default organization to its workspace; trying again"));
    await link();
    const sender = webApiSlackSender(client);
    const baseUrl = publicBaseUrl(null);
    const caughtUp = await enqueuePendingNotifications(ctx.queue);
    if (caughtUp > 0) ctx.log.info({ jobs: caughtUp }, "slack outbox: queued jobs for pending messages that had none");
    const workerId = await ctx.queue.work(
      NOTIFICATION_SEND_QUEUE,
      { includeMetadata: true, batchSize: 1, localConcurrency: 4, pollingIntervalSeconds: 1 },
      async ([job]: TNotificationJob[]) => {
        if (!job) return;
        if (!linked) await link();
        const outcome = await timeWorkerCycle(
          NOTIFICATION_SEND_QUEUE,
          () => sendNotificationJob(ctx.queue, sender, job, { baseUrl }),
          (result) => result === "failed" || result === "retrying",
        );
        if (outcome !== "sent" && outcome !== "skipped") ctx.log.info({ notificationId: job.data.notificationId, outcome }, "slack outbox");
      },
    );
    return {
      async stop() {
        await ctx.queue.offWork(NOTIFICATION_SEND_QUEUE, { id: workerId });
      },
    };
  },
};
