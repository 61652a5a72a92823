import type { Logger } from "pino";
import {
  AUTOVACUUM_DEFAULTS,
  maintenanceStatements,
  planMaintenance,
  type TMaintenanceAction,
  type TMaintenanceReason,
  type TMaintenanceThresholds,
} from "@/domain/system/table-maintenance.ts";
import { getMetrics } from "@/server/metrics/plumbline-metrics.ts";
import { getDbHandle } from "./client.ts";
import { readTableMaintenanceStats, runMaintenanceStatement } from "./embedded-maintenance.repository.ts";

/** One statement longer than this held every other query (the gate's included) for too long: said as a warning. */
const SLOW_STEP_MS = 1_000;

/** One statement: a table's VACUUM or its ANALYZE. */
export interface TMaintenanceStep {
  table: string;
  action: TMaintenanceAction;
  statement: string;
  reasons: TMaintenanceReason[];
  ms: number;
  error: string | null;
}

export type TEmbeddedMaintenanceResult = { ran: false; reason: string } | { ran: true; tablesChecked: number; steps: TMaintenanceStep[] };

/**
 * The embedded database (PGlite) has no autovacuum daemon: without this, a table whose rows
 * are rewritten (SLOs every minute; edges, telemetry and coverage every mesh round; pg-boss'
 * jobs, sessions, outboxes) keeps every old row version for ever — memory or disk that only
 * grows, and scans that read it all — and the planner never gets statistics. This does what
 * the daemon would: reads each table's counters, and VACUUMs and/or ANALYZEs those past
 * autovacuum's thresholds (domain/system/table-maintenance.ts), one table and one of VACUUM
 * or ANALYZE per statement. PGlite answers one statement at a time, so each holds every other
 * query for its duration (what queued meanwhile runs before the next); each is timed (log,
 * metric) and a slow one is said. Never VACUUM FULL.
 * On Postgres, autovacuum does this: no-op.
 */
export async function runEmbeddedMaintenance(options: { log: Logger; thresholds?: TMaintenanceThresholds }): Promise<TEmbeddedMaintenanceResult> {
  if (getDbHandle().config.kind !== "pglite") return { ran: false, reason: "Postgres runs autovacuum" };
  const { log } = options;
  const stats = await readTableMaintenanceStats();
  const plan = planMaintenance(stats, options.thresholds ?? AUTOVACUUM_DEFAULTS);
  const steps: TMaintenanceStep[] = [];
  for (const table of plan) {
    for (const { action, sql } of maintenanceStatements(table)) {
      const stopTimer = getMetrics().embeddedMaintenanceDuration.startTimer({ action });
      const started = performance.now();
      let error: string | null = null;
      try {
        await runMaintenanceStatement(sql);
      } catch (failure) {
        // One table's failure (e.g. dropped meanwhile) must not leave the others undone.
        error = failure instanceof Error ? failure.message : String(failure);
      }
      stopTimer();
      const ms = Math.round(performance.now() - started);
      const done: TMaintenanceStep = { table: `${table.schema}.${table.table}`, action, statement: sql, reasons: table.reasons, ms, error };
      steps.push(done);
      if (error !== null) log.warn(done, "embedded database maintenance step failed");
      else if (ms > SLOW_STEP_MS) log.warn(done, "embedded database maintenance step held the database for more than a second");
      else log.debug(done, "embedded database maintenance step");
    }
  }
  if (steps.length > 0) {
    log.info({ tables: plan.length, statements: steps.length, ms: steps.reduce((sum, s) => sum + s.ms, 0), longest: Math.max(...steps.map((s) => s.ms)) }, "embedded database vacuumed/analyzed");
  }
  const failed = steps.filter((s) => s.error !== null);
  if (failed.length > 0) throw new Error(`embedded database maintenance failed for ${failed.map((s) => s.table).join(", ")}: ${failed[0]?.error}`);
  return { ran: true, tablesChecked: stats.length, steps };
}
