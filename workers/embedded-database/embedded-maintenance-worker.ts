import { getConfig } from "@/server/config/get-config.ts";
import { getDbHandle } from "@/server/db/client.ts";
import { runEmbeddedMaintenance } from "@/server/db/embedded-maintenance.ts";
import { runPeriodic } from "@/workers/run-periodic.ts";
import type { TWorkerDefinition } from "@/workers/worker-definition.ts";

/**
 * workers/embedded-database: autovacuum's work on the embedded database, which has no
 * autovacuum (server/db/embedded-maintenance.ts), every PLUMBLINE_EMBEDDED_MAINTENANCE_INTERVAL.
 * Off on Postgres, whose autovacuum does it.
 */
export const embeddedMaintenanceWorker: TWorkerDefinition = {
  name: "embedded-maintenance",
  isEnabled: () => getDbHandle().config.kind === "pglite",
  async start(ctx) {
    return runPeriodic(ctx, {
      name: "embedded-maintenance",
      everyMs: getConfig().database.embeddedMaintenanceIntervalMs,
      // The next period reads fresh counters and catches up; a retry would only repeat the same step.
      retryLimit: 0,
      async run({ log }) {
        await runEmbeddedMaintenance({ log });
      },
    });
  },
};
