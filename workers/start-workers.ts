import type { Logger } from "pino";
import { getDbHandle, type DbHandle } from "@/server/db/client.ts";
import { withBackgroundStatements } from "@/server/db/statement-priority.ts";
import { ensureJobQueue, stopJobQueue } from "@/server/jobs/job-queue.ts";
import { startWorkerHeartbeat } from "@/server/system/start-worker-heartbeat.ts";
import { newWorkerProcess } from "@/server/system/worker-process.ts";
import { WORKERS } from "./registry.ts";
import type { TRunningWorker, TWorkerContext } from "./worker-definition.ts";

/**
 * Starts every enabled worker on the job queue. One worker failing to start is logged
 * and the others still run: a broken source must not take the product down.
 */
export async function startWorkers(
  handle: DbHandle,
  options: { log: Logger; demo: boolean },
): Promise<{ stop(): Promise<void>; names: string[] }> {
  // The process's one queue (server/jobs/job-queue.ts): the web side of the same process
  // enqueues through it, and it may already run if a start step wrote outbox rows.
  if (getDbHandle() !== handle) throw new Error("workers must run on the process's database handle");
  const queue = await ensureJobQueue((error) => options.log.error({ err: error }, "job queue error"));
  const workerProcess = newWorkerProcess();
  const heartbeat = await startWorkerHeartbeat(workerProcess, options.log);
  const ctx: TWorkerContext = { queue, log: options.log.child({ workerProcess: workerProcess.id }), demo: options.demo, process: workerProcess };
  const running: { name: string; worker: TRunningWorker }[] = [];
  for (const definition of WORKERS) {
    if (!definition.isEnabled(ctx)) continue;
    try {
      // The workers' rounds (and every timer and job handler they start) let requests' statements
      // go first on the embedded database (server/db/statement-priority.ts).
      const worker = await withBackgroundStatements(() => definition.start({ ...ctx, log: ctx.log.child({ worker: definition.name }) }));
      running.push({ name: definition.name, worker });
    } catch (error) {
      ctx.log.error({ err: error, worker: definition.name }, "worker failed to start; the others keep running");
    }
  }
  return {
    names: running.map((r) => r.name),
    async stop() {
      for (const { worker } of running.reverse()) await worker.stop().catch(() => {});
      await stopJobQueue({ graceful: true, timeout: 5000 }).catch(() => {});
      await heartbeat.stop();
    },
  };
}
