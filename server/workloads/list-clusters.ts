import { findClusters } from "./workloads.repository.ts";
import type { TClusterSummary } from "./workloads.schemas.ts";

/** Every cluster discovery knows for the organization, with its sync state. */
export async function listClusters(organizationId: string): Promise<TClusterSummary[]> {
  const rows = await findClusters(organizationId);
  return rows.map((row) => ({
    name: row.name,
    environment: row.environment,
    syncState: row.syncState,
    lastSyncAt: row.lastSyncAt?.toISOString() ?? null,
    lastError: row.lastError,
    lastErrorAt: row.lastErrorAt?.toISOString() ?? null,
    liveWorkloadCount: row.liveWorkloadCount,
  }));
}
