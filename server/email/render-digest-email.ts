import { renderEmail, type TRenderedEmail } from "@/domain/email/render-email.ts";
import { buildDigestMessage } from "@/domain/notifications/build-digest-message.ts";
import { getFeed } from "@/server/follow/follow.ts";
import { findOrganizationName } from "./email.repository.ts";

/** The digest e-mail, rendered at send time from the follower's feed for the day it covers. */
export async function renderDigestEmail(organizationId: string, userId: string, options: { since: Date; until: Date; baseUrl: string; to: string }): Promise<TRenderedEmail> {
  const feed = await getFeed(organizationId, userId, { since: options.since, until: options.until, take: 500 });
  const message = buildDigestMessage({
    baseUrl: options.baseUrl,
    organizationName: (await findOrganizationName(organizationId)) ?? "Plumbline",
    day: options.until.toISOString().slice(0, 10),
    entries: feed.entries.map((entry) => ({ ...entry, occurredAt: new Date(entry.occurredAt) })),
  });
  return renderEmail(message, {
    linkFor: (button) => button.url ?? null,
    footer: `Sent to ${options.to} because you chose a daily digest. Change it: ${options.baseUrl}/account/notifications`,
  });
}
