import { renderEmail, type TRenderedEmail } from "@/domain/email/render-email.ts";
import { digestMessageFor } from "@/server/follow/digest-message.ts";

/** The digest e-mail, rendered at send time from the follower's feed for the day it covers. */
export async function renderDigestEmail(organizationId: string, userId: string, options: { since: Date; until: Date; baseUrl: string; to: string }): Promise<TRenderedEmail> {
  return renderEmail(await digestMessageFor(organizationId, userId, options), {
    linkFor: (button) => button.url ?? null,
    footer: `Sent to ${options.to} because you chose a daily digest. Change it: ${options.baseUrl}/account/notifications`,
  });
}
