import { getConfig } from "@/server/config/get-config.ts";
import type { TConfig } from "@/server/config/parse-config.ts";

/**
 * Slack settings from the environment (read and validated in server/config). Slack is "configured" when a bot token is set and
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

export function readSlackConfig(slack: TConfig["slack"] = getConfig().slack): TSlackConfig | null {
  const { botToken, signingSecret, appToken, apiUrl } = slack;
  if (!botToken || (!signingSecret && !appToken)) return null;
  return {
    botToken,
    signingSecret,
    appToken,
    // The WebClient joins method names onto this, so it must end with a slash.
    apiUrl: apiUrl ? (apiUrl.endsWith("/") ? apiUrl : `${apiUrl}/`) : undefined,
    teamId: slack.teamId,
  };
}

export function isSlackConfigured(slack: TConfig["slack"] = getConfig().slack): boolean {
  return readSlackConfig(slack) !== null;
}
