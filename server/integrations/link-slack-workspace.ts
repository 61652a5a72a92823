import { z } from "zod";
import type { TActor } from "@/server/identity/actor.ts";
import { canManageIntegrations } from "@/server/identity/can-manage-integrations.ts";
import { AppError } from "@/server/http/problem.ts";
import { linkOrganizationToSlackTeam } from "@/server/notifications/notifications-slack-tenancy.repository.ts";

export const ZSlackTeamId = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^T[A-Z0-9]{6,20}$/, { error: "A Slack workspace id starts with T, e.g. T0123ABCD (Slack: workspace settings, or the URL of the app)." });

/**
 * An admin links the organization to its Slack workspace: clicks and commands from that
 * workspace act for this organization, and only this one (decideApprovalFromSlack maps the
 * payload's team id). A workspace already linked to another organization is refused; a
 * linked organization keeps its workspace (changing it is an operator's job).
 */
export async function linkSlackWorkspace(organizationId: string, actor: TActor, slackTeamId: string): Promise<void> {
  if (!canManageIntegrations(actor)) throw new AppError(403, "Not allowed", "Only organization admins can link a Slack workspace.");
  const outcome = await linkOrganizationToSlackTeam(organizationId, slackTeamId);
  if (outcome === "taken") throw new AppError(409, "Workspace taken", `Slack workspace ${slackTeamId} is linked to another organization.`);
}
