import { getPrisma } from "@/server/db/client.ts";

export async function findIntegrationNames(organizationId: string, kind: "oidc" | "kubernetes" | "prometheus"): Promise<string[]> {
  const rows = await getPrisma().integration.findMany({ where: { organizationId, kind }, select: { name: true }, orderBy: { name: "asc" } });
  return rows.map((row) => row.name);
}
