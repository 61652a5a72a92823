import { z } from "zod";
import { findNotificationSettings, upsertNotificationSettings } from "./email.repository.ts";

/** How a member hears from Plumbline: approvals by e-mail (auto: when Slack does not reach them), and a daily digest. */
export const ZNotificationSettingsInput = z.object({
  approvals: z.enum(["auto", "email", "off"], { error: "Approvals: automatic, always by e-mail, or never by e-mail." }),
  digest: z.enum(["off", "email", "slack"], { error: "Digest: off, by e-mail or as a Slack DM." }),
});
export type TNotificationSettings = z.output<typeof ZNotificationSettingsInput>;

export const DEFAULT_NOTIFICATION_SETTINGS: TNotificationSettings = { approvals: "auto", digest: "off" };

export async function getNotificationSettings(organizationId: string, userId: string): Promise<TNotificationSettings> {
  const row = await findNotificationSettings(organizationId, userId);
  const parsed = row ? ZNotificationSettingsInput.safeParse(row) : null;
  return parsed?.success ? parsed.data : DEFAULT_NOTIFICATION_SETTINGS;
}

export async function saveNotificationSettings(organizationId: string, userId: string, input: TNotificationSettings): Promise<void> {
  await upsertNotificationSettings(organizationId, userId, input);
}
