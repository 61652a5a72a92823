import type { Logger } from "pino";
import { deleteWorkersNotSeenSince, markWorkerStopped, saveWorkerHeartbeat } from "./system-workers.repository.ts";
import type { TWorkerProcess } from "./worker-process.ts";

export const HEARTBEAT_INTERVAL_MS = 5_000;
/** Processes gone for longer than this are forgotten (with their per-source statuses). */
const FORGET_AFTER_MS = 24 * 3_600_000;

/**
 * Writes this worker process's heartbeat every few seconds, for /settings/system (which
 * calls a process silent for longer than a few heartbeats gone), and forgets processes
 * that have been gone for a day.
 */
export async function startWorkerHeartbeat(worker: TWorkerProcess, log: Logger, intervalMs = HEARTBEAT_INTERVAL_MS): Promise<{ stop(): Promise<void> }> {
  const startedAt = new Date();
  const beat = async () => {
    try {
      const now = new Date();
      await saveWorkerHeartbeat(worker, startedAt, now);
      await deleteWorkersNotSeenSince(new Date(now.getTime() - FORGET_AFTER_MS));
    } catch (error) {
      log.warn({ err: error }, "could not write the worker heartbeat; will try again");
    }
  };
  await beat();
  let pending: Promise<void> = Promise.resolve();
  const timer = setInterval(() => {
    pending = beat();
  }, intervalMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await pending;
      await markWorkerStopped(worker.id, new Date()).catch(() => {});
    },
  };
}
