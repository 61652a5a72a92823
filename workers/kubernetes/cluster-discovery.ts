import { yieldBetweenChunks } from "@/server/db/bulk-chunks.ts";
import { getMetrics } from "@/server/metrics/plumbline-metrics.ts";
import { timeWorkerCycle } from "@/server/metrics/time-worker-cycle.ts";
import type { Logger } from "pino";
import type { WorkloadObservation } from "@/domain/kubernetes/workload-observation.ts";
import { createClusterWatcher, type ClusterWatcherOptions, type ClusterWatcherState } from "@/integrations/kubernetes/cluster-watcher.ts";
import type { ClusterConnection } from "@/integrations/kubernetes/load-clusters.ts";
import { reconcileClusterSnapshot } from "@/server/workloads/reconcile-cluster-snapshot.ts";
import { recordWorkloadChanges, type TRecordWorkloadChangesResult, type TWorkloadChange } from "@/server/workloads/record-workload-changes.ts";
import { registerCluster } from "@/server/workloads/register-cluster.ts";
import { updateClusterSyncState, type TClusterSyncStatus } from "@/server/workloads/update-cluster-sync-state.ts";

export interface TClusterDiscoveryOptions {
  organizationId: string;
  connection: Pick<ClusterConnection, "name" | "kubeConfig">;
  log: Logger;
  watcher?: Partial<Pick<ClusterWatcherOptions, "backoff" | "namespaceWaitMs">>;
  /** Changes written per transaction; an initial sync of thousands of workloads goes in a few. */
  batchSize?: number;
  /** Delays between attempts to write a batch before it is dropped and the cluster resynced. */
  retryDelaysMs?: number[];
  stateIntervalMs?: number;
}

export interface TClusterDiscovery {
  readonly cluster: string;
  readonly clusterId: string;
  state(): ClusterWatcherState;
  /** Counters for /settings/system (server/system): writes, failures, backlog. */
  stats(): TClusterDiscoveryStats;
  /** Resolves once everything reported so far is written. */
  idle(): Promise<void>;
  /** Stops watching, writes what is already queued, and stops. */
  stop(): Promise<void>;
}

export interface TClusterDiscoveryStats {
  /** Batches and reconciles written. */
  writes: number;
  /** Writes that failed (each retry counts) and watch failures. */
  failures: number;
  lastWriteAt: Date | null;
  lastWriteMs: number | null;
  /** How long the queue has been non-empty: 0 when everything seen is written. */
  backlogMs: number;
}

type Task = { kind: "change"; change: TWorkloadChange } | { kind: "reconcile"; live: WorkloadObservation[]; initial: boolean };

const DEFAULT_RETRY_DELAYS_MS = [1_000, 2_000, 4_000];
/** Only lastSyncAt moved: write it this often, not on every event. */
const SYNC_TIME_WRITE_INTERVAL_MS = 10_000;

/**
 * Keeps the catalog true to one cluster: a client-node watcher whose callbacks (which
 * must stay synchronous) append to a queue, and one loop that writes the queue in order
 * through the workload use cases, batching whatever piled up. Order matters per workload
 * (an image change before its rollout), so nothing is written concurrently.
 */
export async function startClusterDiscovery(options: TClusterDiscoveryOptions): Promise<TClusterDiscovery> {
  const { organizationId, connection } = options;
  const log = options.log.child({ cluster: connection.name });
  const batchSize = options.batchSize ?? 1000;
  const retryDelays = options.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS;
  const { id: clusterId } = await registerCluster(organizationId, connection.name);
  const cluster = { id: clusterId, name: connection.name };

  const tasks: Task[] = [];
  let draining: Promise<void> | null = null;
  let stopping = false;
  let hasReconciled = false;
  const counters = { writes: 0, failures: 0, lastWriteAt: null as Date | null, lastWriteMs: null as number | null };
  /** Since when the queue has held unwritten work (null when empty). */
  let backlogSince: number | null = null;

  const enqueue = (task: Task): void => {
    backlogSince ??= Date.now();
    tasks.push(task);
    // Start on the next turn, not inside the callback: a (re)sync emits every workload in
    // one go, and they should land in full batches rather than one, then the rest.
    draining ??= new Promise<void>((resolve) => setImmediate(resolve))
      .then(drain)
      .finally(() => {
        draining = null;
        if (tasks.length === 0) backlogSince = null;
      });
  };

  const watcher = createClusterWatcher({
    cluster: connection.name,
    kubeConfig: connection.kubeConfig,
    ...options.watcher,
    onUpsert: (observation, previous) => enqueue({ kind: "change", change: { type: "upsert", observation, previous } }),
    onDelete: (key, last) => enqueue({ kind: "change", change: { type: "delete", key, last } }),
    // The view is captured now: later changes are queued behind this reconcile and applied after it.
    onSynced: ({ initial }) => enqueue({ kind: "reconcile", live: watcher.workloads(), initial }),
    onError: (error) => {
      counters.failures += 1;
      if (error.resource === null) {
        // Our own callback failed: the cause is ours to see (the tenant's status says only that it failed).
        log.warn({ err: error.cause }, error.message);
      } else {
        // Every report for a resource is a list/watch about to reconnect (after a failure, or throttled).
        getMetrics().watchReconnects.inc({ resource: error.resource });
        log.warn({ resource: error.resource, attempt: error.attempt, retryInMs: error.retryInMs }, error.message);
        // What the cluster (or whatever the tenant pointed us at) answered stays out of normal logs and the tenant's view.
        log.debug({ err: error.cause }, "cluster watch failure detail");
      }
      void writeState();
    },
  });

  async function drain(): Promise<void> {
    while (tasks.length > 0) {
      // With the embedded database every query resolves as a microtask, so a backlog of
      // batches (an initial sync of 20,000 workloads) would otherwise hold the thread, and
      // every request, until the last one is written.
      await yieldBetweenChunks();
      const head = tasks[0];
      if (head === undefined) break;
      if (head.kind === "reconcile") {
        tasks.shift();
        const result = await attempt("reconcile", "kubernetes-reconcile", () => reconcileClusterSnapshot(organizationId, cluster, head.live));
        if (result !== null) {
          hasReconciled = true;
          report(result);
          log.info({ workloads: head.live.length, deleted: result.deleted, initial: head.initial }, "cluster in sync");
          void writeState();
        } else if (!stopping) {
          resyncAfterLoss();
        }
        continue;
      }
      let count = 0;
      while (count < tasks.length && count < batchSize && tasks[count]?.kind === "change") count += 1;
      const batch = tasks.splice(0, count).flatMap((task) => (task.kind === "change" ? [task.change] : []));
      const result = await attempt(`${batch.length} changes`, "kubernetes-changes", () => recordWorkloadChanges(organizationId, cluster, batch));
      if (result !== null) report(result);
      else if (!stopping) resyncAfterLoss();
    }
  }

  /** Runs one write with retries; null when it kept failing (the caller recovers). Each try is a worker cycle of `source` in /metrics. */
  async function attempt<T>(what: string, source: string, write: () => Promise<T>): Promise<T | null> {
    for (let index = 0; ; index += 1) {
      try {
        const started = Date.now();
        const result = await timeWorkerCycle(source, write);
        counters.writes += 1;
        counters.lastWriteAt = new Date();
        counters.lastWriteMs = Date.now() - started;
        return result;
      } catch (error) {
        counters.failures += 1;
        const delay = retryDelays[index];
        if (delay === undefined || stopping) {
          log.error({ err: error }, `writing ${what} failed; giving up on this batch`);
          return null;
        }
        log.warn({ err: error, retryInMs: delay }, `writing ${what} failed; retrying`);
        await new Promise((resolve) => setTimeout(resolve, delay));
      }
    }
  }

  /**
   * A dropped batch must not lose history: every queued observation is diffed against the
   * stored rows instead of the (never written) previous one, and the watcher's whole view
   * is queued again, followed by a reconcile for dropped deletions.
   */
  function resyncAfterLoss(): void {
    for (const task of tasks) if (task.kind === "change" && task.change.type === "upsert") task.change.previous = null;
    for (const observation of watcher.workloads()) tasks.push({ kind: "change", change: { type: "upsert", observation, previous: null } });
    tasks.push({ kind: "reconcile", live: watcher.workloads(), initial: false });
  }

  function report(result: TRecordWorkloadChangesResult): void {
    for (const change of result.warningChanges) {
      log.warn({ workload: change.workload, service: change.serviceSlug }, `workload annotations: ${change.messages.join("; ")}`);
    }
    if (result.servicesCreated > 0) log.info({ services: result.servicesCreated }, "services discovered in Kubernetes");
  }

  let written: TClusterSyncStatus | null = null;
  let writtenAt = 0;
  let stateWrite: Promise<void> = Promise.resolve();

  function status(): TClusterSyncStatus {
    const state = watcher.state();
    // "ok" only once the catalog holds what the watcher sees, not merely when the lists arrived.
    const syncState = state.syncState === "error" ? "error" : state.syncState === "ok" && hasReconciled ? "ok" : "syncing";
    return { syncState, lastSyncAt: hasReconciled ? state.lastSyncAt : null, lastError: state.lastError, lastErrorAt: state.lastErrorAt };
  }

  function writeState(): Promise<void> {
    stateWrite = stateWrite.then(async () => {
      const next = status();
      const isSame =
        written !== null &&
        written.syncState === next.syncState &&
        written.lastError === next.lastError &&
        written.lastErrorAt?.getTime() === next.lastErrorAt?.getTime();
      const onlyTimeMoved = isSame && written?.lastSyncAt?.getTime() !== next.lastSyncAt?.getTime();
      if (isSame && (!onlyTimeMoved || Date.now() - writtenAt < SYNC_TIME_WRITE_INTERVAL_MS)) return;
      try {
        await updateClusterSyncState(organizationId, clusterId, next);
        written = next;
        writtenAt = Date.now();
      } catch (error) {
        log.warn({ err: error }, "could not record the cluster's sync state; will retry");
      }
    });
    return stateWrite;
  }

  watcher.start();
  await writeState();
  const stateTimer = setInterval(() => void writeState(), options.stateIntervalMs ?? 2_000);
  stateTimer.unref();

  const idle = async (): Promise<void> => {
    while (draining !== null) await draining;
    await stateWrite;
  };

  return {
    cluster: connection.name,
    clusterId,
    state: () => watcher.state(),
    stats: () => ({ ...counters, backlogMs: backlogSince === null ? 0 : Date.now() - backlogSince }),
    idle,
    async stop() {
      clearInterval(stateTimer);
      await watcher.stop();
      // What was reported before the stop is still written; retries are cut short.
      stopping = true;
      await idle();
    },
  };
}
