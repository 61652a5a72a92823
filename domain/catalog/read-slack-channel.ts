import { CATALOG_ANNOTATION } from "./catalog-annotations.ts";

/** Plumbline's own annotation wins; `slack.com/channel` is what Backstage's Slack plugins already use. */
export function readSlackChannel(annotations: Record<string, string>): string | null {
  const channel = annotations[CATALOG_ANNOTATION.slackChannel] || annotations[CATALOG_ANNOTATION.slackChannelCommunity];
  return channel === undefined || channel === "" ? null : channel;
}
