import { getPrisma } from "../db/client.ts";

export interface TApiTokenRecord {
  id: string;
  organizationId: string;
  name: string;
  prefix: string;
  revokedAt: Date | null;
}

export async function findApiTokenByHash(tokenHash: string): Promise<TApiTokenRecord | null> {
  return getPrisma().apiToken.findUnique({
    where: { tokenHash },
    select: { id: true, organizationId: true, name: true, prefix: true, revokedAt: true },
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
