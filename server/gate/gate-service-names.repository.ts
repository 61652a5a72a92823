import { getPrisma } from "@/server/db/client.ts";

/** Every service's slug and name, for the /deploys fuzzy search (a few thousand short rows). */
export async function listServiceNames(organizationId: string): Promise<{ slug: string; name: string }[]> {
  return getPrisma().service.findMany({ where: { organizationId }, select: { slug: true, name: true }, orderBy: { slug: "asc" } });
}
