import { createSlackWebClient } from "@/integrations/slack/slack-web-client.ts";
import { webApiSlackSender } from "@/integrations/slack/web-api-slack-sender.ts";
import { sendDueNotifications } from "@/server/notifications/send-due-notifications.ts";
import { publicBaseUrl } from "@/server/http/public-base-url.ts";
import { linkDefaultOrganizationToSlack } from "@/server/notifications/link-default-organization.ts";
import { readSlackConfig } from "@/server/notifications/slack-config.ts";
import { runPeriodic } from "@/workers/run-periodic.ts";
import type { TWorkerDefinition } from "@/workers/worker-definition.ts";

/**
 * The Slack outbox sender: every second (one process per tick, through pg-boss), sends
 * what is due in the Notification table (server/notifications/send-due-notifications.ts).
 * Claims are SKIP LOCKED with a lease, so overlapping ticks and processes never send a row
 * twice. Off when Slack is not configured: notifications stay in-app (/notifications).
 */
export const notificationsWorker: TWorkerDefinition = {
  name: "notifications",
  isEnabled: () => readSlackConfig() !== null,
  async start(ctx) {
    const config = readSlackConfig();
    if (!config) throw new Error("Slack is not configured");
    const client = createSlackWebClient(config);
    // Until it works once (Slack unreachable at start), every tick tries again: clicks from
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
    return runPeriodic(ctx, {
      name: "notifications-send",
      everyMs: 1_000,
      async run({ log }) {
        if (!linked) await link();
        const result = await sendDueNotifications(sender, { baseUrl });
        if (result.sent + result.retried + result.failed > 0) log.info(result, "slack outbox pass");
      },
    });
  },
};
