import { getPrisma } from "@/server/db/client.ts";

/** The Slack workspace (team id) the organization is linked to, or null. */
export async function findSlackTeamIdOfOrganization(organizationId: string): Promise<string | null> {
  const row = await getPrisma().organization.findUnique({ where: { id: organizationId }, select: { slackTeamId: true } });
  return row?.slackTeamId ?? null;
}
