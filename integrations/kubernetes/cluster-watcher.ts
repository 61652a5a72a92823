import {
  ApiException,
  AppsV1Api,
  CoreV1Api,
  type KubeConfig,
  type KubernetesListObject,
  type KubernetesObject,
  type V1Deployment,
  type V1Namespace,
  type V1ReplicaSet,
  type V1Service,
  type V1StatefulSet,
} from "@kubernetes/client-node";
import { STATUS_CODES } from "node:http";
import { EgressRefusedError } from "@/server/http/egress-policy.ts";
import type { WorkloadKey, WorkloadKind, WorkloadObservation } from "@/domain/kubernetes/workload-observation.ts";
import { DEFAULT_BACKOFF, type BackoffOptions } from "@/domain/retry/backoff.ts";
import { SupervisedInformer } from "./supervised-informer.ts";
import { toKubernetesServiceObservation, type KubernetesServiceObservation } from "./to-kubernetes-service-observation.ts";
import { toWorkloadObservation, type KubernetesWorkload } from "./to-workload-observation.ts";

export type WatchedResource = "namespaces" | "deployments" | "statefulsets" | "replicasets" | "services";

export type SyncState = "syncing" | "ok" | "error";

export interface ClusterWatcherState {
  /** "syncing" until every informer has listed once; "error" while any is failing and retrying. */
  syncState: SyncState;
  /** When the view last matched the cluster: the end of a (re)sync, or the last event after it. */
  lastSyncAt: Date | null;
  /** The most recent failure, kept after recovery so "why was it red an hour ago" has an answer. */
  lastError: string | null;
  lastErrorAt: Date | null;
  resources: Record<WatchedResource, SyncState>;
}

/** A failure of one informer of one cluster (it is retried), or a callback that threw. */
export class ClusterWatchError extends Error {
  constructor(
    message: string,
    readonly cluster: string,
    /** null when a callback threw. */
    readonly resource: WatchedResource | null,
    /** Failures in a row, or reconnects throttled in a row; null for a callback error. */
    readonly attempt: number | null,
    readonly retryInMs: number | null,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "ClusterWatchError";
  }
}

export interface ClusterWatcherOptions {
  /** The cluster's name in Plumbline (the kubeconfig context name). */
  cluster: string;
  /** A kubeconfig whose current context is this cluster. */
  kubeConfig: KubeConfig;
  /**
   * A workload appeared or changed in a way visible in its observation (any new
   * resourceVersion, or its namespace's annotations). `previous` is the observation last
   * emitted for it by this watcher (null on first sight since start; after a restart,
   * diff against the stored row instead). Callbacks run synchronously inside the
   * informer: keep them fast and queue any I/O.
   */
  onUpsert: (observation: WorkloadObservation, previous: WorkloadObservation | null) => void;
  /** A workload is gone; `last` is the last observation emitted for it. */
  onDelete: (key: WorkloadKey, last: WorkloadObservation) => void;
  /**
   * Every informer has listed once and every workload of the cluster has been emitted
   * (initial: true), or the watcher recovered from errors (initial: false). A good moment
   * to mark stored workloads of this cluster that are not in workloads() as deleted.
   */
  onSynced?: (info: { initial: boolean }) => void;
  onError?: (error: ClusterWatchError) => void;
  onKubernetesServiceUpsert?: (service: KubernetesServiceObservation) => void;
  onKubernetesServiceDelete?: (service: KubernetesServiceObservation) => void;
  backoff?: Partial<BackoffOptions>;
  /**
   * A workload whose namespace has not arrived yet (two watch streams, no order between
   * them) waits this long for it, so it is not first mapped without the namespace's
   * annotations and then remapped.
   */
  namespaceWaitMs?: number;
  random?: () => number;
  now?: () => Date;
}

export interface ClusterWatcher {
  readonly cluster: string;
  /** Starts the informers and returns at once; progress arrives through the callbacks and state(). */
  start(): void;
  /** Stops every informer and timer and closes every watch connection. */
  stop(): Promise<void>;
  state(): ClusterWatcherState;
  /** The workloads as last emitted (empty until the initial sync). */
  workloads(): WorkloadObservation[];
}

/** What the watcher needs of each informer, whatever object type it holds. */
interface InformerHandle {
  start(): void;
  stop(): Promise<void>;
  hasSynced(): boolean;
}


/**
 * Watches one cluster with client-node informers and reports its Deployments and
 * StatefulSets as WorkloadObservations. Each cluster has its own watcher, informers and
 * connections, so one cluster failing never stalls another. See README.md for the error,
 * backoff and 410 Gone behaviour.
 */
export function createClusterWatcher(options: ClusterWatcherOptions): ClusterWatcher {
  const { cluster, kubeConfig } = options;
  const backoff: BackoffOptions = { ...DEFAULT_BACKOFF, ...options.backoff };
  const random = options.random ?? Math.random;
  const now = options.now ?? (() => new Date());
  const namespaceWaitMs = options.namespaceWaitMs ?? 2_000;
  const apps = kubeConfig.makeApiClient(AppsV1Api);
  const core = kubeConfig.makeApiClient(CoreV1Api);

  const resourceState: Record<WatchedResource, SyncState> = {
    namespaces: "syncing",
    deployments: "syncing",
    statefulsets: "syncing",
    replicasets: "syncing",
    services: "syncing",
  };
  let lastSyncAt: Date | null = null;
  let lastError: string | null = null;
  let lastErrorAt: Date | null = null;
  let started = false;
  let stopped = false;
  let workloadsReady = false;
  let wasOk = false;
  let degraded = false;
  const emitted = new Map<string, WorkloadObservation>();
  const namespaceTimers = new Map<string, NodeJS.Timeout>();

  function report(error: ClusterWatchError): void {
    lastError = error.message;
    lastErrorAt = now();
    if (options.onError === undefined) return;
    try {
      options.onError(error);
    } catch {
      // An error handler that throws has nowhere left to report to.
    }
  }

  /** Runs a consumer callback; a throw must not reach the informer, which would swallow it and skip work. */
  function safely(what: string, callback: () => void): void {
    try {
      callback();
    } catch (error) {
      // Our own code failed (e.g. a database write): the detail is for the server log, not the tenant.
      report(new ClusterWatchError(`${cluster}: ${what} callback threw (details in the server log)`, cluster, null, null, null, { cause: error }));
    }
  }

  function supervise<T extends KubernetesObject>(
    resource: WatchedResource,
    path: string,
    list: () => Promise<KubernetesListObject<T>>,
    handlers: { onAdd: (object: T) => void; onUpdate: (object: T) => void; onDelete: (object: T) => void },
  ): SupervisedInformer<T> {
    return new SupervisedInformer<T>({
      kubeConfig,
      path,
      list,
      backoff,
      random,
      onAdd: (object) => {
        touch();
        handlers.onAdd(object);
      },
      onUpdate: (object) => {
        touch();
        handlers.onUpdate(object);
      },
      onDelete: (object) => {
        touch();
        handlers.onDelete(object);
      },
      onHealthy: () => {
        resourceState[resource] = "ok";
        refresh();
      },
      onFailure: (error, attempt, retryInMs) => {
        resourceState[resource] = "error";
        refresh();
        report(
          new ClusterWatchError(`${cluster}: ${resource}: ${describeError(error)} (attempt ${attempt}, retrying in ${retryInMs} ms)`, cluster, resource, attempt, retryInMs, {
            cause: error,
          }),
        );
      },
      onThrottle: (delayMs, quickEnds) => {
        report(
          new ClusterWatchError(
            `${cluster}: ${resource}: the watch ended right after connecting ${quickEnds} times in a row (410 Gone or a proxy closing it); next reconnect in ${delayMs} ms`,
            cluster,
            resource,
            quickEnds,
            delayMs,
          ),
        );
      },
    });
  }

  const namespaces = supervise<V1Namespace>("namespaces", "/api/v1/namespaces", () => core.listNamespace(), {
    onAdd: (namespace) => namespaceChanged(namespace),
    onUpdate: (namespace) => namespaceChanged(namespace),
    // Its workloads get their own DELETED events; remapping them without the namespace first would only add noise.
    onDelete: () => undefined,
  });
  const deployments = supervise<V1Deployment>("deployments", "/apis/apps/v1/deployments", () => apps.listDeploymentForAllNamespaces(), {
    onAdd: (object) => evaluate({ kind: "Deployment", object }),
    onUpdate: (object) => evaluate({ kind: "Deployment", object }),
    onDelete: (object) => forget("Deployment", object),
  });
  const statefulSets = supervise<V1StatefulSet>("statefulsets", "/apis/apps/v1/statefulsets", () => apps.listStatefulSetForAllNamespaces(), {
    onAdd: (object) => evaluate({ kind: "StatefulSet", object }),
    onUpdate: (object) => evaluate({ kind: "StatefulSet", object }),
    onDelete: (object) => forget("StatefulSet", object),
  });
  const replicaSets = supervise<V1ReplicaSet>("replicasets", "/apis/apps/v1/replicasets", () => apps.listReplicaSetForAllNamespaces(), {
    onAdd: (replicaSet) => replicaSetChanged(replicaSet),
    onUpdate: (replicaSet) => replicaSetChanged(replicaSet),
    onDelete: (replicaSet) => replicaSetChanged(replicaSet),
  });
  const services = supervise<V1Service>("services", "/api/v1/services", () => core.listServiceForAllNamespaces(), {
    onAdd: (service) => serviceUpserted(service),
    onUpdate: (service) => serviceUpserted(service),
    onDelete: (service) => {
      const onServiceDelete = options.onKubernetesServiceDelete;
      if (onServiceDelete) safely("onKubernetesServiceDelete", () => onServiceDelete(toKubernetesServiceObservation(cluster, service)));
    },
  });
  const informers: Record<WatchedResource, InformerHandle> = {
    namespaces,
    deployments,
    statefulsets: statefulSets,
    replicasets: replicaSets,
    services,
  };

  function serviceUpserted(service: V1Service): void {
    const onServiceUpsert = options.onKubernetesServiceUpsert;
    if (onServiceUpsert) safely("onKubernetesServiceUpsert", () => onServiceUpsert(toKubernetesServiceObservation(cluster, service)));
  }

  function touch(): void {
    if (syncState() === "ok") lastSyncAt = now();
  }

  function syncState(): SyncState {
    const states = Object.values(resourceState);
    if (states.includes("error")) return "error";
    return states.every((state) => state === "ok") ? "ok" : "syncing";
  }

  function refresh(): void {
    if (stopped) return;
    const state = syncState();
    if (state === "error") degraded = true;
    // Nothing is emitted before every informer has listed once: a workload mapped before
    // its namespace or ReplicaSets are known would be mapped twice, the first time wrong.
    if (!workloadsReady && Object.values(informers).every((informer) => informer.hasSynced())) {
      workloadsReady = true;
      for (const object of deployments.cache.list()) evaluate({ kind: "Deployment", object }, true);
      for (const object of statefulSets.cache.list()) evaluate({ kind: "StatefulSet", object }, true);
      const onSynced = options.onSynced;
      if (onSynced) safely("onSynced", () => onSynced({ initial: true }));
      // Failures before the first sync are covered by it; only later ones need a recovery signal.
      degraded = state === "error";
    } else if (state === "ok" && !wasOk && workloadsReady && degraded) {
      const onSynced = options.onSynced;
      if (onSynced) safely("onSynced", () => onSynced({ initial: false }));
      degraded = false;
    }
    if (state === "ok" && !wasOk) lastSyncAt = now();
    wasOk = state === "ok";
  }

  function evaluate(workload: KubernetesWorkload, allowMissingNamespace = false): void {
    if (!workloadsReady || stopped) return;
    const namespaceName = workload.object.metadata?.namespace ?? "";
    const namespace = namespaces.cache.get(namespaceName);
    if (namespace === undefined && !allowMissingNamespace) {
      waitForNamespace(namespaceName);
      return;
    }
    const observation = toWorkloadObservation(cluster, workload, namespace, workload.kind === "Deployment" ? replicaSets.cache.list(namespaceName) : []);
    const key = emittedKey(observation.kind, observation.namespace, observation.name);
    const previous = emitted.get(key);
    let baseline = previous ?? null;
    if (previous !== undefined && previous.uid !== observation.uid) {
      // Deleted and re-created under the same name while disconnected: a relist reports it as an update.
      emitted.delete(key);
      baseline = null;
      safely("onDelete", () => options.onDelete(keyOf(previous), previous));
    } else if (previous !== undefined && JSON.stringify(previous) === JSON.stringify(observation)) {
      return;
    }
    emitted.set(key, observation);
    safely("onUpsert", () => options.onUpsert(observation, baseline));
  }

  function forget(kind: WorkloadKind, object: V1Deployment | V1StatefulSet): void {
    if (stopped) return;
    const key = emittedKey(kind, object.metadata?.namespace ?? "", object.metadata?.name ?? "");
    const previous = emitted.get(key);
    if (previous === undefined) return;
    emitted.delete(key);
    safely("onDelete", () => options.onDelete(keyOf(previous), previous));
  }

  function namespaceChanged(namespace: V1Namespace): void {
    const name = namespace.metadata?.name ?? "";
    const timer = namespaceTimers.get(name);
    if (timer !== undefined) clearTimeout(timer);
    namespaceTimers.delete(name);
    reevaluateNamespace(name, false);
  }

  function waitForNamespace(name: string): void {
    if (namespaceTimers.has(name)) return;
    namespaceTimers.set(
      name,
      setTimeout(() => {
        namespaceTimers.delete(name);
        reevaluateNamespace(name, true);
      }, namespaceWaitMs),
    );
  }

  function reevaluateNamespace(name: string, allowMissingNamespace: boolean): void {
    for (const object of deployments.cache.list(name)) evaluate({ kind: "Deployment", object }, allowMissingNamespace);
    for (const object of statefulSets.cache.list(name)) evaluate({ kind: "StatefulSet", object }, allowMissingNamespace);
  }

  function replicaSetChanged(replicaSet: V1ReplicaSet): void {
    const owner = replicaSet.metadata?.ownerReferences?.find((reference) => reference.kind === "Deployment" && reference.controller === true);
    if (owner === undefined) return;
    const deployment = deployments.cache.get(owner.name, replicaSet.metadata?.namespace);
    if (deployment !== undefined) evaluate({ kind: "Deployment", object: deployment });
  }

  return {
    cluster,
    start() {
      if (started || stopped) return;
      started = true;
      for (const informer of Object.values(informers)) informer.start();
    },
    async stop() {
      stopped = true;
      for (const timer of namespaceTimers.values()) clearTimeout(timer);
      namespaceTimers.clear();
      await Promise.all(Object.values(informers).map((informer) => informer.stop()));
    },
    state() {
      return { syncState: syncState(), lastSyncAt, lastError, lastErrorAt, resources: { ...resourceState } };
    },
    workloads() {
      return [...emitted.values()];
    },
  };
}

function emittedKey(kind: WorkloadKind, namespace: string, name: string): string {
  return `${kind}/${namespace}/${name}`;
}

function keyOf(observation: WorkloadObservation): WorkloadKey {
  return { cluster: observation.cluster, namespace: observation.namespace, kind: observation.kind, name: observation.name, uid: observation.uid };
}

/**
 * One line for the cluster's status, which the tenant reads (GET /api/v1/clusters): the HTTP
 * status and a fixed reason, or a connection error's code. Never text from the remote side
 * (bodies, status lines, JSON parse errors quoting a body): a tenant can point a kubeconfig at
 * an internal service, and its answers must not come back to them. The full error is kept as
 * the ClusterWatchError's `cause` for the server's debug log.
 */
export function describeError(error: unknown): string {
  const status = httpStatusOf(error);
  if (status !== null) return `HTTP ${status} ${STATUS_CODES[status] ?? "Unknown"}: ${kubernetesStatusReason(status)}`;
  const refused = egressRefusalOf(error);
  if (refused !== null) return refused;
  const code = errorCodeOf(error);
  if (code !== null) return `the connection to the API server failed (${code})`;
  if (error instanceof SyntaxError || (error as { type?: unknown } | null)?.type === "invalid-json") return "the API server answered with something that is not Kubernetes JSON";
  return "the request to the API server failed";
}

function kubernetesStatusReason(status: number): string {
  if (status === 401) return "the cluster refused the credentials";
  if (status === 403) return "the credentials may not list or watch this resource (check RBAC)";
  if (status === 404) return "the API server does not serve this resource (is the server URL right?)";
  if (status === 410) return "the watch history expired; relisting";
  if (status === 429) return "the API server is throttling requests";
  if (status >= 500) return "the API server failed";
  return "unexpected answer from the API server";
}

function httpStatusOf(error: unknown): number | null {
  if (error instanceof ApiException) return typeof error.code === "number" ? error.code : null;
  // client-node's Watch fails with an Error carrying statusCode (its message is the remote status line).
  const statusCode = (error as { statusCode?: unknown } | null)?.statusCode;
  return typeof statusCode === "number" && Number.isInteger(statusCode) ? statusCode : null;
}

/** Our own refusal (egress policy), possibly wrapped by node-fetch: its text is ours, safe to show. */
function egressRefusalOf(error: unknown): string | null {
  for (let current: unknown = error, depth = 0; current instanceof Error && depth < 4; current = current.cause, depth += 1) {
    if (current instanceof EgressRefusedError) return current.message;
    // node-fetch (under client-node) rewraps socket errors as "request to URL failed, reason: <the
    // error's message>" keeping only its code; EGRESS_REFUSED comes only from our own refusal.
    const { code, message } = current as Error & { code?: unknown };
    const marker = message.indexOf("reason: ");
    if (code === "EGRESS_REFUSED" && marker >= 0) return message.slice(marker + "reason: ".length);
  }
  return null;
}

/** A system or TLS error code such as ECONNREFUSED or CERT_HAS_EXPIRED: an identifier, never remote text. */
function errorCodeOf(error: unknown): string | null {
  for (let current: unknown = error, depth = 0; current instanceof Error && depth < 4; current = current.cause, depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string" && /^[A-Z][A-Z0-9_]{1,63}$/.test(code)) return code;
  }
  return null;
}
