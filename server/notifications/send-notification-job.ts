import { z } from "zod";
import type { JobWithMetadata } from "pg-boss";
import { findDeployRequestRow } from "@/server/gate/gate.repository.ts";
import { digestMessageFor } from "@/server/follow/digest-message.ts";
import type { TJobQueue } from "@/server/jobs/job-queue.ts";
import { announcementMessageFor, approvalMessageFor, noticeMessageFor, outcomeMessageFor } from "./deploy-messages.ts";
import { learningMessageFor } from "./learning-messages.ts";
import { setPersonSlackUserId } from "./notifications-slack-people.repository.ts";
import {
  claimNotification,
  findPersonForDm,
  findNotificationByDedupeKey,
  findNotificationStatus,
  markNotificationFailed,
  markNotificationSent,
  rescheduleNotification,
  type TClaimedNotification,
} from "./notifications.repository.ts";
import { NOTIFICATION_JOB_POLICY, NOTIFICATION_SEND_QUEUE, type TNotificationJobData } from "./notification-queue.ts";
import { SlackSendError, type TSlackSender } from "./slack-sender.ts";

export interface TNotificationJobOptions {
  baseUrl: string;
  /** The sender's clock (tests inject pg-boss's TestClock time). */
  now?: () => Date;
}

/** What one job did with its message. Every outcome has settled the job in pg-boss. */
export type TNotificationJobOutcome = "sent" | "rescheduled" | "retrying" | "failed" | "skipped";

export type TNotificationJob = JobWithMetadata<TNotificationJobData>;

const ZApprovalPayload = z.looseObject({ approvalId: z.string() });
const ZUpdatePayload = z.looseObject({ approvalId: z.string(), original: z.string().optional() });
const ZDmPayload = z.looseObject({ personId: z.string() });
const ZNoticePayload = z.looseObject({ team: z.looseObject({ slug: z.string(), name: z.string() }) });
const ZDigestDmPayload = z.looseObject({ userId: z.string(), personId: z.string(), since: z.string(), until: z.string() });
const ZLearningPayload = z.looseObject({ incidentId: z.string() });

/** `${channelId}:${ts}`: where the message is, for chat.update. */
export const toExternalRef = (posted: { channel: string; ts: string }) => `${posted.channel}:${posted.ts}`;

function fromExternalRef(ref: string | null): { channel: string; ts: string } | null {
  if (!ref) return null;
  const at = ref.lastIndexOf(":");
  return at > 0 ? { channel: ref.slice(0, at), ts: ref.slice(at + 1) } : null;
}

/**
 * One pg-boss job of the Slack outbox: sends its Notification row once and settles both.
 * - sent: the row records where the message is (`externalRef`, for chat.update);
 * - 429: the row waits (not a failed attempt) and the job is replaced, in one transaction,
 *   by one that starts when Slack's Retry-After says (pg-boss `startAfter`); the same for
 *   an update whose original message is not posted yet;
 * - 5xx or network: the row goes back to `pending` with the error and pg-boss retries the
 *   job with its backoff; on the queue's last retry the row is `failed` with the error;
 * - an error retrying cannot fix: the row is `failed` at once.
 * A job that finds its row sent, failed or gone posts nothing (a repeated job), and one
 * whose last sender died mid-send first asks Slack whether the message is there already.
 * Message content is rendered from the database at send time, so a late message shows
 * the latest state.
 */
export async function sendNotificationJob(queue: TJobQueue, sender: TSlackSender, job: TNotificationJob, options: TNotificationJobOptions): Promise<TNotificationJobOutcome> {
  const now = options.now ?? (() => new Date());
  const { organizationId, notificationId } = job.data;
  const claimedAt = now();
  const row = await claimNotification(organizationId, notificationId, claimedAt, new Date(claimedAt.getTime() + NOTIFICATION_JOB_POLICY.expireInSeconds * 1000));
  if (!row) {
    const current = await findNotificationStatus(organizationId, notificationId);
    if (current?.status === "sending") {
      // Another sender holds the row: try again after pg-boss's backoff, by when its claim has ended.
      await queue.fail(NOTIFICATION_SEND_QUEUE, job, { message: "another sender holds this message" });
      return "retrying";
    }
    await queue.complete(NOTIFICATION_SEND_QUEUE, job, { skipped: current?.status ?? "gone" });
    return "skipped";
  }
  try {
    const done = await deliver(sender, row, options.baseUrl, now());
    if (done.kind === "wait") return await replaceJob(queue, job, row, new Date(now().getTime() + done.ms), done.why);
    await markNotificationSent(organizationId, notificationId, done.externalRef, now());
    await queue.complete(NOTIFICATION_SEND_QUEUE, job, { externalRef: done.externalRef });
    return "sent";
  } catch (error) {
    const failure = error instanceof SlackSendError ? error : new SlackSendError("permanent", error instanceof Error ? error.message : String(error));
    // Slack said when: wait exactly that (a rate limit is not a failed attempt).
    if (failure.kind === "rate_limited") return await replaceJob(queue, job, row, new Date(now().getTime() + (failure.retryAfterMs ?? 1000)), failure.message);
    if (failure.kind === "permanent" || job.retryCount >= job.retryLimit) {
      await markNotificationFailed(organizationId, notificationId, `${failure.message}${failure.kind === "permanent" ? "" : ` (gave up after ${row.attempts} attempts)`}`);
      await queue.fail(NOTIFICATION_SEND_QUEUE, job, { message: failure.message });
      return "failed";
    }
    await rescheduleNotification(organizationId, notificationId, { at: now(), lastError: failure.message, countAttempt: true });
    // pg-boss picks the time of the next attempt (retryDelay, retryBackoff). Should this
    // process die before the fail lands, the job expires and is retried all the same.
    await queue.fail(NOTIFICATION_SEND_QUEUE, job, { message: failure.message });
    return "retrying";
  }
}

/** The row waits until `at`; the job is completed and its successor starts at `at`, atomically with the row. */
async function replaceJob(queue: TJobQueue, job: TNotificationJob, row: TClaimedNotification, at: Date, why: string): Promise<"rescheduled"> {
  await rescheduleNotification(row.organizationId, row.id, { at, lastError: why, countAttempt: false }, async (db) => {
    await queue.complete(NOTIFICATION_SEND_QUEUE, job, { rescheduledTo: at.toISOString() }, { db });
    // After the complete, in the same transaction: the exclusive singleton key is free again.
    await queue.send(NOTIFICATION_SEND_QUEUE, job.data, { singletonKey: row.id, startAfter: at, db });
  });
  return "rescheduled";
}

type TDelivery = { kind: "done"; externalRef: string | null } | { kind: "wait"; ms: number; why: string };

async function deliver(sender: TSlackSender, row: TClaimedNotification, baseUrl: string, now: Date): Promise<TDelivery> {
  if (row.kind === "learning_published") return deliverLearning(sender, row, baseUrl, now);
  if (row.kind === "digest_dm") {
    // A follower's daily digest (server/follow/queue-daily-digests.ts): no deploy request behind it.
    const payload = ZDigestDmPayload.parse(row.payload);
    const message = await digestMessageFor(row.organizationId, payload.userId, { since: new Date(payload.since), until: new Date(payload.until), baseUrl });
    const channel = await directMessageChannel(sender, row);
    if (row.wasInFlight) {
      const posted = await sender.findPostedMessage({ channel, notificationId: row.id });
      if (posted) return { kind: "done", externalRef: toExternalRef(posted) };
    }
    return { kind: "done", externalRef: toExternalRef(await sender.postMessage({ channel, text: message.text, blocks: message.blocks, notificationId: row.id })) };
  }
  const request = row.deployRequestId ? await findDeployRequestRow(row.organizationId, row.deployRequestId) : null;
  if (!request) throw new SlackSendError("permanent", `deploy request ${row.deployRequestId ?? "(none)"} no longer exists`);

  if (row.kind === "approval_request" || row.kind === "deploy_outcome" || row.kind === "approval_dm" || row.kind === "deploy_announcement" || row.kind === "deploy_notification") {
    const message =
      row.kind === "deploy_outcome"
        ? outcomeMessageFor(request, baseUrl, now)
        : row.kind === "deploy_announcement"
          ? announcementMessageFor(request, baseUrl)
          : row.kind === "deploy_notification"
            ? noticeMessageFor(request, ZNoticePayload.parse(row.payload).team, baseUrl, now)
            : approvalMessageFor(request, ZApprovalPayload.parse(row.payload).approvalId, baseUrl, now);
    if (!message) throw new SlackSendError("permanent", "the approval is no longer part of its deploy request");
    const channel = row.kind === "approval_dm" ? await directMessageChannel(sender, row) : row.target;
    if (row.wasInFlight) {
      // The last sender died mid-send: if Slack has the message already, adopt it instead of posting twice.
      const posted = await sender.findPostedMessage({ channel, notificationId: row.id });
      if (posted) return { kind: "done", externalRef: toExternalRef(posted) };
    }
    const posted = await sender.postMessage({ channel, text: message.text, blocks: message.blocks, notificationId: row.id });
    return { kind: "done", externalRef: toExternalRef(posted) };
  }

  if (row.kind === "approval_update") {
    const { approvalId, original: originalKey } = ZUpdatePayload.parse(row.payload);
    const original = await findNotificationByDedupeKey(row.organizationId, originalKey ?? `approval:${approvalId}`);
    const where = fromExternalRef(original?.externalRef ?? null);
    if (!original || original.status === "failed") throw new SlackSendError("permanent", "the approval request was never posted to Slack, so there is nothing to update");
    if (original.status !== "sent" || !where) return { kind: "wait", ms: 1000, why: "waiting for the approval request to be posted" };
    const message = approvalMessageFor(request, approvalId, baseUrl, now);
    if (!message) throw new SlackSendError("permanent", "the approval is no longer part of its deploy request");
    await sender.updateMessage({ channel: where.channel, ts: where.ts, text: message.text, blocks: message.blocks });
    return { kind: "done", externalRef: original.externalRef };
  }

  throw new SlackSendError("permanent", `no Slack sender for notifications of kind "${row.kind}"`);
}

/** A published learning to the learnings channel (issue 20): no deploy request behind it. */
async function deliverLearning(sender: TSlackSender, row: TClaimedNotification, baseUrl: string, now: Date): Promise<TDelivery> {
  const message = await learningMessageFor(row.organizationId, ZLearningPayload.parse(row.payload).incidentId, baseUrl, now);
  if (!message) throw new SlackSendError("permanent", "the incident or its published learning no longer exists");
  if (row.wasInFlight) {
    const posted = await sender.findPostedMessage({ channel: row.target, notificationId: row.id });
    if (posted) return { kind: "done", externalRef: toExternalRef(posted) };
  }
  const posted = await sender.postMessage({ channel: row.target, text: message.text, blocks: message.blocks, notificationId: row.id });
  return { kind: "done", externalRef: toExternalRef(posted) };
}

/** The DM channel with the person: their stored Slack id, else the one users.lookupByEmail finds (then stored). */
async function directMessageChannel(sender: TSlackSender, row: TClaimedNotification): Promise<string> {
  const { personId } = ZDmPayload.parse(row.payload);
  const person = await findPersonForDm(row.organizationId, personId);
  if (!person) throw new SlackSendError("permanent", "the person to message is no longer in the catalog");
  let slackUserId = person.slackUserId;
  if (!slackUserId) {
    slackUserId = await sender.lookupUserIdByEmail(person.email);
    if (!slackUserId) throw new SlackSendError("permanent", `no Slack account has the email ${person.email}`);
    await setPersonSlackUserId(row.organizationId, person.id, slackUserId);
  }
  return sender.openDirectMessage(slackUserId);
}
