import { readSlackConfig } from "@/server/notifications/slack-config.ts";
import type { TWorkerDefinition } from "@/workers/worker-definition.ts";

/**
 * With SLACK_APP_TOKEN, Slack's clicks and commands arrive over Socket Mode in a worker
 * process instead of at /api/slack/events. Every process with workers opens a socket;
 * Slack sends each event to one of them.
 */
export const slackSocketModeWorker: TWorkerDefinition = {
  name: "slack-socket-mode",
  isEnabled: () => Boolean(readSlackConfig()?.appToken),
  async start(ctx) {
    const config = readSlackConfig();
    if (!config?.appToken) throw new Error("SLACK_APP_TOKEN is not set");
    // Loaded here, not at the top: without Socket Mode this worker never starts, and Bolt stays unloaded.
    const { createSocketModeApp } = await import("@/integrations/slack/slack-app.ts");
    const app = createSocketModeApp({ ...config, appToken: config.appToken });
    await app.start();
    ctx.log.info("slack: Socket Mode connected");
    return { stop: () => app.stop().then(() => undefined) };
  },
};
