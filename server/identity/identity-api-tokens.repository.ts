import { getPrisma } from "@/server/db/client.ts";

export interface TApiTokenRecord {
  id: string;
  organizationId: string;
  name: string;
  prefix: string;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
}

export interface TApiTokenListRow {
  id: string;
  name: string;
  prefix: string;
  createdBy: string | null;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

export async function findApiTokenByHash(tokenHash: string): Promise<TApiTokenRecord | null> {
  return getPrisma().apiToken.findUnique({
    where: { tokenHash },
    select: { id: true, organizationId: true, name: true, prefix: true, revokedAt: true, lastUsedAt: true },
  });
}

export async function insertApiToken(input: {
  organizationId: string;
  name: string;
  prefix: string;
  tokenHash: string;
  createdBy: string | null;
}): Promise<{ id: string }> {
  return getPrisma().apiToken.create({ data: input, select: { id: true } });
}

export async function touchApiToken(id: string, at: Date): Promise<void> {
  await getPrisma().apiToken.update({ where: { id }, data: { lastUsedAt: at } });
}

/** Never selects the hash: the list goes to a page. */
export async function findApiTokens(organizationId: string): Promise<TApiTokenListRow[]> {
  return getPrisma().apiToken.findMany({
    where: { organizationId },
    select: { id: true, name: true, prefix: true, createdBy: true, createdAt: true, lastUsedAt: true, revokedAt: true },
    orderBy: [{ revokedAt: { sort: "desc", nulls: "first" } }, { createdAt: "desc" }],
  });
}

/** Revokes one of the organization's tokens; false when it has no such token. Revoking twice keeps the first time. */
export async function revokeApiTokenRow(organizationId: string, id: string, at: Date): Promise<boolean> {
  const prisma = getPrisma();
  const updated = await prisma.apiToken.updateMany({ where: { organizationId, id, revokedAt: null }, data: { revokedAt: at } });
  if (updated.count > 0) return true;
  return (await prisma.apiToken.count({ where: { organizationId, id } })) > 0;
}
