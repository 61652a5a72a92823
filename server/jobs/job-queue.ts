import { PgBoss, fromPglite, type Clock } from "pg-boss";
import { getDbHandle, type DbHandle } from "@/server/db/client.ts";
import { createGithubCallbackQueue } from "@/server/github/github-callback-queue.ts";
import { createNotificationQueue } from "@/server/notifications/notification-queue.ts";

export type TJobQueue = PgBoss;

export interface TJobQueueOptions {
  /** Tests pass pg-boss's TestClock to own time (job_now() in SQL follows it too). */
  clock?: Clock;
  /** pg-boss maintenance (expiring dead workers' jobs, retention); tests run it on demand with supervise(). */
  supervise?: boolean;
}

/**
 * pg-boss on the app's own database: Postgres through its pool, or the embedded PGlite
 * instance through pg-boss's PGlite adapter. Jobs, retries with backoff and
 * singleton slots (SKIP LOCKED inside) coordinate any number of worker processes
 * without new infrastructure. The queues the app sends to from request handlers (the
 * Slack outbox, the GitHub protection-rule callbacks) are created here, so they exist before any transaction enqueues a job.
 */
export async function startJobQueue(handle: DbHandle, onError: (error: Error) => void, options: TJobQueueOptions = {}): Promise<TJobQueue> {
  const common = { ...(options.clock ? { clock: options.clock } : {}), ...(options.supervise === false ? { supervise: false, schedule: false } : {}) };
  const boss =
    handle.config.kind === "postgres"
      ? new PgBoss({ connectionString: handle.config.url, max: 4, ...common })
      : new PgBoss({ db: fromPglite(requirePglite(handle)), backend: "pglite", ...common });
  boss.on("error", onError);
  await boss.start();
  await createNotificationQueue(boss);
  await createGithubCallbackQueue(boss);
  return boss;
}

function requirePglite(handle: DbHandle) {
  if (!handle.pglite) throw new Error("embedded database handle without PGlite");
  return handle.pglite;
}

// One queue per process, on globalThis like the database handle: the workers, the custom
// server and Next's bundled route handlers (which load this module separately) must
// enqueue through the same started instance. On PGlite that also matters for safety: a
// second instance's queries would wait on the single connection a transaction holds.
const QUEUE_KEY = Symbol.for("plumbline.jobs.queue");
type GlobalWithQueue = typeof globalThis & { [QUEUE_KEY]?: Promise<TJobQueue> };

/** The process's job queue, started on the process's database the first time it is asked for. */
export function ensureJobQueue(onError: (error: Error) => void): Promise<TJobQueue> {
  const g = globalThis as GlobalWithQueue;
  if (!g[QUEUE_KEY]) {
    const starting = startJobQueue(getDbHandle(), onError);
    // A failed start must not stick: the next caller tries again.
    starting.catch(() => {
      if (g[QUEUE_KEY] === starting) delete g[QUEUE_KEY];
    });
    g[QUEUE_KEY] = starting;
  }
  return g[QUEUE_KEY];
}

/** Installs an explicitly started queue as the process's (tests that own the clock). */
export function setJobQueue(queue: TJobQueue): void {
  (globalThis as GlobalWithQueue)[QUEUE_KEY] = Promise.resolve(queue);
}

/** The process's queue if one was started or is starting; null otherwise (nothing is started). */
export function currentJobQueue(): Promise<TJobQueue> | null {
  return (globalThis as GlobalWithQueue)[QUEUE_KEY] ?? null;
}

export async function stopJobQueue(options: { graceful: boolean; timeout?: number } = { graceful: true, timeout: 5000 }): Promise<void> {
  const g = globalThis as GlobalWithQueue;
  const queue = g[QUEUE_KEY];
  if (!queue) return;
  delete g[QUEUE_KEY];
  await (await queue.catch(() => null))?.stop(options);
}
