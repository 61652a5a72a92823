import { postgresMigrationAdapter } from "./migration-adapters.ts";
import pg from "pg";
import { migrationAdapterFor, type DbHandle } from "./client.ts";
import { withMigrationLock } from "./advisory-lock.ts";
import { applyMigrations, type MigrateResult } from "./migrations.ts";

/**
 * `prisma migrate deploy` under the migration lock: what starts and the `migrate` command run.
 * On Postgres the schema engine gets a pool of its own, ended when it is done: the engine
 * also takes Prisma's advisory lock (72707369, with a 10 s timeout) on one of its
 * connections and never releases it, so a pool left open would hold that lock and make the
 * next process's engine time out.
 */
export async function migrateDatabase(handle: DbHandle): Promise<MigrateResult> {
  return withMigrationLock(handle.config, async () => {
    if (handle.config.kind !== "postgres") return applyMigrations(migrationAdapterFor(handle));
    const pool = new pg.Pool({ connectionString: handle.config.url, max: 2, application_name: "plumbline-migrate" });
    try {
      return await applyMigrations(postgresMigrationAdapter(pool));
    } finally {
      await pool.end();
    }
  });
}
