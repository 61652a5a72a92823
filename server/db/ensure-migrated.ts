import { getDbHandle, markDatabaseReady, migrationAdapterFor, whenDatabaseReady, type DbHandle } from "./client.ts";
import { applyMigrations } from "./migrations.ts";

const STARTED_KEY = Symbol.for("plumbline.db.migrating");
type GlobalWithFlag = typeof globalThis & { [STARTED_KEY]?: boolean };

/** Applies pending migrations once per process; entry points call this before serving. */
export function ensureMigrated(handle: DbHandle = getDbHandle()): Promise<string[]> {
  const g = globalThis as GlobalWithFlag;
  if (g[STARTED_KEY]) return whenDatabaseReady();
  g[STARTED_KEY] = true;
  return markDatabaseReady(applyMigrations(migrationAdapterFor(handle)).then((result) => result.applied));
}
