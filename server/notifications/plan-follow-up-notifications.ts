import { randomUUID } from "node:crypto";
import type { TNotificationWrite } from "@/server/gate/gate.repository.ts";
import { planGithubDecisionCallbacks } from "@/server/github/plan-github-callbacks.ts";
import { isEmailEnabled } from "@/server/email/smtp-settings.ts";
import { isSlackConfigured } from "./slack-config.ts";
import { findApprovalMessagesSent, findServiceOwnerChannel } from "./notifications.repository.ts";

/**
 * What a status change of a deploy request must tell Slack, as outbox rows written in the
 * same transaction as the change: every team's approval message is updated (chat.update
 * shows the outcome, who and when, without buttons), and once the request is settled the
 * requesting service's team hears the outcome in its channel. `eventKey` names the
 * change (`decided:<approvalId>`, `expired`), so a retried change adds nothing.
 * Read before the transaction; the rows only depend on what was sent to Slack already.
 * A request gating GitHub workflow runs also gets one `github` row per run once settled:
 * its review (approved / rejected) goes back to GitHub (server/github/).
 * A sent e-mail cannot be updated, so once the request is settled each person who was
 * e-mailed an approval request gets one e-mail with the outcome (the approval message as
 * Slack now shows it, without links), except `decidedBy`, who settled it and saw the result.
 */
export async function planFollowUpNotifications(
  organizationId: string,
  request: { id: string; serviceId: string },
  eventKey: string,
  options: { decidedBy?: string } = {},
): Promise<(requestStatus: string) => TNotificationWrite[]> {
  const sent = await findApprovalMessagesSent(organizationId, request.id);
  const owner = isSlackConfigured() ? await findServiceOwnerChannel(organizationId, request.serviceId) : null;
  const github = await planGithubDecisionCallbacks(organizationId, request.id);
  const emailed = new Map(sent.email.filter((row) => row.personId !== options.decidedBy).map((row) => [row.personId, row] as const));
  const outcomeEmails = emailed.size > 0 && (await isEmailEnabled(organizationId)) ? [...emailed.values()] : [];
  return (requestStatus) => [
    ...(requestStatus !== "pending" ? github : []),
    ...(requestStatus !== "pending"
      ? outcomeEmails.map(({ approvalId, personId, target }) => ({
          id: randomUUID(),
          channel: "email",
          target,
          kind: "approval_email_outcome",
          payload: { approvalId, personId },
          dedupeKey: `approval-email-outcome:${request.id}:${personId}`,
        }))
      : []),
    ...sent.slack.map(({ approvalId, dedupeKey }) => ({
      id: randomUUID(),
      channel: "slack",
      target: dedupeKey,
      kind: "approval_update",
      payload: { approvalId, original: dedupeKey, cause: eventKey },
      dedupeKey: `update:${dedupeKey}:${eventKey}`,
    })),
    ...(requestStatus !== "pending" && owner?.slackChannel
      ? [{ id: randomUUID(), channel: "slack", target: owner.slackChannel, kind: "deploy_outcome", payload: { status: requestStatus, team: owner.teamSlug }, dedupeKey: `outcome:${request.id}` }]
      : []),
  ];
}
