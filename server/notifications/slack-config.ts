/**
 * Slack settings from the environment. Slack is "configured" when a bot token is set and
 * either a signing secret (HTTP: Slack posts to /api/slack/events) or an app token
 * (Socket Mode) lets Slack's clicks reach us; without that, notifications stay in the
 * in-app outbox and approvals happen on the web.
 */
export interface TSlackConfig {
  botToken: string;
  signingSecret: string | null;
  /** xapp-…: Socket Mode instead of HTTP. */
  appToken: string | null;
  /** Slack Web API base (tests, enterprise proxies); Slack's own when unset. */
  apiUrl: string | undefined;
  /** The workspace of the default organization; else the one `auth.test` names at start. */
  teamId: string | null;
}

export function readSlackConfig(env: Record<string, string | undefined> = process.env): TSlackConfig | null {
  const botToken = env.SLACK_BOT_TOKEN?.trim();
  const signingSecret = env.SLACK_SIGNING_SECRET?.trim() || null;
  const appToken = env.SLACK_APP_TOKEN?.trim() || null;
  if (!botToken || (!signingSecret && !appToken)) return null;
  const apiUrl = env.SLACK_API_URL?.trim();
  return {
    botToken,
    signingSecret,
    appToken,
    // The WebClient joins method names onto this, so it must end with a slash.
    apiUrl: apiUrl ? (apiUrl.endsWith("/") ? apiUrl : `${apiUrl}/`) : undefined,
    teamId: env.SLACK_TEAM_ID?.trim() || null,
  };
}

export function isSlackConfigured(env: Record<string, string | undefined> = process.env): boolean {
  return readSlackConfig(env) !== null;
}
