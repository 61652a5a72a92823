import { z } from "zod";
import type { TMeshSourceConfig } from "@/server/telemetry/mesh-telemetry-config.ts";
import { findIntegrationsOfAllOrganizations } from "./integrations-all-organizations.repository.ts";
import { openSecret } from "./secret-box.ts";

const ZPrometheusConfig = z.object({ url: z.string().url(), dialect: z.enum(["linkerd", "istio", "otel"]) });

export interface TOrganizationMeshSource {
  organizationId: string;
  /** Changes when the integration is edited, so the worker builds a fresh client. */
  key: string;
  config: Extract<TMeshSourceConfig, { kind: "prometheus" }>;
}

/** The Prometheus sources organizations configured on /settings/integrations (one per organization: the first by name). */
export async function listOrganizationMeshSources(rateRange: string): Promise<{ sources: TOrganizationMeshSource[]; invalid: { organizationId: string; name: string }[] }> {
  const rows = await findIntegrationsOfAllOrganizations("prometheus");
  const sources: TOrganizationMeshSource[] = [];
  const invalid: { organizationId: string; name: string }[] = [];
  const seen = new Set<string>();
  for (const row of rows) {
    if (seen.has(row.organizationId)) continue;
    const config = ZPrometheusConfig.safeParse(row.config);
    if (!config.success) {
      invalid.push({ organizationId: row.organizationId, name: row.name });
      continue;
    }
    seen.add(row.organizationId);
    sources.push({
      organizationId: row.organizationId,
      key: `${row.organizationId}/${row.name}@${row.updatedAt.getTime()}`,
      config: {
        kind: "prometheus",
        url: config.data.url,
        dialect: config.data.dialect,
        bearerToken: row.secretCiphertext ? await openSecret(row.secretCiphertext) : undefined,
        headers: {},
        rateRange,
      },
    });
  }
  return { sources, invalid };
}
