import type { Logger } from "pino";
import type { TJobQueue } from "@/server/jobs/job-queue.ts";
import type { TWorkerProcess } from "@/server/system/worker-process.ts";

export interface TWorkerContext {
  queue: TJobQueue;
  log: Logger;
  /** Whether the demo (simulated cluster and mesh) is on. */
  demo: boolean;
  /** This worker process: the holder of its leases, the subject of its heartbeat and statuses. */
  process: TWorkerProcess;
}

export interface TRunningWorker {
  stop(): Promise<void>;
}

/** A long-running part of Plumbline: a watch, a periodic job, an outbox sender. */
export interface TWorkerDefinition {
  name: string;
  /** Return false to stay off in this configuration (e.g. no kubeconfig and no demo). */
  isEnabled(ctx: TWorkerContext): boolean;
  start(ctx: TWorkerContext): Promise<TRunningWorker>;
}
