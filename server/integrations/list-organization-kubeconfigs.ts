import { z } from "zod";
import { findIntegrationsOfAllOrganizations } from "./integrations-all-organizations.repository.ts";
import { openSecret } from "./secret-box.ts";

const ZKubernetesConfig = z.object({ context: z.string().optional() });

export interface TOrganizationKubeconfig {
  organizationId: string;
  name: string;
  /** The pasted kubeconfig, opened: for the discovery worker only (integrations/kubernetes parses it as untrusted). */
  kubeconfig: string;
  context: string | undefined;
}

/** The clusters organizations configured on /settings/integrations, read when the discovery worker starts. */
export async function listOrganizationKubeconfigs(): Promise<TOrganizationKubeconfig[]> {
  const rows = await findIntegrationsOfAllOrganizations("kubernetes");
  const result: TOrganizationKubeconfig[] = [];
  for (const row of rows) {
    if (!row.secretCiphertext) continue;
    const config = ZKubernetesConfig.safeParse(row.config);
    result.push({ organizationId: row.organizationId, name: row.name, kubeconfig: await openSecret(row.secretCiphertext), context: config.success ? config.data.context : undefined });
  }
  return result;
}
