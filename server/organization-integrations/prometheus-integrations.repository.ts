import { getPrisma } from "../db/client.ts";

export interface TPrometheusIntegrationRow {
  organizationId: string;
  name: string;
  config: unknown;
  secretCiphertext: string | null;
  updatedAt: Date;
}

/**
 * Every organization's Prometheus integrations, for the mesh worker (one job serves all
 * tenants; each row is ingested strictly into its own organization). Never for pages.
 */
export async function findPrometheusIntegrationsOfAllOrganizations(): Promise<TPrometheusIntegrationRow[]> {
  return getPrisma().integration.findMany({
    where: { kind: "prometheus" },
    select: { organizationId: true, name: true, config: true, secretCiphertext: true, updatedAt: true },
    orderBy: [{ organizationId: "asc" }, { name: "asc" }],
  });
}
