import { decodeApprovalActionValue } from "@/domain/notifications/approval-action.ts";
import { canDecideApproval } from "@/server/identity/can-decide-approval.ts";
import { decideApproval } from "@/server/gate/decide-approval.ts";
import { findApprovalContext, findPersonWithMembership } from "@/server/gate/gate.repository.ts";
import { publicBaseUrl } from "@/server/http/public-base-url.ts";
import { AppError } from "@/server/http/problem.ts";
import { resolveSlackPerson, type TSlackEmailLookup } from "./resolve-slack-person.ts";
import { findOrganizationBySlackTeamId } from "./notifications-slack-tenancy.repository.ts";

export interface TSlackClick {
  /** The workspace the payload came from (payload.team.id): it alone picks the organization. */
  slackTeamId: string | undefined;
  slackUserId: string;
  /** The button's value (which deploy request, which team). */
  value: string | undefined;
}

export type TSlackDecisionCheck =
  | { kind: "allowed"; organizationId: string; personId: string; deployRequestId: string; teamSlug: string; teamName: string }
  | { kind: "refused"; text: string };

/**
 * May this Slack user decide this approval? Resolves the organization from the workspace,
 * the person from the Slack user, then asks canDecideApproval (server/identity/), the one rule.
 * A refusal is a sentence for an ephemeral message; nothing is recorded.
 */
export async function checkSlackDecider(click: TSlackClick, lookupEmail: TSlackEmailLookup): Promise<TSlackDecisionCheck> {
  const value = decodeApprovalActionValue(click.value ?? "");
  if (!value) return { kind: "refused", text: "This button is not one of Plumbline's (or it is from an older version). Open the deploy page instead." };
  const organization = click.slackTeamId ? await findOrganizationBySlackTeamId(click.slackTeamId) : null;
  if (!organization) return { kind: "refused", text: "This Slack workspace is not connected to a Plumbline organization, so nothing was recorded." };
  const context = await findApprovalContext(organization.id, value.deployRequestId, value.teamSlug);
  if (!context) return { kind: "refused", text: "Plumbline has no such approval in this workspace's organization; nothing was recorded." };
  const person = await resolveSlackPerson(organization.id, click.slackUserId, lookupEmail);
  if (!person) {
    return { kind: "refused", text: `Plumbline does not know you: no person in the catalog has your Slack account or its email, so you are not an owner of ${context.team.name}. Nothing was recorded.` };
  }
  const member = await findPersonWithMembership(organization.id, person.id, context.team.id);
  const permission = canDecideApproval(
    { id: person.id, name: person.name, membership: member?.membership ?? null },
    { teamSlug: context.team.slug, teamName: context.team.name, teamHasOwners: context.teamHasOwners },
  );
  if (!permission.allowed) return { kind: "refused", text: `You are not an owner of ${context.team.name}: ${permission.reason} Nothing was recorded.` };
  return { kind: "allowed", organizationId: organization.id, personId: person.id, deployRequestId: value.deployRequestId, teamSlug: value.teamSlug, teamName: context.team.name };
}

export type TSlackDecisionResult = { kind: "recorded"; text: string } | { kind: "refused"; text: string };

/**
 * Approve or reject from Slack. Idempotent: a double click, a retried delivery or a click
 * after expiry reaches decideApproval, whose conditional update records at most one
 * decision; the later ones come back as a sentence saying who decided, never a second row.
 */
export async function decideApprovalFromSlack(
  click: TSlackClick,
  decision: { decision: "approve" | "reject"; comment: string | null },
  lookupEmail: TSlackEmailLookup,
): Promise<TSlackDecisionResult> {
  const check = await checkSlackDecider(click, lookupEmail);
  if (check.kind === "refused") return check;
  try {
    const request = await decideApproval(
      check.organizationId,
      { deployRequestId: check.deployRequestId, teamSlug: check.teamSlug, decision: decision.decision, person: check.personId, ...(decision.comment ? { comment: decision.comment } : {}) },
      { channel: "slack", baseUrl: publicBaseUrl(null) },
    );
    return { kind: "recorded", text: `${decision.decision === "approve" ? "Approved" : "Rejected"} for ${check.teamName}. The deploy request is now ${request.status}.` };
  } catch (error) {
    if (error instanceof AppError) return { kind: "refused", text: `${error.detail} Nothing was recorded.` };
    throw error;
  }
}
