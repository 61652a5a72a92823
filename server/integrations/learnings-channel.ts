import { z } from "zod";
import { normalizeSlackChannel, SLACK_CHANNEL } from "@/domain/notifications/slack-channel.ts";
import { getConfig } from "@/server/config/get-config.ts";
import type { TActor } from "@/server/identity/actor.ts";
import { canManageIntegrations } from "@/server/identity/can-manage-integrations.ts";
import { AppError } from "@/server/http/problem.ts";
import { isSlackConfigured } from "@/server/notifications/slack-config.ts";
import { findOrganizationLearningsChannel } from "@/server/notifications/notifications-learnings.repository.ts";
import { updateOrganizationLearningsChannel } from "./integrations-slack-workspace.repository.ts";

/** A learnings channel as typed in settings: `#name`, `name` or a channel id; empty clears it. */
export const ZLearningsChannel = z
  .string()
  .transform((typed) => normalizeSlackChannel(typed))
  .refine((channel) => channel === null || SLACK_CHANNEL.test(channel), {
    error: "A Slack channel is its name (#learnings: lowercase letters, digits, . - and _, up to 80 characters) or its id (C0123ABCD, at the bottom of the channel's details).",
  });

export interface TLearningsChannelSetting {
  /** The organization's own channel, or null. */
  own: string | null;
  /** SLACK_LEARNINGS_CHANNEL: used when the organization set none. */
  deploymentDefault: string | null;
  /** Where the next published learning goes; null: nowhere but /learnings. */
  effective: string | null;
  /** Whether this deployment talks to Slack at all (no bot token: nothing is posted). */
  slackConfigured: boolean;
}

export async function getLearningsChannelSetting(organizationId: string): Promise<TLearningsChannelSetting> {
  const { slack } = getConfig();
  const own = await findOrganizationLearningsChannel(organizationId);
  const deploymentDefault = slack.learningsChannel ?? null;
  const slackConfigured = isSlackConfigured(slack);
  return { own, deploymentDefault, effective: slackConfigured ? (own ?? deploymentDefault) : null, slackConfigured };
}

/**
 * An admin chooses the Slack channel the organization's published learnings are posted to
 * (server/notifications/announce-learning.ts); null goes back to the deployment's default.
 */
export async function setLearningsChannel(organizationId: string, actor: TActor, channel: string | null): Promise<void> {
  if (!canManageIntegrations(actor)) throw new AppError(403, "Not allowed", "Only organization admins can choose the learnings channel.");
  await updateOrganizationLearningsChannel(organizationId, channel);
}
