import { getPrisma } from "@/server/db/client.ts";

export interface TIntegrationOfAnyOrganization {
  organizationId: string;
  name: string;
  config: unknown;
  secretCiphertext: string | null;
  updatedAt: Date;
}

/**
 * Every organization's integrations of one kind, for the workers (one job serves all
 * tenants; each row is used strictly for its own organization). Never for pages.
 */
export async function findIntegrationsOfAllOrganizations(kind: "prometheus" | "kubernetes"): Promise<TIntegrationOfAnyOrganization[]> {
  return getPrisma().integration.findMany({
    where: { kind },
    select: { organizationId: true, name: true, config: true, secretCiphertext: true, updatedAt: true },
    orderBy: [{ organizationId: "asc" }, { name: "asc" }],
  });
}
