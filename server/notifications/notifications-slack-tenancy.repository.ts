import { getPrisma } from "@/server/db/client.ts";
import type { TOrganization } from "@/server/identity/identity-organizations.repository.ts";

// Which organization a Slack workspace belongs to (Organization.slackTeamId).

export async function findOrganizationBySlackTeamId(slackTeamId: string): Promise<TOrganization | null> {
  return getPrisma().organization.findUnique({ where: { slackTeamId }, select: { id: true, slug: true, name: true } });
}

/** Links the organization to the workspace unless it is linked already; false when another organization holds that workspace. */
export async function linkOrganizationToSlackTeam(organizationId: string, slackTeamId: string): Promise<"linked" | "already" | "taken"> {
  const prisma = getPrisma();
  const holder = await prisma.organization.findUnique({ where: { slackTeamId }, select: { id: true } });
  if (holder) return holder.id === organizationId ? "already" : "taken";
  const updated = await prisma.organization.updateMany({ where: { id: organizationId, slackTeamId: null }, data: { slackTeamId } });
  return updated.count === 1 ? "linked" : "already";
}
