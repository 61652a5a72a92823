import { getConfig } from "@/server/config/get-config.ts";
import { randomBytes } from "node:crypto";
import { closeHandle, createHandle, migrationAdapterFor, setDbHandle, type DbHandle } from "@/server/db/client.ts";
import { applyMigrations } from "@/server/db/migrations.ts";
import { adminQuery, currentDatabaseTemplates, databaseUrl, dropPostgresDatabase } from "@/server/testing/database-templates.ts";

export type TTestDatabaseKind = "pglite" | "postgres";
export const TEST_DATABASE_KINDS: TTestDatabaseKind[] = ["pglite", "postgres"];

/**
 * A fresh, migrated database of the given kind, installed as the process-wide handle.
 * Postgres comes from TEST_DATABASE_URL (npm test starts a throwaway server and sets
 * it); without it the test fails, never skips: the suite must prove both databases.
 * Under vitest it starts as a copy of the run's migrated template (database-templates.ts);
 * elsewhere (benches, e2e's scale server) it is created and migrated here.
 */
export async function openTestDatabase(kind: TTestDatabaseKind): Promise<{ handle: DbHandle; url: string | null; close: () => Promise<void> }> {
  const templates = currentDatabaseTemplates();
  if (kind === "pglite") {
    const handle = templates
      ? createHandle({ kind: "pglite", dataDir: "memory://" }, { loadDataDirFile: templates.pgliteTarball })
      : createHandle({ kind: "pglite", dataDir: "memory://" });
    if (!templates) await applyMigrations(migrationAdapterFor(handle));
    setDbHandle(handle);
    return { handle, url: null, close: () => closeHandle(handle) };
  }
  const adminUrl = getConfig().testing.databaseUrl;
  if (!adminUrl) {
    throw new Error(
      "TEST_DATABASE_URL is not set: integration tests need a real Postgres. Run them through `npm test`, which starts one.",
    );
  }
  const name = `plumbline_test_${randomBytes(6).toString("hex")}`;
  const template = templates?.postgresTemplate ?? null;
  await adminQuery(adminUrl, template ? `CREATE DATABASE ${name} TEMPLATE ${template}` : `CREATE DATABASE ${name}`);
  const url = databaseUrl(adminUrl, name);
  const handle = createHandle({ kind: "postgres", url });
  if (!template) await applyMigrations(migrationAdapterFor(handle));
  setDbHandle(handle);
  return {
    handle,
    url,
    close: async () => {
      await closeHandle(handle);
      await dropPostgresDatabase(adminUrl, name);
    },
  };
}

/**
 * A migrated PGlite database in `dataDir` (empty or absent), for tests that prepare data and then
 * start the app on the directory (only one process may open it: close the handle first). Under
 * vitest it starts as a copy of the run's migrated template, like openTestDatabase.
 */
export async function openTestPGliteDirectory(dataDir: string): Promise<DbHandle> {
  const templates = currentDatabaseTemplates();
  if (templates) return createHandle({ kind: "pglite", dataDir }, { loadDataDirFile: templates.pgliteTarball });
  const handle = createHandle({ kind: "pglite", dataDir });
  await applyMigrations(migrationAdapterFor(handle));
  return handle;
}
