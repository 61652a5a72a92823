import { timeWorkerCycle } from "@/server/metrics/time-worker-cycle.ts";
import { recordSourceCycle } from "@/server/system/system-workers.repository.ts";
import type { TWorkerContext, TRunningWorker } from "./worker-definition.ts";

export interface TPeriodicJob {
  /** Queue name; one job per slot runs across all worker processes. */
  name: string;
  everyMs: number;
  run(ctx: TWorkerContext): Promise<void>;
  retryLimit?: number;
}

/**
 * Runs `run` every `everyMs` in exactly one worker process: each process offers a job
 * per time slot with a pg-boss singleton key, so however many offer, one job exists and
 * one worker takes it. Failures retry with backoff; a slow run never overlaps itself.
 * Each run is a worker cycle in /metrics, under the job's name.
 */
export async function runPeriodic(ctx: TWorkerContext, job: TPeriodicJob): Promise<TRunningWorker> {
  const { queue, log } = ctx;
  const slotSeconds = Math.max(1, Math.round(job.everyMs / 1000));
  await queue.createQueue(job.name, {
    retryLimit: job.retryLimit ?? 3,
    retryDelay: 2,
    retryBackoff: true,
    expireInSeconds: Math.max(60, slotSeconds * 4),
    deleteAfterSeconds: 3600,
  });
  const workerId = await queue.work(job.name, { pollingIntervalSeconds: Math.min(2, slotSeconds / 2), batchSize: 1 }, async () => {
    const started = Date.now();
    let failure: unknown = null;
    try {
      await timeWorkerCycle(job.name, () => job.run(ctx));
    } catch (error) {
      failure = error;
    }
    const durationMs = Date.now() - started;
    // For /settings/system: this process's last cycle of the job, its duration and failures.
    await recordSourceCycle(ctx.process.id, {
      source: job.name,
      organizationId: null,
      everyMs: job.everyMs,
      at: new Date(),
      durationMs,
      error: failure === null ? null : failure instanceof Error ? failure.message : String(failure),
    }).catch((error: unknown) => log.warn({ job: job.name, err: error }, "could not record the periodic job's status"));
    if (failure !== null) throw failure;
    log.debug({ job: job.name, ms: durationMs }, "periodic job done");
  });
  const offer = () =>
    queue.send(job.name, {}, { singletonKey: job.name, singletonSeconds: slotSeconds }).catch((error: unknown) => {
      log.warn({ job: job.name, err: error }, "could not schedule periodic job; will try next slot");
    });
  await offer();
  const timer = setInterval(offer, job.everyMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await queue.offWork(job.name, { id: workerId });
    },
  };
}
