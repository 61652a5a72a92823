import { insertEmailNotifications } from "@/server/email/email.repository.ts";
import { isEmailEnabled } from "@/server/email/smtp-settings.ts";
import { findDigestSubscribers } from "./follow.repository.ts";
import { getFeed } from "./follow.ts";

const DAY_MS = 24 * 3600_000;

/**
 * The daily digest (a periodic job, once a day across all workers): each member who chose a
 * digest by e-mail and whose followed services changed in the last 24 hours gets one outbox
 * row for the day, keyed by member and UTC day, so a rerun the same day adds nothing. Days
 * without changes send nothing. Returns how many digests were queued.
 */
export async function queueDailyDigests(now: Date = new Date()): Promise<number> {
  const since = new Date(now.getTime() - DAY_MS);
  const day = now.toISOString().slice(0, 10);
  let queued = 0;
  for (const subscriber of await findDigestSubscribers()) {
    if (subscriber.digest !== "email" || !(await isEmailEnabled(subscriber.organizationId))) continue;
    const feed = await getFeed(subscriber.organizationId, subscriber.userId, { since, until: now, take: 1 });
    if (feed.entries.length === 0) continue;
    queued += await insertEmailNotifications(subscriber.organizationId, [
      {
        target: subscriber.email,
        kind: "digest",
        dedupeKey: `digest:${subscriber.userId}:${day}`,
        payload: { userId: subscriber.userId, since: since.toISOString(), until: now.toISOString() },
      },
    ]);
  }
  return queued;
}
