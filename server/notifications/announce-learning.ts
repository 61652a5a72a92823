import { getLearningsChannelSetting } from "@/server/integrations/learnings-channel.ts";
import { prepareNotificationJobs } from "./notification-jobs.ts";
import { insertLearningNotification } from "./notifications-learnings.repository.ts";

/** The outbox row's dedupe key: one post per incident's learning, however often it is re-published. */
export function learningNotificationKey(incidentId: string): string {
  return `learning:${incidentId}`;
}

/**
 * A learning was published for the first time: post it to the learnings channel (the
 * organization's own, chosen on Settings → Integrations, else SLACK_LEARNINGS_CHANNEL) through the outbox, which renders it from the database at send
 * time and retries as for every Slack message. Nothing when Slack or the channel is not
 * configured: the learning is on /learnings either way. Answers whether a post was queued.
 */
export async function announceLearning(organizationId: string, incidentId: string): Promise<boolean> {
  const channel = (await getLearningsChannelSetting(organizationId)).effective;
  if (!channel) return false;
  const jobs = await prepareNotificationJobs();
  return insertLearningNotification(organizationId, { target: channel, dedupeKey: learningNotificationKey(incidentId), payload: { incidentId } }, jobs);
}
