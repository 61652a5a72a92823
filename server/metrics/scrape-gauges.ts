import { currentJobQueue } from "@/server/jobs/job-queue.ts";
import { NOTIFICATION_SEND_QUEUE } from "@/server/notifications/notification-queue.ts";
import type { TPlumblineMetrics } from "./plumbline-metrics.ts";
import { countApprovalsWaiting } from "./system-metrics.repository.ts";

/** The pg-boss queues that are outboxes: messages owed to someone outside (Slack). */
export const OUTBOX_QUEUES = [NOTIFICATION_SEND_QUEUE] as const;

/**
 * Gauges that are read when Prometheus scrapes rather than kept up to date: the number
 * of approvals waiting is the database's, and the outbox is pg-boss's; a counter kept in
 * one process would disagree with the other replicas. The outbox is read only where this
 * process already runs the job queue (workers, or a web process that sent to Slack): a
 * scrape never starts one.
 */
export function installScrapeGauges(metrics: TPlumblineMetrics): void {
  metrics.scrapeReaders.approvalsWaiting ??= async (set) => set({}, await countApprovalsWaiting());
  metrics.scrapeReaders.outbox ??= async (set) => {
    const queue = await currentJobQueue()?.catch(() => null);
    if (!queue) return;
    for (const name of OUTBOX_QUEUES) {
      const stats = await queue.getQueue(name);
      if (stats) set({ queue: name }, stats.queuedCount + stats.activeCount);
    }
  };
  metrics.scrapeReaders.outboxAge ??= async (set) => {
    const queue = await currentJobQueue()?.catch(() => null);
    if (!queue) return;
    for (const name of OUTBOX_QUEUES) {
      const [oldest] = await queue.findJobs(name, { queued: true, limit: 1 });
      set({ queue: name }, oldest ? Math.max(0, (Date.now() - new Date(oldest.createdOn).getTime()) / 1000) : 0);
    }
  };
}
