/** What the pages and the API read about clusters and workloads: plain data, no Prisma types. */

export const CLUSTER_SYNC_STATES = ["never", "syncing", "ok", "error"] as const;
export type TClusterSyncStateDto = (typeof CLUSTER_SYNC_STATES)[number];

export const ROLLOUT_STATES = ["progressing", "complete", "failed", "unknown"] as const;
export type TRolloutStateDto = (typeof ROLLOUT_STATES)[number];

export interface TClusterStatus {
  name: string;
  environment: string;
  /** never: not watched yet; syncing: listing; ok: the catalog matches the cluster; error: failing and retrying. */
  syncState: TClusterSyncStateDto;
  /** The last time the catalog was known to match the cluster. */
  lastSyncAt: string | null;
  /** The most recent failure, kept after recovery. */
  lastError: string | null;
  lastErrorAt: string | null;
}

export interface TClusterSummary extends TClusterStatus {
  liveWorkloadCount: number;
}

export interface TWorkload {
  cluster: string;
  namespace: string;
  kind: string;
  name: string;
  images: string[];
  replicasDesired: number | null;
  replicasReady: number | null;
  revision: string | null;
  rolloutState: TRolloutStateDto;
  firstSeenAt: string;
  lastSeenAt: string;
  deletedAt: string | null;
  /** The newest history entry about this workload. */
  lastChange: { type: string; title: string; occurredAt: string } | null;
}

export interface TServiceWorkloads {
  /** Set while the service has no running workload: when the last one went away. */
  noWorkloadsSince: string | null;
  /** Live workloads per cluster, each with its cluster's sync state. */
  clusters: (TClusterStatus & { workloads: TWorkload[] })[];
  /** The most recently deleted workloads, newest first. */
  recentlyDeleted: TWorkload[];
}
