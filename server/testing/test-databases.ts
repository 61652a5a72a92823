import { getConfig } from "@/server/config/get-config.ts";
import { randomBytes } from "node:crypto";
import pg from "pg";
import { closeHandle, createHandle, migrationAdapterFor, setDbHandle, type DbHandle } from "@/server/db/client.ts";
import { applyMigrations } from "@/server/db/migrations.ts";

export type TTestDatabaseKind = "pglite" | "postgres";
export const TEST_DATABASE_KINDS: TTestDatabaseKind[] = ["pglite", "postgres"];

/**
 * A fresh, migrated database of the given kind, installed as the process-wide handle.
 * Postgres comes from TEST_DATABASE_URL (npm test starts a throwaway server and sets
 * it); without it the test fails, never skips: the suite must prove both databases.
 */
export async function openTestDatabase(kind: TTestDatabaseKind): Promise<{ handle: DbHandle; url: string | null; close: () => Promise<void> }> {
  if (kind === "pglite") {
    const handle = createHandle({ kind: "pglite", dataDir: "memory://" });
    await applyMigrations(migrationAdapterFor(handle));
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
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const handle = createHandle({ kind: "postgres", url: url.toString() });
  await applyMigrations(migrationAdapterFor(handle));
  setDbHandle(handle);
  return {
    handle,
    url: url.toString(),
    close: async () => {
      await closeHandle(handle);
      const dropper = new pg.Client({ connectionString: adminUrl });
      await dropper.connect();
      await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await dropper.end();
    },
  };
}
