import { getPrisma } from "@/server/db/client.ts";
import type { TOrganizationRole } from "./identity-accounts.repository.ts";

export interface TInvitationRow {
  id: string;
  organizationId: string;
  organizationName: string;
  email: string;
  role: TOrganizationRole;
  expiresAt: Date;
  acceptedAt: Date | null;
}

const INVITATION_SELECT = {
  id: true,
  organizationId: true,
  email: true,
  role: true,
  expiresAt: true,
  acceptedAt: true,
  organization: { select: { name: true } },
} as const;

export async function insertInvitation(input: {
  organizationId: string;
  email: string;
  role: TOrganizationRole;
  tokenHash: string;
  invitedByUserId: string;
  expiresAt: Date;
}): Promise<{ id: string }> {
  return getPrisma().invitation.create({ data: input, select: { id: true } });
}

export async function findInvitationByTokenHash(tokenHash: string): Promise<TInvitationRow | null> {
  const row = await getPrisma().invitation.findUnique({ where: { tokenHash }, select: INVITATION_SELECT });
  return row ? { ...row, organizationName: row.organization.name } : null;
}

/** Marks the invitation accepted once; false when someone already accepted it. */
export async function markInvitationAccepted(id: string, userId: string, at: Date): Promise<boolean> {
  const updated = await getPrisma().invitation.updateMany({ where: { id, acceptedAt: null }, data: { acceptedAt: at, acceptedByUserId: userId } });
  return updated.count > 0;
}

/** Open invitations of the organization (never the token hash). */
export async function listOpenInvitations(organizationId: string, now: Date): Promise<{ id: string; email: string; role: TOrganizationRole; expiresAt: Date; createdAt: Date }[]> {
  return getPrisma().invitation.findMany({
    where: { organizationId, acceptedAt: null, expiresAt: { gt: now } },
    select: { id: true, email: true, role: true, expiresAt: true, createdAt: true },
    orderBy: { createdAt: "desc" },
  });
}

/** Deletes an open (not accepted) invitation of the organization; its link then reads "not valid". False when there is none. */
export async function deleteOpenInvitation(organizationId: string, invitationId: string): Promise<boolean> {
  const deleted = await getPrisma().invitation.deleteMany({ where: { id: invitationId, organizationId, acceptedAt: null } });
  return deleted.count > 0;
}
