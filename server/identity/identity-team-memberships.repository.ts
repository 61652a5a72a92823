import { getPrisma } from "@/server/db/client.ts";

export interface TTeamMemberRow {
  teamSlug: string;
  teamName: string;
  personId: string;
  personName: string;
  personEmail: string;
  role: "owner" | "member";
  source: string;
}

/** Adds (or re-roles) a person in a team by hand (source ui); catalog imports never remove these. */
export async function upsertUiTeamMembership(organizationId: string, teamSlug: string, personId: string, role: "owner" | "member"): Promise<boolean> {
  const prisma = getPrisma();
  const team = await prisma.team.findUnique({ where: { organizationId_slug: { organizationId, slug: teamSlug } }, select: { id: true } });
  const person = await prisma.person.findFirst({ where: { organizationId, id: personId }, select: { id: true } });
  if (!team || !person) return false;
  await prisma.teamMembership.upsert({
    where: { teamId_personId: { teamId: team.id, personId: person.id } },
    create: { organizationId, teamId: team.id, personId: person.id, role, source: "ui" },
    update: { role },
  });
  return true;
}

/** Removes a hand-made membership; catalog memberships are the catalog's to change (false). */
export async function deleteUiTeamMembership(organizationId: string, teamSlug: string, personId: string): Promise<boolean> {
  const deleted = await getPrisma().teamMembership.deleteMany({
    where: { organizationId, personId, source: "ui", team: { organizationId, slug: teamSlug } },
  });
  return deleted.count > 0;
}

export async function listTeamSlugs(organizationId: string): Promise<{ slug: string; name: string }[]> {
  return getPrisma().team.findMany({ where: { organizationId }, select: { slug: true, name: true }, orderBy: { name: "asc" } });
}

/** Team memberships of the people with these emails (the members page). */
export async function findTeamMembershipsByEmails(organizationId: string, emails: string[]): Promise<TTeamMemberRow[]> {
  const rows = await getPrisma().teamMembership.findMany({
    where: { organizationId, person: { organizationId, email: { in: emails.map((email) => email.toLowerCase()) } } },
    select: { role: true, source: true, team: { select: { slug: true, name: true } }, person: { select: { id: true, name: true, email: true } } },
    orderBy: [{ team: { name: "asc" } }],
  });
  return rows.map((row) => ({
    teamSlug: row.team.slug,
    teamName: row.team.name,
    personId: row.person.id,
    personName: row.person.name,
    personEmail: row.person.email,
    role: row.role,
    source: row.source,
  }));
}
