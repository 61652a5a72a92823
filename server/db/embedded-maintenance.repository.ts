import type { TTableMaintenanceStats } from "@/domain/system/table-maintenance.ts";
import { getPrisma } from "./client.ts";

// Deployment-wide, not tenant data: the statistics and the VACUUM/ANALYZE of every table
// (pg-boss' own included), which is what Postgres' autovacuum covers.

/**
 * Every user table's counters as autovacuum reads them. A session publishes its counts to
 * the statistics views at most once a second, so the first statement asks for the next
 * publication to happen now: the read then sees every write committed before it.
 */
export async function readTableMaintenanceStats(): Promise<TTableMaintenanceStats[]> {
  const prisma = getPrisma();
  await prisma.$executeRawUnsafe(`SELECT pg_stat_force_next_flush()`);
  const rows = await prisma.$queryRawUnsafe<
    { schema: string; table: string; reltuples: number; relpages: number; dead: bigint; inserted: bigint; modified: bigint; xidAge: number }[]
  >(
    `SELECT s.schemaname AS "schema", s.relname AS "table", c.reltuples::float8 AS reltuples, c.relpages::int AS relpages,
            s.n_dead_tup AS dead, s.n_ins_since_vacuum AS inserted, s.n_mod_since_analyze AS modified,
            age(c.relfrozenxid)::int AS "xidAge"
     FROM pg_stat_user_tables s JOIN pg_class c ON c.oid = s.relid
     WHERE c.relkind IN ('r', 'm')`,
  );
  return rows.map((row) => ({
    schema: row.schema,
    table: row.table,
    reltuples: Number(row.reltuples),
    relpages: Number(row.relpages),
    deadTuples: Number(row.dead),
    insertedSinceVacuum: Number(row.inserted),
    modifiedSinceAnalyze: Number(row.modified),
    frozenXidAge: Number(row.xidAge),
  }));
}

/** Runs one maintenance statement, outside any transaction (VACUUM cannot run in one). */
export async function runMaintenanceStatement(sql: string): Promise<void> {
  await getPrisma().$executeRawUnsafe(sql);
}

/** Bytes of a table with its indexes and TOAST (measurement and tests). */
export async function tableTotalBytes(schema: string, table: string): Promise<number> {
  const rows = await getPrisma().$queryRawUnsafe<{ bytes: bigint }[]>(
    `SELECT pg_total_relation_size(format('%I.%I', $1::text, $2::text)::regclass) AS bytes`,
    schema,
    table,
  );
  return Number(rows[0]?.bytes ?? 0);
}
