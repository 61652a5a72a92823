import type { BlockAction, Logger } from "@slack/bolt";
import type { webApi } from "@slack/bolt";
import type { TSlackEmailLookup } from "@/server/notifications/resolve-slack-person.ts";

/** users.info gives the email Slack has for a user (scope users:read.email). */
export function emailLookupFor(client: webApi.WebClient): TSlackEmailLookup {
  return async (slackUserId) => {
    const answer = await client.users.info({ user: slackUserId }).catch(() => null);
    return answer?.user?.profile?.email ?? null;
  };
}

/**
 * An answer only the clicker sees. Sent directly, not through the outbox: it answers a
 * click now, and a late copy after a retry would confuse more than a lost one.
 */
export async function tellClicker(client: webApi.WebClient, body: BlockAction, text: string, logger: Logger): Promise<void> {
  const channel = body.channel?.id;
  if (!channel) return;
  await client.chat.postEphemeral({ channel, user: body.user.id, text }).catch((error: unknown) => logger.warn(`slack: could not post an ephemeral answer: ${String(error)}`));
}
