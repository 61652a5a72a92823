import { Watch, type KubeConfig } from "@kubernetes/client-node";
import { backoffDelay, type BackoffOptions } from "@/domain/retry/backoff.ts";

export interface GuardedWatchOptions {
  backoff: BackoffOptions;
  random: () => number;
  /** A watch that ends cleanly sooner than this without delivering an event counts as a quick end. */
  quickEndMs: number;
  /** Told when reconnects are being slowed down, so the watcher can say why it is behind. */
  onThrottle: (delayMs: number, quickEnds: number) => void;
}

/**
 * client-node's Watch with the four things its informer (ListWatch) leaves to us:
 *
 * - Bookmarks. ListWatch does not ask for them, so its resourceVersion only moves with
 *   events of its own kind, and after a quiet hour a reconnect resumes from a version
 *   the API server has compacted away: 410 and a full relist. With bookmarks the server
 *   keeps the version fresh (ListWatch already records a BOOKMARK's resourceVersion).
 * - Tight loops. ListWatch reconnects at once when a watch ends cleanly and relists at
 *   once after 410 Gone; a server that keeps ending watches (or a history that keeps
 *   expiring) makes it spin. After two quick clean ends in a row each new watch waits
 *   an exponential, jittered delay.
 * - Stopping. ListWatch.stop() aborts the current request only if one is established;
 *   a watch still connecting when stop() is called would be kept open. close() aborts
 *   every live watch and any that finishes connecting afterwards.
 * - Abort noise. Aborting a request makes node-fetch fail its body with AbortError, and
 *   ListWatch reports that as an informer error (and, on a restart, would abort the
 *   *next* request with it). An abort is always ours, never the server's, so it is not
 *   passed on.
 *
 * makeInformer() is `new ListWatch(path, new Watch(kc), list, false)`; the watcher builds
 * the same ListWatch with this Watch instead.
 */
export class GuardedWatch extends Watch {
  private closed = false;
  private quickEnds = 0;
  private readonly live = new Set<AbortController>();
  private pendingDelay: { timer: NodeJS.Timeout; resolve: () => void } | null = null;

  constructor(
    kubeConfig: KubeConfig,
    private readonly options: GuardedWatchOptions,
  ) {
    super(kubeConfig);
  }

  override async watch(
    path: string,
    queryParams: Record<string, string | number | boolean | undefined>,
    callback: (phase: string, apiObj: unknown, watchObj?: unknown) => void,
    done: (err: unknown) => void,
  ): Promise<AbortController> {
    if (this.quickEnds >= 2 && !this.closed) {
      const delayMs = backoffDelay(this.quickEnds - 1, this.options.backoff, this.options.random);
      this.options.onThrottle(delayMs, this.quickEnds);
      await this.delay(delayMs);
    }
    if (this.closed) return abortedController();

    const startedAt = Date.now();
    let delivered = false;
    const controller = await super.watch(
      path,
      { ...queryParams, allowWatchBookmarks: true },
      (phase, apiObj, watchObj) => {
        if (phase !== "ERROR") delivered = true;
        callback(phase, apiObj, watchObj);
      },
      (err: unknown) => {
        if (isAbortError(err)) return;
        if (err === null || err === undefined) {
          const quick = !delivered && Date.now() - startedAt < this.options.quickEndMs;
          this.quickEnds = quick ? this.quickEnds + 1 : 0;
        } else if (delivered) {
          this.quickEnds = 0;
        }
        done(err);
      },
    );
    if (this.closed) controller.abort();
    else if (!controller.signal.aborted) {
      this.live.add(controller);
      controller.signal.addEventListener("abort", () => this.live.delete(controller), { once: true });
    }
    return controller;
  }

  /** Aborts every watch of this informer, now and when a pending connect completes. */
  close(): void {
    this.closed = true;
    if (this.pendingDelay !== null) {
      clearTimeout(this.pendingDelay.timer);
      this.pendingDelay.resolve();
      this.pendingDelay = null;
    }
    for (const controller of this.live) controller.abort();
    this.live.clear();
  }

  private delay(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.pendingDelay = null;
        resolve();
      }, ms);
      this.pendingDelay = { timer, resolve };
    });
  }
}

export function isAbortError(error: unknown): boolean {
  if (typeof error !== "object" || error === null) return false;
  const { name, type } = error as { name?: unknown; type?: unknown };
  return name === "AbortError" || type === "aborted";
}

function abortedController(): AbortController {
  const controller = new AbortController();
  controller.abort();
  return controller;
}
