import type { TSlackMessage } from "@/domain/notifications/block-kit.ts";
import { buildDigestMessage } from "@/domain/notifications/build-digest-message.ts";
import { findOrganizationName } from "@/server/email/email.repository.ts";
import { getFeed } from "./follow.ts";

/** The digest of one member's day, as a message (sent by e-mail or as a Slack DM), from their feed as it is at send time. */
export async function digestMessageFor(organizationId: string, userId: string, options: { since: Date; until: Date; baseUrl: string }): Promise<TSlackMessage> {
  const feed = await getFeed(organizationId, userId, { since: options.since, until: options.until, take: 500 });
  return buildDigestMessage({
    baseUrl: options.baseUrl,
    organizationName: (await findOrganizationName(organizationId)) ?? "Plumbline",
    day: options.until.toISOString().slice(0, 10),
    entries: feed.entries.map((entry) => ({ ...entry, occurredAt: new Date(entry.occurredAt) })),
  });
}
