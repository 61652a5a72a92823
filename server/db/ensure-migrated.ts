import { getDbHandle, markDatabaseReady, whenDatabaseReady, type DbHandle } from "./client.ts";
import { migrateDatabase } from "./migrate-database.ts";

const STARTED_KEY = Symbol.for("plumbline.db.migrating");
type GlobalWithFlag = typeof globalThis & { [STARTED_KEY]?: boolean };

/** Applies pending migrations once per process (under the migration lock); entry points call this before serving. */
export function ensureMigrated(handle: DbHandle = getDbHandle()): Promise<string[]> {
  const g = globalThis as GlobalWithFlag;
  if (g[STARTED_KEY]) return whenDatabaseReady();
  g[STARTED_KEY] = true;
  return markDatabaseReady(migrateDatabase(handle).then((result) => result.applied));
}
