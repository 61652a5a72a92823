import { getPrisma } from "@/server/db/client.ts";

/** The Slack workspace (team id) the organization is linked to, or null. */
export async function findSlackTeamIdOfOrganization(organizationId: string): Promise<string | null> {
  const row = await getPrisma().organization.findUnique({ where: { id: organizationId }, select: { slackTeamId: true } });
  return row?.slackTeamId ?? null;
}

/** Sets (or with null clears) the Slack channel the organization's published learnings go to. */
export async function updateOrganizationLearningsChannel(organizationId: string, channel: string | null): Promise<void> {
  await getPrisma().organization.update({ where: { id: organizationId }, data: { learningsSlackChannel: channel } });
}
