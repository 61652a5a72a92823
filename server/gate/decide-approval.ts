import { describeDeploy } from "@/domain/gate/deploy-change-events.ts";
import { statusFromApprovals } from "@/domain/gate/deploy-status.ts";
import { canDecideApproval } from "@/server/identity/can-decide-approval.ts";
import { AppError, notFound } from "@/server/http/problem.ts";
import { planFollowUpNotifications } from "@/server/notifications/plan-follow-up-notifications.ts";
import { announceDeployRequestChange, deployRequestNotifyPayload } from "./deploy-request-notifier.ts";
import { eventsFor } from "./deploy-request-subject.ts";
import type { TApprovalDecisionInput, TDeployRequestDto } from "./gate.schemas.ts";
import { findApprovalContext, findDeployRequestRow, findPersonWithMembership, recordApprovalDecision } from "./gate.repository.ts";
import { loadDeployRequestRow } from "./get-deploy-request.ts";
import { toDeployRequestDto } from "./to-deploy-request-dto.ts";

/**
 * An owner of an asked team approves or rejects (web form, API, later Slack). The
 * request is approved when every asked team approved and rejected at the first reject.
 * Deciding is idempotent in the HTTP sense: a second decision on the same approval is
 * a 409 that says who decided and how, and changes nothing.
 */
export async function decideApproval(
  organizationId: string,
  input: { deployRequestId: string; teamSlug: string; person: string } & TApprovalDecisionInput,
  options: { channel: "web" | "api" | "slack" | "email"; baseUrl: string; now?: Date },
): Promise<TDeployRequestDto> {
  const now = options.now ?? new Date();
  const row = await loadDeployRequestRow(organizationId, input.deployRequestId, now);
  const context = await findApprovalContext(organizationId, row.id, input.teamSlug);
  if (!context) {
    const asked = row.approvals.map((approval) => approval.team.slug);
    throw notFound(
      "Approval",
      `Team "${input.teamSlug}" was not asked to approve this deploy request${asked.length ? `; the teams asked are ${asked.join(", ")}` : "; no team was asked"}.`,
    );
  }
  const { approval, team } = context;
  if (approval.status === "approved" || approval.status === "rejected") throw alreadyDecided(team.name, approval);
  if (row.status !== "pending") throw requestSettled(row.status);

  const person = await findPersonWithMembership(organizationId, input.person, team.id);
  if (!person) {
    throw new AppError(422, "Unknown person", `No person "${input.person}" in this organization's catalog. Give an owner's email or handle.`);
  }
  const permission = canDecideApproval(person, { teamSlug: team.slug, teamName: team.name, teamHasOwners: context.teamHasOwners });
  if (!permission.allowed) throw new AppError(403, "Not allowed to decide", permission.reason);

  const verb = input.decision === "approve" ? "approved" : "rejected";
  const deploy = describeDeploy({ service: row.service, version: row.version, environment: row.environment });
  const followUps = await planFollowUpNotifications(organizationId, { id: row.id, serviceId: row.service.id }, `decided:${approval.id}`, { decidedBy: person.id });
  // Both events say where the decision was made: the approval's and the request's settling
  // (a web approval used to settle the request "via API"). Slack has no event source of
  // its own, so its events read API with details.channel "slack" (shown as "in Slack").
  const source = options.channel === "web" ? "ui" : "api";
  const result = await recordApprovalDecision(organizationId, {
    deployRequestId: row.id,
    approvalId: approval.id,
    personId: person.id,
    status: verb,
    comment: input.comment ?? null,
    channel: options.channel,
    at: now,
    settle: statusFromApprovals,
    events: (requestStatus) => [
      ...eventsFor(row, source, {
        key: `approval:${approval.id}`,
        type: input.decision === "approve" ? "approval_given" : "approval_rejected",
        title: `${team.name} ${verb} ${deploy} (${person.name}${input.comment ? `: “${input.comment}”` : ""})`,
        actor: person.name,
        at: now,
        details: { team: team.slug, person: person.email, channel: options.channel, comment: input.comment ?? null },
      }),
      ...(requestStatus === "pending"
        ? []
        : eventsFor(row, source, {
            key: `status:${requestStatus}`,
            type: requestStatus === "approved" ? "deploy_approved" : "deploy_rejected",
            title: requestStatus === "approved" ? `${deploy} approved: every team asked approved` : `${deploy} rejected by ${team.name} (${person.name})`,
            actor: person.name,
            at: now,
            details: { channel: options.channel },
          })),
    ],
    notifications: followUps,
    notifyPayload: deployRequestNotifyPayload(row.id),
  });

  if (result.kind !== "recorded") {
    // Someone else decided (or the request settled) between our read and our write.
    const fresh = await findApprovalContext(organizationId, row.id, input.teamSlug);
    if (result.kind === "already-decided" && fresh) throw alreadyDecided(team.name, fresh.approval);
    throw requestSettled(result.kind === "request-not-pending" ? result.status : "decided");
  }
  announceDeployRequestChange(row.id);
  const updated = await findDeployRequestRow(organizationId, row.id);
  return toDeployRequestDto(updated ?? row, options.baseUrl, now);
}

function alreadyDecided(teamName: string, approval: { status: string; decidedAt: Date | null; decidedBy: { name: string; email: string } | null }): AppError {
  const who = approval.decidedBy ? `${approval.decidedBy.name} <${approval.decidedBy.email}>` : "someone no longer in the catalog";
  const when = approval.decidedAt ? ` at ${approval.decidedAt.toISOString()}` : "";
  return new AppError(409, "Already decided", `${teamName}'s approval is already ${approval.status}, by ${who}${when}. A decision cannot be changed.`, {
    approvalStatus: approval.status,
    decidedBy: approval.decidedBy?.name ?? null,
    decidedByEmail: approval.decidedBy?.email ?? null,
    decidedAt: approval.decidedAt?.toISOString() ?? null,
  });
}

function requestSettled(status: string): AppError {
  return new AppError(409, "Deploy request is not pending", `This deploy request is already ${status}; approvals can no longer change it.`, { requestStatus: status });
}
