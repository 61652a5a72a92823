import { webApi } from "@slack/bolt";

// @slack/web-api comes with @slack/bolt (its re-export keeps the two versions in step).
type WebClient = webApi.WebClient;
type WebClientOptions = webApi.WebClientOptions;
import type { TSlackConfig } from "@/server/notifications/slack-config.ts";

/**
 * A WebClient for the outbox and the listeners' direct answers. Its own retries are off
 * and rate-limited calls are rejected (not queued), so the outbox decides when to try
 * again and a Retry-After never blocks a request handler.
 */
export function createSlackWebClient(config: Pick<TSlackConfig, "botToken" | "apiUrl">): WebClient {
  return new webApi.WebClient(config.botToken, slackClientOptions(config));
}

export function slackClientOptions(config: Pick<TSlackConfig, "apiUrl">): WebClientOptions {
  return {
    ...(config.apiUrl ? { slackApiUrl: config.apiUrl } : {}),
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    timeout: 10_000,
  };
}
