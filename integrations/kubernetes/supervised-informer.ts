import { ListWatch, type KubeConfig, type KubernetesListObject, type KubernetesObject, type ObjectCache } from "@kubernetes/client-node";
import { backoffDelay, type BackoffOptions } from "@/domain/retry/backoff.ts";
import { GuardedWatch, isAbortError } from "./guarded-watch.ts";

export interface SupervisedInformerOptions<T extends KubernetesObject> {
  kubeConfig: KubeConfig;
  /** Watch path, e.g. `/apis/apps/v1/deployments`. */
  path: string;
  list: () => Promise<KubernetesListObject<T>>;
  backoff: BackoffOptions;
  random: () => number;
  onAdd: (object: T) => void;
  onUpdate: (object: T) => void;
  onDelete: (object: T) => void;
  /** The informer listed and is watching: for the first time, or again after a failure. */
  onHealthy: () => void;
  /** It failed and will retry after `retryInMs`. */
  onFailure: (error: unknown, attempt: number, retryInMs: number) => void;
  onThrottle: (delayMs: number, quickEnds: number) => void;
}

/**
 * One client-node informer kept alive. ListWatch resumes by itself after a clean end of
 * a watch and relists by itself after 410 Gone (emitting deletes for objects missing
 * from the new list), but after any other error (connection refused, 5xx, a cut
 * connection) it reports the error and stops. This restarts it with exponential backoff
 * and jitter; a restart resumes the watch from the last resourceVersion it saw, so a
 * short outage costs no relist, and a long one ends in 410 and a relist.
 */
export class SupervisedInformer<T extends KubernetesObject> {
  private readonly informer: ListWatch<T>;
  private readonly watch: GuardedWatch;
  private stopped = false;
  private started = false;
  private failuresInARow = 0;
  private failedThisAttempt = false;
  private retryTimer: NodeJS.Timeout | null = null;
  private healthy = false;
  private everHealthy = false;

  constructor(private readonly options: SupervisedInformerOptions<T>) {
    this.watch = new GuardedWatch(options.kubeConfig, {
      backoff: options.backoff,
      random: options.random,
      quickEndMs: 5_000,
      onThrottle: options.onThrottle,
    });
    this.informer = new ListWatch<T>(options.path, this.watch, options.list, false);
    this.informer.on("add", (object) => this.whileRunning(() => options.onAdd(object)));
    this.informer.on("update", (object) => this.whileRunning(() => options.onUpdate(object)));
    this.informer.on("delete", (object) => this.whileRunning(() => options.onDelete(object)));
    this.informer.on("error", (error: unknown) => this.fail(error));
  }

  get cache(): ObjectCache<T> {
    return this.informer;
  }

  isHealthy(): boolean {
    return this.healthy;
  }

  hasSynced(): boolean {
    return this.everHealthy;
  }

  start(): void {
    if (this.started) return;
    this.started = true;
    void this.attempt();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.healthy = false;
    if (this.retryTimer !== null) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.watch.close();
    await this.informer.stop();
  }

  private async attempt(): Promise<void> {
    this.retryTimer = null;
    this.failedThisAttempt = false;
    // start() resolves once the list is in and the watch is connected, or once either
    // has failed; a failure has then already been reported through "error".
    try {
      await this.informer.start();
    } catch (error) {
      // Thrown, not reported: e.g. a kubeconfig without a current cluster.
      this.fail(error);
      return;
    }
    if (this.stopped || this.failedThisAttempt) return;
    this.failuresInARow = 0;
    this.healthy = true;
    this.everHealthy = true;
    this.options.onHealthy();
  }

  private fail(error: unknown): void {
    if (this.stopped || isAbortError(error)) return;
    this.failedThisAttempt = true;
    this.healthy = false;
    if (this.retryTimer !== null) return;
    this.failuresInARow += 1;
    const retryInMs = backoffDelay(this.failuresInARow, this.options.backoff, this.options.random);
    this.retryTimer = setTimeout(() => void this.attempt(), retryInMs);
    this.options.onFailure(error, this.failuresInARow, retryInMs);
  }

  private whileRunning(action: () => void): void {
    // A list that was in flight when stop() was called still delivers its items.
    if (!this.stopped) action();
  }
}
