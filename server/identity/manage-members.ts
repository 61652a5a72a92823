import { AppError } from "@/server/http/problem.ts";
import type { TActor } from "./actor.ts";
import { canManageMembers } from "./can-manage-members.ts";
import { logger } from "@/server/logger.ts";
import { countOrganizationAdmins, deleteOrganizationMemberKeepingAnAdmin, findMemberRole, findOrCreatePersonByEmail, updateOrganizationMemberRole, type TOrganizationRole } from "./identity-accounts.repository.ts";
import { deleteOpenInvitation } from "./identity-invitations.repository.ts";
import { deleteUiTeamMembership, upsertUiTeamMembership } from "./identity-team-memberships.repository.ts";

function requireMemberManager(actor: TActor): void {
  if (!canManageMembers(actor)) throw new AppError(403, "Not allowed", "Only organization admins can change members and team memberships.");
}

/** An admin changes a member's role; the organization always keeps one admin. */
export async function changeMemberRole(organizationId: string, actor: TActor, userId: string, role: TOrganizationRole): Promise<void> {
  requireMemberManager(actor);
  const current = await findMemberRole(organizationId, userId);
  if (current === null) throw new AppError(404, "Member not found", "No such member in this organization.");
  if (current === "admin" && role === "member" && (await countOrganizationAdmins(organizationId)) <= 1) {
    throw new AppError(409, "Last admin", "The organization needs at least one admin: make someone else admin first.");
  }
  await updateOrganizationMemberRole(organizationId, userId, role);
}

/** An admin puts a person (by email; created in the catalog if new) in a team. Source ui: catalog imports leave it alone. */
export async function addTeamMember(organizationId: string, actor: TActor, input: { email: string; name: string; teamSlug: string; role: "owner" | "member" }): Promise<void> {
  requireMemberManager(actor);
  const person = await findOrCreatePersonByEmail(organizationId, input.email, input.name);
  if (!(await upsertUiTeamMembership(organizationId, input.teamSlug, person.id, input.role))) {
    throw new AppError(404, "Team not found", `No team "${input.teamSlug}" in this organization.`);
  }
}

/** An admin removes a hand-made team membership; catalog memberships change in the catalog. */
export async function removeTeamMember(organizationId: string, actor: TActor, input: { personId: string; teamSlug: string }): Promise<void> {
  requireMemberManager(actor);
  if (!(await deleteUiTeamMembership(organizationId, input.teamSlug, input.personId))) {
    throw new AppError(404, "Membership not found", "No membership added on this page for that person and team (catalog memberships change in the catalog).");
  }
}

/** An admin removes someone from the organization (themselves too, unless they are the last admin). */
export async function removeOrganizationMember(organizationId: string, actor: TActor, userId: string): Promise<void> {
  requireMemberManager(actor);
  const result = await deleteOrganizationMemberKeepingAnAdmin(organizationId, userId);
  if (result === "not-found") throw new AppError(404, "Member not found", "No such member in this organization.");
  if (result === "last-admin") throw new AppError(409, "Last admin", "The organization needs at least one admin: make someone else admin before removing this one.");
  logger.info({ organizationId, removedUserId: userId, byUserId: actor.kind === "user" ? actor.userId : null }, "organization member removed");
}

/** An admin revokes an open invitation: its link stops working. */
export async function revokeInvitation(organizationId: string, actor: TActor, invitationId: string): Promise<void> {
  requireMemberManager(actor);
  if (!(await deleteOpenInvitation(organizationId, invitationId))) {
    throw new AppError(404, "Invitation not found", "No open invitation with that id in this organization (it may have been accepted or revoked already).");
  }
  logger.info({ organizationId, invitationId, byUserId: actor.kind === "user" ? actor.userId : null }, "invitation revoked");
}
