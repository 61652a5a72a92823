import pg from "pg";
import type { TDatabaseConfig } from "./database-config.ts";

/**
 * Keys of Plumbline's session-level advisory locks ("plum" and "plus" in ASCII; Prisma's
 * own migrate lock is 72707369).
 * - migrations: every process that migrates (each web and workers replica at start, the
 *   `migrate` Job) takes it first, so replicas starting together apply a release's
 *   migrations once: the first applies them, the others wait, then find nothing pending;
 * - start-up: the one-time tasks after migrating (example catalog, policies, local admin)
 *   run in one process at a time, so two first starts do not both seed or both create the admin.
 */
export const MIGRATION_LOCK_KEY = 0x706c756d;
export const STARTUP_LOCK_KEY = 0x706c7573;

/**
 * Runs `work` while holding a Postgres advisory lock on a connection of its own. The lock
 * goes when the connection does, so a process killed halfway does not leave it held. The
 * embedded PGlite is one process: no lock.
 */
export async function withAdvisoryLock<T>(config: TDatabaseConfig, key: number, work: () => Promise<T>): Promise<T> {
  if (config.kind !== "postgres") return work();
  const client = new pg.Client({ connectionString: config.url, application_name: "plumbline-lock" });
  await client.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1)", [key]);
    try {
      return await work();
    } finally {
      await client.query("SELECT pg_advisory_unlock($1)", [key]);
    }
  } finally {
    await client.end();
  }
}

export function withMigrationLock<T>(config: TDatabaseConfig, work: () => Promise<T>): Promise<T> {
  return withAdvisoryLock(config, MIGRATION_LOCK_KEY, work);
}

export function withStartupLock<T>(config: TDatabaseConfig, work: () => Promise<T>): Promise<T> {
  return withAdvisoryLock(config, STARTUP_LOCK_KEY, work);
}
