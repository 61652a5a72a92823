import type { TActor } from "./actor.ts";
import { findTeamRoleOfPerson, teamHasOwners } from "./identity-authz.repository.ts";

/**
 * May `actor` create, edit or delete the SLOs of `service`? Every SLO write goes through here.
 *
 * The owners of the service's team may, by the same rule as approvals (canDecideApproval):
 * a member of the owner team, and only its named owners when the team names any. API
 * tokens may not (CI credentials, not people); organization admins may not either unless
 * they are owners: SLOs are the owning team's promise.
 */
export async function canEditSlos(
  organization: { id: string },
  service: { slug: string; ownerTeamSlug: string | null },
  actor: TActor,
): Promise<boolean> {
  return isServiceOwner(organization, service, actor);
}

/**
 * Is `actor` one of the people who own `service`: a member of its owner team, and only
 * the team's named owners when it names any (the rule approvals use too).
 */
export async function isServiceOwner(
  organization: { id: string },
  service: { ownerTeamSlug: string | null },
  actor: TActor,
): Promise<boolean> {
  if (actor.kind !== "user" || service.ownerTeamSlug === null) return false;
  const role = await findTeamRoleOfPerson(organization.id, service.ownerTeamSlug, actor.personId);
  if (role === null) return false;
  return role === "owner" || !(await teamHasOwners(organization.id, service.ownerTeamSlug));
}
