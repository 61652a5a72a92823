import type { Logger } from "pino";
import { claimLease, releaseLease, type TLeaseClaim } from "./system-leases.repository.ts";
import type { TWorkerProcess } from "./worker-process.ts";

/** A dead holder's work moves after at most TTL + one claim interval (15 s + 5 s). */
export const DEFAULT_LEASE_TTL_MS = 15_000;

export interface TLeasedWork extends TLeaseClaim {
  /** Starts the work once the lease is ours; what it returns is stopped when the lease is lost or given up. */
  start(): Promise<{ stop(): Promise<void> }>;
}

export interface THeldLease {
  readonly key: string;
  /** Whether this process holds the lease and its work runs. */
  isHolding(): boolean;
  /** Stops the work (if running) and releases the lease. */
  stop(): Promise<void>;
}

export interface THoldLeaseOptions {
  holder: TWorkerProcess;
  log: Logger;
  ttlMs?: number;
  /** Called after each claim attempt while the work runs (status reports ride on the renewal). */
  onRenewed?: () => Promise<void> | void;
}

/**
 * Runs `work` in whichever process holds its lease (server/system/system-leases.repository.ts):
 * every TTL/3 this process claims it (taking it if free or expired, renewing it if ours).
 * Won: the work starts. Lost (another process took an expired lease) or not renewed before
 * our own deadline (the database is unreachable): the work stops at once, before anyone
 * else may take it, so two processes never do it at the same time for long. A clean stop
 * releases the lease so the next holder starts without waiting for the expiry.
 *
 * On the embedded PGlite database there is one process, so the first claim always wins.
 */
export function holdLease(work: TLeasedWork, options: THoldLeaseOptions): THeldLease {
  const ttlMs = options.ttlMs ?? DEFAULT_LEASE_TTL_MS;
  const intervalMs = Math.max(50, Math.floor(ttlMs / 3));
  const log = options.log.child({ lease: work.key });
  let running: { stop(): Promise<void> } | null = null;
  /** Local deadline: the lease is surely ours until then (measured from before the claim was sent). */
  let heldUntil = 0;
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  let cycle: Promise<void> = Promise.resolve();

  async function stopWork(reason: string): Promise<void> {
    const current = running;
    running = null;
    if (current === null) return;
    log.info({ reason }, "stopping leased work");
    await current.stop().catch((error: unknown) => log.warn({ err: error }, "leased work failed to stop cleanly"));
  }

  async function tick(): Promise<void> {
    const sentAt = Date.now();
    let won: boolean;
    try {
      won = await claimLease(work, options.holder, ttlMs);
    } catch (error) {
      log.warn({ err: error }, "could not claim or renew the lease; will try again");
      // Without a renewal the lease lapses at its expiry and someone else may take it: stop first.
      if (running !== null && Date.now() >= heldUntil) await stopWork("lease not renewed in time");
      return;
    }
    if (stopped) return;
    if (!won) {
      heldUntil = 0;
      if (running !== null) await stopWork("lease taken by another process");
      return;
    }
    heldUntil = sentAt + ttlMs;
    if (running === null) {
      try {
        running = await work.start();
        log.info({ subject: work.subject }, "lease acquired; work started");
      } catch (error) {
        log.error({ err: error }, "leased work failed to start; giving the lease back");
        await releaseLease(work.key, options.holder).catch(() => {});
        heldUntil = 0;
        return;
      }
      if (stopped) return;
    }
    await Promise.resolve(options.onRenewed?.()).catch((error: unknown) => log.warn({ err: error }, "status report failed"));
  }

  const loop = (): void => {
    if (stopped) return;
    cycle = tick().finally(() => {
      if (stopped) return;
      timer = setTimeout(loop, intervalMs);
      timer.unref();
    });
  };
  loop();
  // A claim that hangs (a stalled connection) must not let the work outlive the lease.
  const guard = setInterval(() => {
    if (running !== null && Date.now() >= heldUntil) void stopWork("lease not renewed in time");
  }, intervalMs);
  guard.unref();

  return {
    key: work.key,
    isHolding: () => running !== null,
    async stop() {
      stopped = true;
      clearInterval(guard);
      if (timer !== null) clearTimeout(timer);
      await cycle.catch(() => {});
      const wasHolding = running !== null || heldUntil > Date.now();
      await stopWork("shutting down");
      if (wasHolding) await releaseLease(work.key, options.holder).catch((error: unknown) => log.warn({ err: error }, "could not release the lease; it expires on its own"));
    },
  };
}
