import type { TUserActor } from "./actor.ts";
import type { TSignedInSession } from "./get-signed-in-session.ts";
import { findOrCreatePersonByEmail, findOrganizationsOfUser, type TUserOrganization } from "./identity-accounts.repository.ts";

export type TUserContext =
  | { kind: "member"; organization: TUserOrganization; organizations: TUserOrganization[]; actor: TUserActor }
  | { kind: "no-organization" };

/**
 * Which organization a signed-in user acts for and as whom: the session's active
 * organization when the user still belongs to it, else their first one. The actor is
 * linked to that organization's Person with the user's email (created when the catalog
 * has none), so approvals and SLO edits are checked against catalog team memberships.
 */
export async function resolveUserActor(session: TSignedInSession): Promise<TUserContext> {
  const organizations = await findOrganizationsOfUser(session.userId);
  const organization = chooseActingOrganization(organizations, session.activeOrganizationId);
  if (!organization) return { kind: "no-organization" };
  const person = await findOrCreatePersonByEmail(organization.id, session.email, session.name);
  return {
    kind: "member",
    organization,
    organizations,
    actor: { kind: "user", userId: session.userId, personId: person.id, role: organization.role, name: session.name, email: session.email },
  };
}

/** The session's active organization when the user still belongs to it, else their first one. */
export function chooseActingOrganization<T extends { id: string }>(organizations: readonly T[], activeOrganizationId: string | null): T | undefined {
  return organizations.find((org) => org.id === activeOrganizationId) ?? organizations[0];
}
