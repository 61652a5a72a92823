import { updateClusterState, type TClusterSyncState } from "./workloads.repository.ts";

export interface TClusterSyncStatus {
  syncState: TClusterSyncState;
  lastSyncAt: Date | null;
  lastError: string | null;
  lastErrorAt: Date | null;
}

/**
 * Copies a watcher's state to the cluster's row, where the settings and service pages
 * read it. A null time or error leaves the stored one: a freshly started watcher has not
 * synced or failed yet, and the last success and the last failure stay worth showing.
 */
export async function updateClusterSyncState(organizationId: string, clusterId: string, status: TClusterSyncStatus): Promise<void> {
  await updateClusterState(organizationId, clusterId, {
    syncState: status.syncState,
    ...(status.lastSyncAt === null ? {} : { lastSyncAt: status.lastSyncAt }),
    // The watcher writes only a status and a fixed reason (never a remote body, which the tenant
    // could aim at an internal service); the cap is a second line of defence for the column.
    ...(status.lastError === null ? {} : { lastError: status.lastError.slice(0, 1000) }),
    ...(status.lastErrorAt === null ? {} : { lastErrorAt: status.lastErrorAt }),
  });
}
