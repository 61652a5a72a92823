import type { TBlock } from "@/domain/notifications/block-kit.ts";

/** What the outbox needs from Slack (integrations/slack/web-api-slack-sender.ts implements it with the real WebClient). */
export interface TSlackSender {
  postMessage(input: { channel: string; text: string; blocks: TBlock[]; notificationId: string }): Promise<{ channel: string; ts: string }>;
  updateMessage(input: { channel: string; ts: string; text: string; blocks: TBlock[] }): Promise<void>;
  /**
   * A message this notification already posted (found by the metadata postMessage
   * attaches), for a sender that died between Slack's answer and recording it.
   */
  findPostedMessage(input: { channel: string; notificationId: string }): Promise<{ channel: string; ts: string } | null>;
  /** users.lookupByEmail: the Slack user with this email, or null. */
  lookupUserIdByEmail(email: string): Promise<string | null>;
  /** conversations.open: the DM channel with a user. */
  openDirectMessage(slackUserId: string): Promise<string>;
}

/** Why a send failed, as the outbox needs to know it: when (and whether) to try again. */
export class SlackSendError extends Error {
  constructor(
    readonly kind: "rate_limited" | "transient" | "permanent",
    message: string,
    readonly retryAfterMs: number | null = null,
  ) {
    super(message);
    this.name = "SlackSendError";
  }
}
