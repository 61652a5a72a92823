import type { WorkloadKey } from "@/domain/kubernetes/workload-observation.ts";
import { baselineOf, recordWorkloadChanges, type TRecordWorkloadChangesResult, type TWorkloadChange } from "./record-workload-changes.ts";
import { inWorkloadTransaction } from "./workloads.repository.ts";

/**
 * After a (re)sync, the watcher's view is the whole truth about the cluster: every stored
 * workload of it that the view lacks was deleted while nobody watched (the worker was
 * down, or a watch gap ended in a relist). Those are recorded as deletions, with events
 * keyed like the watcher's own, so a deletion seen both ways is recorded once.
 */
export async function reconcileClusterSnapshot(
  organizationId: string,
  cluster: { id: string; name: string },
  live: Pick<WorkloadKey, "namespace" | "kind" | "name">[],
  options: { now?: Date } = {},
): Promise<TRecordWorkloadChangesResult & { deleted: number }> {
  const present = new Set(live.map((workload) => `${workload.namespace}/${workload.kind}/${workload.name}`));
  const gone = await inWorkloadTransaction(organizationId, async (store) => {
    const missing = (await store.findLiveWorkloadKeys(cluster.id)).filter((row) => !present.has(`${row.namespace}/${row.kind}/${row.name}`));
    if (missing.length === 0) return [];
    const wanted = new Set(missing.map((row) => `${row.namespace}/${row.kind}/${row.name}`));
    const rows = await store.findWorkloads(cluster.id, missing.map((row) => row.name));
    return rows.filter((row) => row.deletedAt === null && wanted.has(`${row.namespace}/${row.kind}/${row.name}`));
  });
  const deletions: TWorkloadChange[] = gone.map((row) => {
    const last = baselineOf(row, cluster.name);
    return { type: "delete", key: { cluster: cluster.name, namespace: last.namespace, kind: last.kind, name: last.name, uid: row.uid ?? "" }, last };
  });
  const result = await recordWorkloadChanges(organizationId, cluster, deletions, options);
  return { ...result, deleted: deletions.length };
}
