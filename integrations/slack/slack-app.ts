import { App, LogLevel, SocketModeReceiver } from "@slack/bolt";
import { withNormalStatements } from "@/server/db/statement-priority.ts";
import { readSlackConfig, type TSlackConfig } from "@/server/notifications/slack-config.ts";
import { NextRouteReceiver } from "./next-route-receiver.ts";
import { registerListeners } from "./register-listeners.ts";
import { slackClientOptions } from "./slack-web-client.ts";

interface THttpSlack {
  app: App;
  receiver: NextRouteReceiver;
}

// One App per process, on globalThis: Next's route bundles and the server script load
// this module separately, and a new App per request would re-run auth.test every time.
const holder = globalThis as unknown as { plumblineSlackHttp?: THttpSlack | null };

/**
 * The Bolt App that serves /api/slack/events, or null when Slack is not configured for
 * HTTP (no bot token or signing secret; with SLACK_APP_TOKEN, Socket Mode serves instead).
 */
export function getHttpSlackApp(): THttpSlack | null {
  if (holder.plumblineSlackHttp !== undefined) return holder.plumblineSlackHttp;
  const config = readSlackConfig();
  if (!config?.signingSecret || config.appToken) {
    holder.plumblineSlackHttp = null;
    return null;
  }
  const receiver = new NextRouteReceiver(config.signingSecret);
  const app = new App({ token: config.botToken, receiver, clientOptions: slackClientOptions(config), logLevel: LogLevel.WARN });
  registerListeners(app);
  holder.plumblineSlackHttp = { app, receiver };
  return holder.plumblineSlackHttp;
}

/**
 * Socket Mode (SLACK_APP_TOKEN, xapp-…): Slack's events come over a WebSocket the app
 * opens, so no public URL is needed. Same listeners as HTTP. Tested against a fake Socket
 * Mode endpoint (integrations/slack/testing/fake-socket-mode-server.ts), not Slack's.
 */
export function createSocketModeApp(config: TSlackConfig & { appToken: string }): App {
  // installerOptions.clientOptions is how Bolt hands WebClient options (SLACK_API_URL) to
  // the Socket Mode client for apps.connections.open.
  const receiver = new SocketModeReceiver({
    appToken: config.appToken,
    logLevel: LogLevel.WARN,
    ...(config.apiUrl ? { installerOptions: { clientOptions: { slackApiUrl: config.apiUrl } } } : {}),
  });
  const app = new App({ token: config.botToken, receiver, clientOptions: slackClientOptions(config), logLevel: LogLevel.WARN });
  // The socket is opened by a worker, so every event it delivers would inherit the workers'
  // background priority on the embedded database (behind every page's reads, up to 250 ms a
  // statement); a click or a command is a person waiting, as it is at /api/slack/events.
  app.use(async ({ next }) => {
    await withNormalStatements(next);
  });
  registerListeners(app);
  return app;
}
