import type { App } from "@slack/bolt";
import { registerActions } from "@/integrations/slack/listeners/actions/index.ts";
import { registerCommands } from "@/integrations/slack/listeners/commands/index.ts";
import { registerEvents } from "@/integrations/slack/listeners/events/index.ts";
import { registerShortcuts } from "@/integrations/slack/listeners/shortcuts/index.ts";
import { registerViews } from "@/integrations/slack/listeners/views/index.ts";

/** Every listener, by type; each one acks first and delegates to a server/ use case. */
export function registerListeners(app: App): void {
  registerActions(app);
  registerViews(app);
  registerCommands(app);
  registerShortcuts(app);
  registerEvents(app);
  app.error(async (error) => {
    app.logger.error(`slack: a listener failed: ${error.message}`);
  });
}
