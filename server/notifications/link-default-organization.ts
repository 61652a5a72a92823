import { ensureDefaultOrganization } from "@/server/identity/default-organization.ts";
import type { TSlackConfig } from "./slack-config.ts";
import { linkOrganizationToSlackTeam } from "./notifications-slack-tenancy.repository.ts";

/**
 * The default organization takes SLACK_TEAM_ID, else the workspace `auth.test` names for
 * the bot token, so a single-tenant install needs no setting. An organization already
 * linked keeps its workspace; a workspace linked to another organization is left alone.
 */
export async function linkDefaultOrganizationToSlack(config: TSlackConfig, askSlack: () => Promise<string | undefined>, log: (line: string) => void): Promise<void> {
  const teamId = config.teamId ?? (await askSlack());
  if (!teamId) {
    log("slack: no workspace id (SLACK_TEAM_ID unset and auth.test named none); Slack payloads will be refused until one is linked");
    return;
  }
  const organization = await ensureDefaultOrganization();
  const result = await linkOrganizationToSlackTeam(organization.id, teamId);
  if (result === "taken") log(`slack: workspace ${teamId} belongs to another organization; the default organization is not linked`);
  if (result === "linked") log(`slack: default organization linked to workspace ${teamId}`);
}
