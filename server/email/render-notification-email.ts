import { z } from "zod";
import { buildInvitationMessage } from "@/domain/email/build-invitation-message.ts";
import { signEmailDecision } from "@/server/email/email-link-token.ts";
import { renderEmail, type TRenderedEmail } from "@/domain/email/render-email.ts";
import { APPROVE_ACTION_ID, REJECT_ACTION_ID } from "@/domain/notifications/approval-action.ts";
import { buildNewCallerMessage } from "@/domain/notifications/build-new-caller-message.ts";
import { findDeployRequestRow } from "@/server/gate/gate.repository.ts";
import { openSecret } from "@/server/integrations/secret-box.ts";
import { approvalMessageFor } from "@/server/notifications/deploy-messages.ts";
import { emailDecisionPath, emailLinkKey } from "./email-link-key.ts";
import { EmailSendError } from "./email-sender.ts";
import { renderDigestEmail } from "./render-digest-email.ts";

const ZApprovalEmail = z.object({ approvalId: z.string(), personId: z.string() });
const ZInvitationEmail = z.object({ sealedLink: z.string(), organizationName: z.string(), role: z.string(), invitedBy: z.string().nullable(), expiresAt: z.string() });
const ZDigestEmail = z.object({ userId: z.string(), since: z.string(), until: z.string() });
const ZNewCallerEmail = z.object({ caller: z.object({ slug: z.string(), name: z.string() }), callee: z.object({ slug: z.string(), name: z.string() }), requestRate: z.number() });

const SETTINGS_HINT = (baseUrl: string) => `Change how Plumbline reaches you: ${baseUrl}/account/notifications`;

export interface TEmailRow {
  id: string;
  organizationId: string;
  deployRequestId: string | null;
  kind: string;
  target: string;
  payload: unknown;
}

/**
 * The e-mail a row stands for, rendered at send time from the database as it is now (the
 * same rule as Slack: a late approval e-mail already shows the outcome, without links).
 * Approval e-mails carry signed Approve/Reject links bound to the request, the team and
 * the person the e-mail goes to, valid while the request can still be decided.
 */
export async function renderNotificationEmail(row: TEmailRow, baseUrl: string, now: Date): Promise<TRenderedEmail> {
  switch (row.kind) {
    case "approval_email": {
      const { approvalId, personId } = ZApprovalEmail.parse(row.payload);
      const request = row.deployRequestId ? await findDeployRequestRow(row.organizationId, row.deployRequestId) : null;
      if (!request) throw new EmailSendError("permanent", `deploy request ${row.deployRequestId ?? "(none)"} no longer exists`);
      const message = approvalMessageFor(request, approvalId, baseUrl, now);
      const approval = request.approvals.find((candidate) => candidate.id === approvalId);
      if (!message || !approval) throw new EmailSendError("permanent", "the approval is no longer part of its deploy request");
      const key = await emailLinkKey();
      const expiresAt = request.expiresAt ?? new Date(now.getTime() + 24 * 3600_000);
      const link = (decision: "approve" | "reject") =>
        `${baseUrl}${emailDecisionPath(signEmailDecision({ organizationId: row.organizationId, deployRequestId: request.id, teamSlug: approval.team.slug, personId, decision, expiresAt }, key))}`;
      return renderEmail(message, {
        linkFor: (button) => (button.action_id === APPROVE_ACTION_ID ? link("approve") : button.action_id === REJECT_ACTION_ID ? link("reject") : (button.url ?? null)),
        footer: `Sent to ${row.target} because you may decide for ${approval.team.name}. The links need you signed in as yourself. ${SETTINGS_HINT(baseUrl)}`,
      });
    }
    case "approval_email_outcome": {
      // The approval e-mail sent earlier cannot change; this one says how its request ended.
      const { approvalId } = ZApprovalEmail.parse(row.payload);
      const request = row.deployRequestId ? await findDeployRequestRow(row.organizationId, row.deployRequestId) : null;
      if (!request) throw new EmailSendError("permanent", `deploy request ${row.deployRequestId ?? "(none)"} no longer exists`);
      const message = approvalMessageFor(request, approvalId, baseUrl, now);
      const approval = request.approvals.find((candidate) => candidate.id === approvalId);
      if (!message || !approval) throw new EmailSendError("permanent", "the approval is no longer part of its deploy request");
      return renderEmail(message, {
        linkFor: (button) => button.url ?? null,
        footer: `Sent to ${row.target} because Plumbline e-mailed you this request to decide for ${approval.team.name}. It is settled: nothing is needed from you. ${SETTINGS_HINT(baseUrl)}`,
      });
    }
    case "invitation": {
      const payload = ZInvitationEmail.parse(row.payload);
      const link = await openSecret(payload.sealedLink);
      const message = buildInvitationMessage({ organizationName: payload.organizationName, role: payload.role, invitedBy: payload.invitedBy, link, expiresAt: new Date(payload.expiresAt) });
      return renderEmail(message, { linkFor: (button) => button.url ?? null, footer: `Sent to ${row.target} because an admin of ${payload.organizationName} invited this address.` });
    }
    case "new_caller": {
      const payload = ZNewCallerEmail.parse(row.payload);
      return renderEmail(buildNewCallerMessage({ baseUrl, ...payload }), {
        linkFor: (button) => button.url ?? null,
        footer: `Sent to ${row.target} because you own ${payload.callee.name}. ${SETTINGS_HINT(baseUrl)}`,
      });
    }
    case "digest": {
      const payload = ZDigestEmail.parse(row.payload);
      return renderDigestEmail(row.organizationId, payload.userId, { since: new Date(payload.since), until: new Date(payload.until), baseUrl, to: row.target });
    }
    default:
      throw new EmailSendError("permanent", `no e-mail for notifications of kind "${row.kind}"`);
  }
}
