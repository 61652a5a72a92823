import { migrationAdapterFor, type DbHandle } from "./client.ts";
import { withMigrationLock } from "./migration-lock.ts";
import { applyMigrations, type MigrateResult } from "./migrations.ts";

/** `prisma migrate deploy` under the migration lock: what starts and the `migrate` command run. */
export function migrateDatabase(handle: DbHandle): Promise<MigrateResult> {
  return withMigrationLock(handle.config, () => applyMigrations(migrationAdapterFor(handle)));
}
