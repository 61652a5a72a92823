import { sealSecret } from "@/server/integrations/secret-box.ts";
import { findOrganizationName, insertEmailNotifications } from "./email.repository.ts";
import { isEmailEnabled } from "./smtp-settings.ts";

/**
 * The invitation by e-mail, when the organization has a mail server: one outbox row. The
 * link's token exists nowhere else (the database keeps its hash), so the row carries the
 * link sealed like integration secrets, opened only to render the e-mail. Returns whether
 * an e-mail was queued (else the admin passes the link on themselves).
 */
export async function queueInvitationEmail(
  organizationId: string,
  input: { invitationId: string; email: string; role: string; invitedBy: string | null; link: string; expiresAt: Date },
): Promise<boolean> {
  if (!(await isEmailEnabled(organizationId))) return false;
  const organizationName = (await findOrganizationName(organizationId)) ?? "Plumbline";
  await insertEmailNotifications(organizationId, [
    {
      target: input.email,
      kind: "invitation",
      dedupeKey: `invitation:${input.invitationId}`,
      payload: { sealedLink: await sealSecret(input.link), organizationName, role: input.role, invitedBy: input.invitedBy, expiresAt: input.expiresAt.toISOString() },
    },
  ]);
  return true;
}
