import { applySnapshotRetentionToAll } from "@/server/slo/apply-snapshot-retention.ts";
import { runSloEvaluationCycle } from "@/server/slo/run-slo-evaluation-cycle.ts";
import { getMetrics } from "@/server/metrics/plumbline-metrics.ts";
import { getConfig } from "@/server/config/get-config.ts";
import { runPeriodic } from "@/workers/run-periodic.ts";
import type { TWorkerDefinition } from "@/workers/worker-definition.ts";

const EVALUATE_EVERY_MS = 60_000;
// Folding whole hours is due once an hour; every ten minutes keeps the backlog small
// after a restart without reading snapshots each minute.
const RETENTION_EVERY_MS = 10 * 60_000;

/**
 * workers/slo: evaluates every SLO of every organization once a minute (in the demo as often
 * as the simulated mesh is read) (statuses, minute snapshots, a change event per transition),
 * then re-evaluates pending deploy requests on the new statuses, and downsamples old snapshots.
 * Both are pg-boss singleton slots, so with several worker processes each runs once.
 */
export const sloWorker: TWorkerDefinition = {
  name: "slo",
  isEnabled: () => true,
  async start(ctx) {
    // The demo's simulated mesh is read every 15 s; evaluating as often makes an injected fault show within ~30 s.
    const everyMs = ctx.demo ? Math.min(EVALUATE_EVERY_MS, getConfig().mesh.intervalMs) : EVALUATE_EVERY_MS;
    const evaluation = await runPeriodic(ctx, {
      name: "slo-evaluate",
      everyMs,
      // A missed minute is covered by the next one; retrying late would only write an old snapshot.
      retryLimit: 0,
      async run({ log }) {
        const started = Date.now();
        // The SLOs, then the pending deploy requests on the statuses just written (the gate's re-evaluation).
        const { gate, ...counts } = await runSloEvaluationCycle(new Date(), { log });
        const ms = Date.now() - started;
        getMetrics().sloEvaluationDuration.observe(ms / 1000);
        log.info({ ...counts, ms }, "SLOs evaluated");
        if (gate.reevaluated > 0) log.info(gate, "pending deploy requests re-evaluated");
        if (ms > everyMs / 2) log.warn({ ms }, "SLO evaluation takes more than half its minute");
      },
    });
    const retention = await runPeriodic(ctx, {
      name: "slo-snapshot-retention",
      everyMs: RETENTION_EVERY_MS,
      async run({ log }) {
        const counts = await applySnapshotRetentionToAll(new Date());
        if (counts.hourlyCreated > 0 || counts.deleted > 0) log.info(counts, "SLO snapshots downsampled");
      },
    });
    return {
      async stop() {
        await retention.stop();
        await evaluation.stop();
      },
    };
  },
};
