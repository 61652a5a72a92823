import { getPrisma } from "@/server/db/client.ts";

/** The person's membership role in the team with this slug, or null when they are not in it. */
export async function findTeamRoleOfPerson(organizationId: string, teamSlug: string, personId: string): Promise<"owner" | "member" | null> {
  const row = await getPrisma().teamMembership.findFirst({
    where: { organizationId, personId, team: { organizationId, slug: teamSlug } },
    select: { role: true },
  });
  return row?.role ?? null;
}

/** Whether the team names owners (any membership with role owner). */
export async function teamHasOwners(organizationId: string, teamSlug: string): Promise<boolean> {
  const count = await getPrisma().teamMembership.count({ where: { organizationId, role: "owner", team: { organizationId, slug: teamSlug } } });
  return count > 0;
}
