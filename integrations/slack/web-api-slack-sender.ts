import { webApi } from "@slack/bolt";
import { SlackSendError, type TSlackSender } from "@/server/notifications/slack-sender.ts";

/** Marks Plumbline's messages so a restarted sender can find what it already posted. */
const METADATA_EVENT = "plumbline_notification";

/** Slack errors that another try can fix (beyond 429 and 5xx, which the client reports separately). */
const TRANSIENT_PLATFORM_ERRORS = new Set(["internal_error", "fatal_error", "service_unavailable", "request_timeout", "ratelimited"]);

/** The outbox's TSlackSender over the real WebClient; maps Slack's failures to retry decisions. */
export function webApiSlackSender(client: webApi.WebClient): TSlackSender {
  return {
    async postMessage({ channel, text, blocks, notificationId }) {
      const answer = await call(() =>
        client.chat.postMessage({
          channel,
          text,
          blocks,
          unfurl_links: false,
          metadata: { event_type: METADATA_EVENT, event_payload: { notification_id: notificationId } },
        }),
      );
      if (!answer.channel || !answer.ts) throw new SlackSendError("transient", "chat.postMessage answered without channel and ts");
      return { channel: answer.channel, ts: answer.ts };
    },
    async updateMessage({ channel, ts, text, blocks }) {
      await call(() => client.chat.update({ channel, ts, text, blocks }));
    },
    async lookupUserIdByEmail(email) {
      try {
        const answer = await client.users.lookupByEmail({ email });
        return answer.user?.id ?? null;
      } catch (error) {
        const failure = toSendError(error);
        if (failure.kind === "permanent") return null; // users_not_found: nobody in Slack has it
        throw failure;
      }
    },
    async openDirectMessage(slackUserId) {
      const answer = await call(() => client.conversations.open({ users: slackUserId }));
      if (!answer.channel?.id) throw new SlackSendError("transient", "conversations.open answered without a channel");
      return answer.channel.id;
    },
    async findPostedMessage({ channel, notificationId }) {
      // conversations.history only takes channel ids: a channel configured by name ("#checkout")
      // cannot be searched, so there the narrow crash window stays at-least-once (README, Slack).
      if (!/^[CGD][A-Z0-9]{2,}$/.test(channel)) return null;
      let answer: Awaited<ReturnType<typeof client.conversations.history>>;
      try {
        answer = await client.conversations.history({ channel, limit: 50, include_all_metadata: true });
      } catch (error) {
        const failure = toSendError(error);
        // Slack refused the search (no channels:history scope, not in the channel): post
        // rather than fail; only a 429, 5xx or network error makes the row wait.
        if (failure.kind === "permanent") return null;
        throw failure;
      }
      const found = answer.messages?.find((message) => {
        const metadata = message.metadata as { event_type?: string; event_payload?: { notification_id?: unknown } } | undefined;
        return metadata?.event_type === METADATA_EVENT && metadata.event_payload?.notification_id === notificationId;
      });
      return found?.ts ? { channel, ts: found.ts } : null;
    },
  };
}

async function call<T>(send: () => Promise<T>): Promise<T> {
  try {
    return await send();
  } catch (error) {
    throw toSendError(error);
  }
}

export function toSendError(error: unknown): SlackSendError {
  const coded = error as { code?: string; retryAfter?: number; statusCode?: number; data?: { error?: string }; message?: string };
  switch (coded.code) {
    case webApi.ErrorCode.RateLimitedError:
      return new SlackSendError("rate_limited", `Slack rate limit (Retry-After ${coded.retryAfter ?? "?"} s)`, (coded.retryAfter ?? 1) * 1000);
    case webApi.ErrorCode.HTTPError: {
      const status = coded.statusCode ?? 0;
      return new SlackSendError(status >= 500 || status === 408 ? "transient" : "permanent", `Slack answered HTTP ${status}`);
    }
    case webApi.ErrorCode.RequestError:
      return new SlackSendError("transient", `could not reach Slack: ${coded.message ?? "request error"}`);
    case webApi.ErrorCode.PlatformError: {
      const slackError = coded.data?.error ?? "unknown_error";
      return new SlackSendError(TRANSIENT_PLATFORM_ERRORS.has(slackError) ? "transient" : "permanent", `Slack refused: ${slackError}`);
    }
    default:
      return new SlackSendError("transient", coded.message ?? String(error));
  }
}
