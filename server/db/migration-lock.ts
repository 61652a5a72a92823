import pg from "pg";
import type { TDatabaseConfig } from "./database-config.ts";

/**
 * The key of Plumbline's migration lock: "plum" in ASCII. Every process that migrates
 * (each web and workers replica at start, the `migrate` Job) takes it first, so replicas
 * that start together apply a release's migrations once: the first applies them, the
 * others wait, then find nothing pending.
 */
export const MIGRATION_LOCK_KEY = 0x706c756d;

/**
 * Runs `work` while holding a session-level Postgres advisory lock on its own connection
 * (the schema engine opens others). The lock goes when the connection does, so a process
 * killed halfway does not leave it held. The embedded PGlite is one process: no lock.
 */
export async function withMigrationLock<T>(config: TDatabaseConfig, work: () => Promise<T>): Promise<T> {
  if (config.kind !== "postgres") return work();
  const client = new pg.Client({ connectionString: config.url, application_name: "plumbline-migrate" });
  await client.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK_KEY]);
    try {
      return await work();
    } finally {
      await client.query("SELECT pg_advisory_unlock($1)", [MIGRATION_LOCK_KEY]);
    }
  } finally {
    await client.end();
  }
}
