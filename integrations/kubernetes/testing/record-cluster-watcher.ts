import type { WorkloadKey, WorkloadObservation } from "@/domain/kubernetes/workload-observation.ts";
import { createClusterWatcher, type ClusterWatcher, type ClusterWatcherOptions, type ClusterWatchError } from "@/integrations/kubernetes/cluster-watcher.ts";
import type { ClusterConnection } from "@/integrations/kubernetes/load-clusters.ts";
import type { KubernetesServiceObservation } from "@/integrations/kubernetes/to-kubernetes-service-observation.ts";

export interface RecordedClusterWatcher {
  watcher: ClusterWatcher;
  upserts: WorkloadObservation[];
  /** The `previous` argument of each upsert, index for index. */
  previous: (WorkloadObservation | null)[];
  deletes: { key: WorkloadKey; last: WorkloadObservation }[];
  synced: { initial: boolean }[];
  errors: ClusterWatchError[];
  services: KubernetesServiceObservation[];
  /** The newest upsert of a workload by name, if any. */
  latest(name: string): WorkloadObservation | undefined;
}

/** A started watcher whose callbacks append to arrays, for assertions. */
export function recordClusterWatcher(
  connection: ClusterConnection,
  overrides: Partial<Omit<ClusterWatcherOptions, "cluster" | "kubeConfig" | "onUpsert" | "onDelete" | "onSynced" | "onError">> = {},
): RecordedClusterWatcher {
  const upserts: WorkloadObservation[] = [];
  const previous: (WorkloadObservation | null)[] = [];
  const deletes: { key: WorkloadKey; last: WorkloadObservation }[] = [];
  const synced: { initial: boolean }[] = [];
  const errors: ClusterWatchError[] = [];
  const services: KubernetesServiceObservation[] = [];
  const watcher = createClusterWatcher({
    cluster: connection.name,
    kubeConfig: connection.kubeConfig,
    // Fast retries keep the tests short; the schedule itself is unit-tested in backoff-delay.test.ts.
    backoff: { initialMs: 50, maxMs: 400 },
    onUpsert: (observation, before) => {
      upserts.push(observation);
      previous.push(before);
    },
    onDelete: (key, last) => deletes.push({ key, last }),
    onSynced: (info) => synced.push(info),
    onError: (error) => errors.push(error),
    onKubernetesServiceUpsert: (service) => services.push(service),
    ...overrides,
  });
  watcher.start();
  return {
    watcher,
    upserts,
    previous,
    deletes,
    synced,
    errors,
    services,
    latest: (name) => upserts.findLast((observation) => observation.name === name),
  };
}
