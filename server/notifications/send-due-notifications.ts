import { z } from "zod";
import { findDeployRequestRow } from "@/server/gate/gate.repository.ts";
import { announcementMessageFor, approvalMessageFor, outcomeMessageFor } from "./deploy-messages.ts";
import { setPersonSlackUserId } from "./notifications-slack-people.repository.ts";
import {
  claimDueNotifications,
  findPersonForDm,
  findNotificationByDedupeKey,
  markNotificationFailed,
  markNotificationSent,
  rescheduleNotification,
  type TClaimedNotification,
} from "./notifications.repository.ts";
import { SlackSendError, type TSlackSender } from "./slack-sender.ts";

export interface TOutboxOptions {
  baseUrl: string;
  /** Failed attempts (5xx, network) before a row is `failed`. Rate limits and waiting do not count. */
  maxAttempts?: number;
  /** First backoff after a 5xx or network error; doubles per attempt, with jitter, capped at 5 min. */
  baseDelayMs?: number;
  /** How long a claimed row is ours before another sender may take it (a sender that died). */
  leaseMs?: number;
  batchSize?: number;
  now?: () => Date;
  random?: () => number;
}

export interface TOutboxRunResult {
  sent: number;
  retried: number;
  failed: number;
}

const ZApprovalPayload = z.looseObject({ approvalId: z.string() });
const ZUpdatePayload = z.looseObject({ approvalId: z.string(), original: z.string().optional() });
const ZDmPayload = z.looseObject({ approvalId: z.string(), personId: z.string() });

/** `${channelId}:${ts}`: where the message is, for chat.update. */
export const toExternalRef = (posted: { channel: string; ts: string }) => `${posted.channel}:${posted.ts}`;

function fromExternalRef(ref: string | null): { channel: string; ts: string } | null {
  if (!ref) return null;
  const at = ref.lastIndexOf(":");
  return at > 0 ? { channel: ref.slice(0, at), ts: ref.slice(at + 1) } : null;
}

/**
 * One pass of the Slack outbox: claim due rows (SKIP LOCKED, leased), send each with the
 * real Slack client, and settle it: sent (with the message's channel and ts, for later
 * chat.update), retried (429: after Retry-After; 5xx or network: exponential backoff with
 * jitter), or failed after `maxAttempts` or on an error retrying cannot fix. Loops until
 * nothing is due. Message content is rendered from the database at send time, so a late
 * message shows the latest state.
 */
export async function sendDueNotifications(sender: TSlackSender, options: TOutboxOptions): Promise<TOutboxRunResult> {
  const result: TOutboxRunResult = { sent: 0, retried: 0, failed: 0 };
  const now = options.now ?? (() => new Date());
  for (;;) {
    const claimedAt = now();
    const batch = await claimDueNotifications("slack", claimedAt, new Date(claimedAt.getTime() + (options.leaseMs ?? 60_000)), options.batchSize ?? 20);
    for (const row of batch) {
      const outcome = await sendOne(sender, row, options, now);
      result[outcome] += 1;
    }
    if (batch.length < (options.batchSize ?? 20)) return result;
  }
}

type TOutcome = keyof TOutboxRunResult;

async function sendOne(sender: TSlackSender, row: TClaimedNotification, options: TOutboxOptions, now: () => Date): Promise<TOutcome> {
  try {
    const done = await deliver(sender, row, options.baseUrl, now());
    if (done.kind === "wait") {
      await rescheduleNotification(row.organizationId, row.id, { at: new Date(now().getTime() + done.ms), lastError: done.why, countAttempt: false });
      return "retried";
    }
    await markNotificationSent(row.organizationId, row.id, done.externalRef, now());
    return "sent";
  } catch (error) {
    const failure = error instanceof SlackSendError ? error : new SlackSendError("permanent", error instanceof Error ? error.message : String(error));
    const maxAttempts = options.maxAttempts ?? 8;
    if (failure.kind === "rate_limited") {
      // Slack said when: wait exactly that (a rate limit is not a failed attempt).
      await rescheduleNotification(row.organizationId, row.id, { at: new Date(now().getTime() + (failure.retryAfterMs ?? 1000)), lastError: failure.message, countAttempt: false });
      return "retried";
    }
    if (failure.kind === "permanent" || row.attempts >= maxAttempts) {
      await markNotificationFailed(row.organizationId, row.id, `${failure.message}${failure.kind === "permanent" ? "" : ` (gave up after ${row.attempts} attempts)`}`);
      return "failed";
    }
    const exponential = Math.min(300_000, (options.baseDelayMs ?? 2000) * 2 ** (row.attempts - 1));
    const jittered = exponential * (0.5 + (options.random ?? Math.random)() * 0.5);
    await rescheduleNotification(row.organizationId, row.id, { at: new Date(now().getTime() + jittered), lastError: failure.message, countAttempt: true });
    return "retried";
  }
}

type TDelivery = { kind: "done"; externalRef: string | null } | { kind: "wait"; ms: number; why: string };

async function deliver(sender: TSlackSender, row: TClaimedNotification, baseUrl: string, now: Date): Promise<TDelivery> {
  const request = row.deployRequestId ? await findDeployRequestRow(row.organizationId, row.deployRequestId) : null;
  if (!request) throw new SlackSendError("permanent", `deploy request ${row.deployRequestId ?? "(none)"} no longer exists`);

  if (row.kind === "approval_request" || row.kind === "deploy_outcome" || row.kind === "approval_dm" || row.kind === "deploy_announcement") {
    const message =
      row.kind === "deploy_outcome"
        ? outcomeMessageFor(request, baseUrl, now)
        : row.kind === "deploy_announcement"
          ? announcementMessageFor(request, baseUrl)
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
