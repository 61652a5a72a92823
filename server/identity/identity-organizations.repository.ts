import { getPrisma } from "@/server/db/client.ts";

export interface TOrganization {
  id: string;
  slug: string;
  name: string;
}

const ORG_SELECT = { id: true, slug: true, name: true } as const;

export async function upsertOrganization(slug: string, name: string): Promise<TOrganization> {
  return getPrisma().organization.upsert({
    where: { slug },
    create: { slug, name },
    update: {},
    select: ORG_SELECT,
  });
}

export async function findOrganizationBySlug(slug: string): Promise<TOrganization | null> {
  return getPrisma().organization.findUnique({ where: { slug }, select: ORG_SELECT });
}

export async function findOrganizationById(id: string): Promise<TOrganization | null> {
  return getPrisma().organization.findUnique({ where: { id }, select: ORG_SELECT });
}

export async function renameOrganization(id: string, name: string): Promise<void> {
  await getPrisma().organization.update({ where: { id }, data: { name } });
}
