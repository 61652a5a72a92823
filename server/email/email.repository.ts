import { getPrisma } from "@/server/db/client.ts";
import type { TJsonDocument } from "@/server/gate/stored-decision.ts";

// The e-mail channel's rows: the organization's SMTP override, members' notification
// settings, and e-mail outbox rows (Notification, channel "email"). Org-scoped except
// findPendingEmailNotifications, the sweep's cross-tenant scan (each row carries its organizationId).

export interface TSmtpSettingsRow {
  host: string;
  port: number;
  secure: boolean;
  username: string | null;
  passwordCiphertext: string | null;
  fromAddress: string;
  updatedAt: Date;
}

export async function findSmtpSettings(organizationId: string): Promise<TSmtpSettingsRow | null> {
  return getPrisma().smtpSettings.findUnique({
    where: { organizationId },
    select: { host: true, port: true, secure: true, username: true, passwordCiphertext: true, fromAddress: true, updatedAt: true },
  });
}

/** `passwordCiphertext: undefined` keeps the stored password (the form leaves it blank to keep it). */
export async function upsertSmtpSettings(
  organizationId: string,
  input: { host: string; port: number; secure: boolean; username: string | null; passwordCiphertext: string | null | undefined; fromAddress: string },
): Promise<void> {
  const { passwordCiphertext, ...rest } = input;
  await getPrisma().smtpSettings.upsert({
    where: { organizationId },
    create: { organizationId, ...rest, passwordCiphertext: passwordCiphertext ?? null },
    update: { ...rest, ...(passwordCiphertext !== undefined ? { passwordCiphertext } : {}) },
  });
}

export async function deleteSmtpSettings(organizationId: string): Promise<void> {
  await getPrisma().smtpSettings.deleteMany({ where: { organizationId } });
}

export interface TNotificationSettingsRow {
  approvals: string;
  digest: string;
}

export async function findNotificationSettings(organizationId: string, userId: string): Promise<TNotificationSettingsRow | null> {
  return getPrisma().notificationSettings.findUnique({ where: { organizationId_userId: { organizationId, userId } }, select: { approvals: true, digest: true } });
}

export async function upsertNotificationSettings(organizationId: string, userId: string, input: TNotificationSettingsRow): Promise<void> {
  await getPrisma().notificationSettings.upsert({
    where: { organizationId_userId: { organizationId, userId } },
    create: { organizationId, userId, ...input },
    update: input,
  });
}

/** The approval preference of each of these people (by their account's e-mail); people without an account or a setting are absent. */
export async function findApprovalPreferencesByEmail(organizationId: string, emails: readonly string[]): Promise<Map<string, string>> {
  const preferences = new Map<string, string>();
  if (emails.length === 0) return preferences;
  const rows = await getPrisma().notificationSettings.findMany({
    where: { organizationId, userId: { in: await userIdsByEmail(emails) } },
    select: { approvals: true, userId: true },
  });
  const users = await getPrisma().user.findMany({ where: { id: { in: rows.map((row) => row.userId) } }, select: { id: true, email: true } });
  const emailById = new Map(users.map((user) => [user.id, user.email.toLowerCase()]));
  for (const row of rows) {
    const email = emailById.get(row.userId);
    if (email) preferences.set(email, row.approvals);
  }
  return preferences;
}

async function userIdsByEmail(emails: readonly string[]): Promise<string[]> {
  const users = await getPrisma().user.findMany({ where: { email: { in: emails.map((email) => email.toLowerCase()), mode: "insensitive" } }, select: { id: true } });
  return users.map((user) => user.id);
}

/** Who may decide for each team (owners, else members), with their e-mail: whom an approval e-mail goes to. */
export async function findTeamDecidersWithEmail(organizationId: string, teamSlugs: readonly string[]): Promise<Map<string, { personId: string; email: string; name: string }[]>> {
  const byTeam = new Map<string, { personId: string; email: string; name: string }[]>();
  if (teamSlugs.length === 0) return byTeam;
  const teams = await getPrisma().team.findMany({
    where: { organizationId, slug: { in: [...teamSlugs] } },
    select: { slug: true, memberships: { select: { role: true, person: { select: { id: true, email: true, name: true } } }, orderBy: { personId: "asc" } } },
  });
  for (const team of teams) {
    const owners = team.memberships.filter((membership) => membership.role === "owner");
    byTeam.set(
      team.slug,
      (owners.length > 0 ? owners : team.memberships).map((membership) => ({ personId: membership.person.id, email: membership.person.email, name: membership.person.name })),
    );
  }
  return byTeam;
}

export async function findPersonById(organizationId: string, personId: string): Promise<{ id: string; email: string; name: string } | null> {
  return getPrisma().person.findFirst({ where: { organizationId, id: personId }, select: { id: true, email: true, name: true } });
}

export async function isOrganizationMember(organizationId: string, userId: string): Promise<boolean> {
  return (await getPrisma().organizationMember.count({ where: { organizationId, userId } })) > 0;
}

export async function findOrganizationName(organizationId: string): Promise<string | null> {
  return (await getPrisma().organization.findUnique({ where: { id: organizationId }, select: { name: true } }))?.name ?? null;
}

export interface TEmailOutboxWrite {
  target: string;
  kind: string;
  payload: TJsonDocument;
  dedupeKey: string;
  deployRequestId?: string | null;
}

/** E-mail rows outside a deploy decision (invitations, new callers, digests); a repeated dedupeKey adds nothing. Returns how many were new. */
export async function insertEmailNotifications(organizationId: string, rows: readonly TEmailOutboxWrite[]): Promise<number> {
  if (rows.length === 0) return 0;
  const result = await getPrisma().notification.createMany({
    data: rows.map((row) => ({ organizationId, channel: "email", target: row.target, kind: row.kind, payload: row.payload, dedupeKey: row.dedupeKey, deployRequestId: row.deployRequestId ?? null })),
    skipDuplicates: true,
  });
  return result.count;
}

/** Pending e-mail rows across organizations, oldest first: the sweep gives each its send job (pg-boss's singleton key skips those that have one). */
export async function findPendingEmailNotifications(afterId: string | null, limit: number): Promise<{ id: string; organizationId: string }[]> {
  return getPrisma().notification.findMany({
    where: { channel: "email", status: { in: ["pending", "sending"] }, ...(afterId ? { id: { gt: afterId } } : {}) },
    select: { id: true, organizationId: true },
    orderBy: { id: "asc" },
    take: limit,
  });
}
