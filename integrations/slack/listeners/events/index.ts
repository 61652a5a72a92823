import type { App } from "@slack/bolt";

/** Events API: only the app's own life cycle matters to Plumbline (messages go out through the outbox). */
export function registerEvents(app: App): void {
  app.event("app_uninstalled", async ({ body, logger }) => {
    logger.warn(`slack: the app was uninstalled from workspace ${body.team_id}; Slack notifications to it will fail until it is reinstalled`);
  });
  app.event("tokens_revoked", async ({ body, logger }) => {
    logger.warn(`slack: tokens were revoked in workspace ${body.team_id}`);
  });
}
