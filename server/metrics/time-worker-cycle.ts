import { getMetrics } from "./plumbline-metrics.ts";

/**
 * Runs one worker cycle and records it under `source` (the periodic job's or queue's
 * name): its duration whether it succeeded or not, a failure when it throws (then
 * rethrown: pg-boss owns retries) or when `isFailure` says its result is one (a send
 * that failed and was rescheduled without throwing), the time of the last success otherwise.
 */
export async function timeWorkerCycle<T>(source: string, run: () => Promise<T>, isFailure: (result: T) => boolean = () => false): Promise<T> {
  const { workerCycleDuration, workerCycleFailures, workerLastSuccess } = getMetrics();
  const stop = workerCycleDuration.startTimer({ source });
  try {
    const result = await run();
    if (isFailure(result)) workerCycleFailures.inc({ source });
    else workerLastSuccess.set({ source }, Date.now() / 1000);
    return result;
  } catch (error) {
    workerCycleFailures.inc({ source });
    throw error;
  } finally {
    stop();
  }
}
