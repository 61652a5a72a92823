/**
 * What Postgres' autovacuum daemon would decide for one table, for a database that has no
 * daemon (the embedded PGlite). The rules and defaults are autovacuum's (PostgreSQL 17,
 * "The Autovacuum Daemon"): with `reltuples` the planner's row estimate,
 *   vacuum  when dead tuples               > 50 + 0.2 × reltuples
 *   vacuum  when tuples inserted since one > 1000 + 0.2 × reltuples (sets the visibility map
 *           and freezes insert-only tables: snapshots, change events, job history)
 *   vacuum  when the oldest unfrozen transaction is older than 200 million (wraparound)
 *   analyze when rows modified since the last ANALYZE > 50 + 0.1 × reltuples
 * A table never analyzed (reltuples −1) with rows in it is analyzed: its planner has no statistics.
 */
export interface TTableMaintenanceStats {
  /** schema-qualified, as the statistics views name it */
  schema: string;
  table: string;
  /** pg_class.reltuples: −1 when never vacuumed or analyzed */
  reltuples: number;
  /** pg_class.relpages */
  relpages: number;
  deadTuples: number;
  insertedSinceVacuum: number;
  modifiedSinceAnalyze: number;
  /** age(relfrozenxid) */
  frozenXidAge: number;
}

export interface TMaintenanceThresholds {
  vacuumBase: number;
  vacuumScale: number;
  insertBase: number;
  insertScale: number;
  analyzeBase: number;
  analyzeScale: number;
  freezeMaxAge: number;
}

/** autovacuum_vacuum_threshold, _scale_factor, _insert_threshold, _insert_scale_factor, autovacuum_analyze_*, autovacuum_freeze_max_age. */
export const AUTOVACUUM_DEFAULTS: TMaintenanceThresholds = {
  vacuumBase: 50,
  vacuumScale: 0.2,
  insertBase: 1000,
  insertScale: 0.2,
  analyzeBase: 50,
  analyzeScale: 0.1,
  freezeMaxAge: 200_000_000,
};

export type TMaintenanceReason = "dead_tuples" | "inserts" | "wraparound" | "modified" | "never_analyzed";

export interface TTableMaintenance {
  schema: string;
  table: string;
  vacuum: boolean;
  analyze: boolean;
  reasons: TMaintenanceReason[];
}

/** The table's maintenance, or null when autovacuum would leave it alone. */
export function decideTableMaintenance(stats: TTableMaintenanceStats, thresholds: TMaintenanceThresholds = AUTOVACUUM_DEFAULTS): TTableMaintenance | null {
  const rows = Math.max(0, stats.reltuples);
  const reasons: TMaintenanceReason[] = [];
  if (stats.deadTuples > thresholds.vacuumBase + thresholds.vacuumScale * rows) reasons.push("dead_tuples");
  if (stats.insertedSinceVacuum > thresholds.insertBase + thresholds.insertScale * rows) reasons.push("inserts");
  if (stats.frozenXidAge > thresholds.freezeMaxAge) reasons.push("wraparound");
  const vacuum = reasons.length > 0;
  if (stats.modifiedSinceAnalyze > thresholds.analyzeBase + thresholds.analyzeScale * rows) reasons.push("modified");
  else if (stats.reltuples < 0 && stats.relpages > 0) reasons.push("never_analyzed");
  const analyze = reasons.includes("modified") || reasons.includes("never_analyzed");
  if (!vacuum && !analyze) return null;
  return { schema: stats.schema, table: stats.table, vacuum, analyze, reasons };
}

/**
 * Every table due, most work first (dead tuples, then modifications): a run that is
 * cut short (the process stops) has done the tables that needed it most.
 */
export function planMaintenance(tables: readonly TTableMaintenanceStats[], thresholds: TMaintenanceThresholds = AUTOVACUUM_DEFAULTS): TTableMaintenance[] {
  const weight = (s: TTableMaintenanceStats) => s.deadTuples + s.modifiedSinceAnalyze;
  return [...tables]
    .sort((a, b) => weight(b) - weight(a) || `${a.schema}.${a.table}`.localeCompare(`${b.schema}.${b.table}`))
    .map((stats) => decideTableMaintenance(stats, thresholds))
    .filter((step): step is TTableMaintenance => step !== null);
}

function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

export type TMaintenanceAction = "vacuum" | "analyze";

/**
 * The statements for one table's step: VACUUM and ANALYZE apart, not VACUUM (ANALYZE), so
 * the embedded database answers whatever queued behind the first before the second.
 * Never VACUUM FULL (it rewrites the table under an exclusive lock).
 */
export function maintenanceStatements(step: Pick<TTableMaintenance, "schema" | "table" | "vacuum" | "analyze">): { action: TMaintenanceAction; sql: string }[] {
  const name = `${quoteIdentifier(step.schema)}.${quoteIdentifier(step.table)}`;
  return [...(step.vacuum ? [{ action: "vacuum" as const, sql: `VACUUM ${name}` }] : []), ...(step.analyze ? [{ action: "analyze" as const, sql: `ANALYZE ${name}` }] : [])];
}
