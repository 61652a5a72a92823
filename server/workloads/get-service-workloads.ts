import { findRecentKubernetesEvents, findServiceWorkloads, type TServiceWorkloadRow } from "./workloads.repository.ts";
import { ROLLOUT_STATES, type TClusterStatus, type TServiceWorkloads, type TWorkload } from "./workloads.schemas.ts";

const RECENTLY_DELETED_LIMIT = 10;
/** Enough recent events to find the last change of every workload of a service in practice. */
const LAST_CHANGE_LOOKBACK = 300;

/** A service's workloads grouped by cluster, with sync states and each one's last change; null when no such service. */
export async function getServiceWorkloads(organizationId: string, slug: string): Promise<TServiceWorkloads | null> {
  const found = await findServiceWorkloads(organizationId, slug, { deletedLimit: RECENTLY_DELETED_LIMIT });
  if (found === null) return null;
  const events = await findRecentKubernetesEvents(organizationId, found.service.id, LAST_CHANGE_LOOKBACK);
  const lastChanges = new Map<string, TWorkload["lastChange"]>();
  for (const event of events) {
    const key = subjectKey(event.details);
    if (key !== null && !lastChanges.has(key)) lastChanges.set(key, { type: event.type, title: event.title, occurredAt: event.occurredAt.toISOString() });
  }
  const toWorkload = (row: TServiceWorkloadRow): TWorkload => ({
    cluster: row.cluster.name,
    namespace: row.namespace,
    kind: row.kind,
    name: row.name,
    images: row.images,
    replicasDesired: row.replicasDesired,
    replicasReady: row.replicasReady,
    revision: row.revision,
    rolloutState: ROLLOUT_STATES.find((state) => state === row.rolloutState) ?? "unknown",
    firstSeenAt: row.firstSeenAt.toISOString(),
    lastSeenAt: row.lastSeenAt.toISOString(),
    deletedAt: row.deletedAt?.toISOString() ?? null,
    lastChange: lastChanges.get(`${row.cluster.name}/${row.namespace}/${row.kind}/${row.name}`) ?? null,
  });

  const clusters = new Map<string, TServiceWorkloads["clusters"][number]>();
  for (const row of found.live) {
    let entry = clusters.get(row.cluster.id);
    if (entry === undefined) {
      entry = { ...clusterStatusOf(row.cluster), workloads: [] };
      clusters.set(row.cluster.id, entry);
    }
    entry.workloads.push(toWorkload(row));
  }
  return {
    noWorkloadsSince: found.service.noWorkloadsSince?.toISOString() ?? null,
    clusters: [...clusters.values()].sort((a, b) => a.name.localeCompare(b.name)),
    recentlyDeleted: found.deleted.map(toWorkload),
  };
}

function clusterStatusOf(cluster: TServiceWorkloadRow["cluster"]): TClusterStatus {
  return {
    name: cluster.name,
    environment: cluster.environment,
    syncState: cluster.syncState,
    lastSyncAt: cluster.lastSyncAt?.toISOString() ?? null,
    lastError: cluster.lastError,
    lastErrorAt: cluster.lastErrorAt?.toISOString() ?? null,
  };
}

function subjectKey(details: unknown): string | null {
  if (details === null || typeof details !== "object") return null;
  const { cluster, namespace, kind, name } = details as Record<string, unknown>;
  if (typeof cluster !== "string" || typeof namespace !== "string" || typeof kind !== "string" || typeof name !== "string") return null;
  return `${cluster}/${namespace}/${kind}/${name}`;
}
