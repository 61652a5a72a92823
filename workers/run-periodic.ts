import { decideSlotRun, describeOverrun, type TPeriodicJobStatus } from "@/domain/jobs/periodic-slot.ts";
import type { TWorkerContext, TRunningWorker } from "./worker-definition.ts";

const statuses = new Map<string, TPeriodicJobStatus>();

/** This process's periodic jobs: last run length, overruns and skipped slots (also logged as warnings). */
export function periodicJobStatuses(): TPeriodicJobStatus[] {
  return [...statuses.values()].map((status) => ({ ...status }));
}

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
 * one worker takes it. Failures retry with backoff; a slow run never overlaps itself,
 * and a run that overruns its interval is said so (warning, status); the slots that came
 * due meanwhile are skipped rather than run late, back to back (domain/jobs/periodic-slot.ts).
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
  const status: TPeriodicJobStatus = { job: job.name, everyMs: job.everyMs, lastRunMs: null, lastFinishedAt: null, overruns: 0, skipped: 0, lastProblem: null };
  statuses.set(job.name, status);
  const workerId = await queue.work<{ slotAt?: string }>(job.name, { pollingIntervalSeconds: Math.min(2, slotSeconds / 2), batchSize: 1 }, async ([picked]) => {
    const slotAt = typeof picked?.data?.slotAt === "string" ? new Date(picked.data.slotAt) : null;
    const decision = decideSlotRun(job.name, slotAt, new Date(), job.everyMs);
    if (!decision.run) {
      status.skipped += 1;
      status.lastProblem = decision.reason;
      log.warn({ job: job.name, slotAt, lateByMs: decision.lateByMs, skipped: status.skipped }, decision.reason);
      return;
    }
    const started = Date.now();
    await job.run(ctx);
    const tookMs = Date.now() - started;
    status.lastRunMs = tookMs;
    status.lastFinishedAt = new Date();
    const overrun = describeOverrun(job.name, tookMs, job.everyMs);
    if (overrun) {
      status.overruns += 1;
      status.lastProblem = overrun;
      log.warn({ job: job.name, ms: tookMs, everyMs: job.everyMs, overruns: status.overruns }, overrun);
    } else {
      log.debug({ job: job.name, ms: tookMs }, "periodic job done");
    }
  });
  const offer = () =>
    queue.send(job.name, { slotAt: new Date().toISOString() }, { singletonKey: job.name, singletonSeconds: slotSeconds }).catch((error: unknown) => {
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
