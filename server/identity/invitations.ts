import { createHash, randomBytes } from "node:crypto";
import { queueInvitationEmail } from "@/server/email/queue-invitation-email.ts";
import { AppError } from "@/server/http/problem.ts";
import { logger } from "@/server/logger.ts";
import type { TSignedInSession } from "./get-signed-in-session.ts";
import type { TUserActor } from "./actor.ts";
import { canManageMembers } from "./can-manage-members.ts";
import { findOrCreatePersonByEmail, setSessionActiveOrganization, upsertOrganizationMember, type TOrganizationRole } from "./identity-accounts.repository.ts";
import { findInvitationByTokenHash, insertInvitation, markInvitationAccepted, type TInvitationRow } from "./identity-invitations.repository.ts";

const INVITATION_LIFETIME_MS = 7 * 24 * 60 * 60 * 1000;

function hashInvitationToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

export function invitationPath(token: string): string {
  return `/invitations/${token}`;
}

/**
 * An admin invites someone by email. With a mail server (SMTP_HOST or the organization's
 * own) the link goes out by e-mail through the outbox (sealed there); without one it is
 * shown to the admin and logged. The database keeps only a SHA-256 of the token.
 */
export async function inviteMember(
  organizationId: string,
  actor: TUserActor,
  input: { email: string; role: TOrganizationRole },
  baseUrl: string,
  now = new Date(),
): Promise<{ id: string; link: string; expiresAt: Date; emailed: boolean }> {
  if (!canManageMembers(actor)) throw new AppError(403, "Not allowed", "Only organization admins can invite people.");
  const token = randomBytes(24).toString("base64url");
  const expiresAt = new Date(now.getTime() + INVITATION_LIFETIME_MS);
  const { id } = await insertInvitation({ organizationId, email: input.email, role: input.role, tokenHash: hashInvitationToken(token), invitedByUserId: actor.userId, expiresAt });
  const link = new URL(invitationPath(token), baseUrl).toString();
  const emailed = await queueInvitationEmail(organizationId, { invitationId: id, email: input.email, role: input.role, invitedBy: actor.name, link, expiresAt });
  if (emailed) logger.info({ organizationId, invitationId: id, email: input.email, role: input.role }, "invitation created and queued by e-mail");
  else logger.info({ organizationId, invitationId: id, email: input.email, role: input.role, link }, "invitation created (no mail server configured: send this link yourself)");
  return { id, link, expiresAt, emailed };
}

export type TInvitationLookup = { kind: "open"; invitation: TInvitationRow } | { kind: "unknown" } | { kind: "expired" } | { kind: "accepted" };

export async function findInvitation(token: string, now = new Date()): Promise<TInvitationLookup> {
  const invitation = await findInvitationByTokenHash(hashInvitationToken(token));
  if (!invitation) return { kind: "unknown" };
  if (invitation.acceptedAt) return { kind: "accepted" };
  if (invitation.expiresAt <= now) return { kind: "expired" };
  return { kind: "open", invitation };
}

/** The signed-in user accepts: the invitation's email must be theirs. They join and switch to the organization. */
export async function acceptInvitation(token: string, session: TSignedInSession, now = new Date()): Promise<{ organizationId: string }> {
  const lookup = await findInvitation(token, now);
  if (lookup.kind !== "open") {
    throw new AppError(lookup.kind === "unknown" ? 404 : 409, "Invitation not usable", `This invitation is ${lookup.kind === "unknown" ? "not valid" : lookup.kind}. Ask an admin for a new link.`);
  }
  const { invitation } = lookup;
  if (invitation.email.toLowerCase() !== session.email.toLowerCase()) {
    throw new AppError(403, "Invitation for someone else", `This invitation is for ${invitation.email}; you are signed in as ${session.email}. Sign out and sign in (or sign up) with that email.`);
  }
  if (!(await markInvitationAccepted(invitation.id, session.userId, now))) {
    throw new AppError(409, "Invitation not usable", "This invitation was just accepted. Ask an admin for a new link.");
  }
  await upsertOrganizationMember(invitation.organizationId, session.userId, invitation.role);
  await findOrCreatePersonByEmail(invitation.organizationId, session.email, session.name);
  await setSessionActiveOrganization(session.sessionId, session.userId, invitation.organizationId);
  return { organizationId: invitation.organizationId };
}
