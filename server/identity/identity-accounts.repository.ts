import { getPrisma } from "@/server/db/client.ts";

export type TOrganizationRole = "admin" | "member";

export interface TUserOrganization {
  id: string;
  slug: string;
  name: string;
  role: TOrganizationRole;
}

export interface TOrganizationMemberRow {
  userId: string;
  name: string;
  email: string;
  role: TOrganizationRole;
  joinedAt: Date;
}

/** The organizations a user belongs to, oldest membership first. */
export async function findOrganizationsOfUser(userId: string): Promise<TUserOrganization[]> {
  const rows = await getPrisma().organizationMember.findMany({
    where: { userId },
    select: { role: true, organization: { select: { id: true, slug: true, name: true } } },
    orderBy: { createdAt: "asc" },
  });
  return rows.map((row) => ({ ...row.organization, role: row.role }));
}

export async function findMemberRole(organizationId: string, userId: string): Promise<TOrganizationRole | null> {
  const row = await getPrisma().organizationMember.findUnique({
    where: { organizationId_userId: { organizationId, userId } },
    select: { role: true },
  });
  return row?.role ?? null;
}

/** Adds the user to the organization; an existing membership keeps its role unless `role` upgrades it to admin. */
export async function upsertOrganizationMember(organizationId: string, userId: string, role: TOrganizationRole): Promise<void> {
  await getPrisma().organizationMember.upsert({
    where: { organizationId_userId: { organizationId, userId } },
    create: { organizationId, userId, role },
    update: role === "admin" ? { role } : {},
  });
}

export async function listOrganizationMembers(organizationId: string): Promise<TOrganizationMemberRow[]> {
  const rows = await getPrisma().organizationMember.findMany({
    where: { organizationId },
    select: { role: true, createdAt: true, user: { select: { id: true, name: true, email: true } } },
    orderBy: { createdAt: "asc" },
  });
  return rows.map((row) => ({ userId: row.user.id, name: row.user.name, email: row.user.email, role: row.role, joinedAt: row.createdAt }));
}

export async function updateOrganizationMemberRole(organizationId: string, userId: string, role: TOrganizationRole): Promise<boolean> {
  const updated = await getPrisma().organizationMember.updateMany({ where: { organizationId, userId }, data: { role } });
  return updated.count > 0;
}

export async function countOrganizationAdmins(organizationId: string): Promise<number> {
  return getPrisma().organizationMember.count({ where: { organizationId, role: "admin" } });
}

/** Creates an organization; null when the slug is taken. */
export async function insertOrganization(slug: string, name: string): Promise<{ id: string; slug: string; name: string } | null> {
  const prisma = getPrisma();
  const created = await prisma.organization.createMany({ data: [{ slug, name }], skipDuplicates: true });
  if (created.count === 0) return null;
  return prisma.organization.findUniqueOrThrow({ where: { slug }, select: { id: true, slug: true, name: true } });
}

/** Points a browser session at one of its user's organizations. */
export async function setSessionActiveOrganization(sessionId: string, userId: string, organizationId: string): Promise<void> {
  await getPrisma().session.updateMany({ where: { id: sessionId, userId }, data: { activeOrganizationId: organizationId } });
}

export async function countUsers(): Promise<number> {
  return getPrisma().user.count();
}

export async function findUserIdByEmail(email: string): Promise<string | null> {
  const row = await getPrisma().user.findUnique({ where: { email: email.toLowerCase() }, select: { id: true } });
  return row?.id ?? null;
}

/** The organization's catalog person with this email, created (source ui) when the catalog has none. */
export async function findOrCreatePersonByEmail(organizationId: string, email: string, name: string): Promise<{ id: string; name: string; email: string }> {
  return getPrisma().person.upsert({
    where: { organizationId_email: { organizationId, email: email.toLowerCase() } },
    create: { organizationId, email: email.toLowerCase(), name, source: "ui" },
    update: {},
    select: { id: true, name: true, email: true },
  });
}

export type TRemoveMemberResult = "removed" | "not-found" | "last-admin";

/**
 * Removes the user's membership of the organization, unless they are its last admin, and
 * unsets the organization as the active one of that user's sessions. One transaction, so two
 * admins removing each other cannot leave the organization without an admin.
 * Catalog people and team memberships stay: they describe the catalog, not access.
 */
export async function deleteOrganizationMemberKeepingAnAdmin(organizationId: string, userId: string): Promise<TRemoveMemberResult> {
  return getPrisma().$transaction(async (tx) => {
    const member = await tx.organizationMember.findUnique({ where: { organizationId_userId: { organizationId, userId } }, select: { role: true } });
    if (!member) return "not-found";
    if (member.role === "admin" && (await tx.organizationMember.count({ where: { organizationId, role: "admin" } })) <= 1) return "last-admin";
    await tx.organizationMember.delete({ where: { organizationId_userId: { organizationId, userId } } });
    await tx.session.updateMany({ where: { userId, activeOrganizationId: organizationId }, data: { activeOrganizationId: null } });
    return "removed";
  });
}
