import { insertEmailNotifications } from "@/server/email/email.repository.ts";
import { isEmailEnabled } from "@/server/email/smtp-settings.ts";
import { findPersonByEmail } from "@/server/notifications/notifications-slack-people.repository.ts";
import { isSlackConfigured } from "@/server/notifications/slack-config.ts";
import { findDigestSubscribers, insertSlackDigestRow } from "./follow.repository.ts";
import { getFeed } from "./follow.ts";

const DAY_MS = 24 * 3600_000;

/**
 * The daily digest (a periodic job, once a day across all workers): each member who chose a
 * digest and whose followed services changed in the last 24 hours gets one outbox row for
 * the day, by e-mail or as a Slack DM, keyed by member and UTC day, so a rerun the same day
 * adds nothing. Days without changes send nothing. Slack rows get their send jobs from
 * `enqueueSlack` (the Slack outbox's catch-up); e-mail rows from the e-mail sweep.
 * Returns how many digests were queued.
 */
export async function queueDailyDigests(now: Date = new Date(), options: { enqueueSlack?: () => Promise<unknown> } = {}): Promise<number> {
  const since = new Date(now.getTime() - DAY_MS);
  const day = now.toISOString().slice(0, 10);
  const payload = (userId: string) => ({ userId, since: since.toISOString(), until: now.toISOString() });
  let queued = 0;
  let slackQueued = 0;
  for (const subscriber of await findDigestSubscribers()) {
    const { organizationId, userId } = subscriber;
    const byEmail = subscriber.digest === "email" && (await isEmailEnabled(organizationId));
    const bySlack = subscriber.digest === "slack" && isSlackConfigured();
    if (!byEmail && !bySlack) continue;
    const feed = await getFeed(organizationId, userId, { since, until: now, take: 1 });
    if (feed.entries.length === 0) continue;
    const dedupeKey = `digest:${userId}:${day}`;
    if (byEmail) {
      queued += await insertEmailNotifications(organizationId, [{ target: subscriber.email, kind: "digest", dedupeKey, payload: payload(userId) }]);
      continue;
    }
    const person = await findPersonByEmail(organizationId, subscriber.email);
    if (person && (await insertSlackDigestRow(organizationId, { personId: person.id, payload: { ...payload(userId), personId: person.id }, dedupeKey }))) {
      queued += 1;
      slackQueued += 1;
    }
  }
  if (slackQueued > 0) await options.enqueueSlack?.();
  return queued;
}
