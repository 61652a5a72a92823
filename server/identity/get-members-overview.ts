import { listOrganizationMembers, type TOrganizationMemberRow } from "./identity-accounts.repository.ts";
import { listOpenInvitations } from "./identity-invitations.repository.ts";
import { findTeamMembershipsByEmails, listTeamSlugs, type TTeamMemberRow } from "./identity-team-memberships.repository.ts";

export interface TMembersOverview {
  members: (TOrganizationMemberRow & { teams: TTeamMemberRow[] })[];
  invitations: { id: string; email: string; role: string; expiresAt: Date }[];
  teams: { slug: string; name: string }[];
}

/** What /settings/members shows: members with their team memberships, open invitations, the teams to pick from. */
export async function getMembersOverview(organizationId: string, now = new Date()): Promise<TMembersOverview> {
  const [members, invitations, teams] = await Promise.all([listOrganizationMembers(organizationId), listOpenInvitations(organizationId, now), listTeamSlugs(organizationId)]);
  const memberships = await findTeamMembershipsByEmails(organizationId, members.map((member) => member.email));
  return {
    members: members.map((member) => ({ ...member, teams: memberships.filter((row) => row.personEmail === member.email.toLowerCase()) })),
    invitations,
    teams,
  };
}
