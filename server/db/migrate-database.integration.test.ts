import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { getConfig } from "@/server/config/get-config.ts";
import { closeHandle, createHandle, markDatabaseReady, setDbHandle, type DbHandle } from "@/server/db/client.ts";
import { checkReadiness } from "@/server/health/check-readiness.ts";
import { migrateDatabase } from "./migrate-database.ts";
import { shippedMigrationNames } from "./migration-names.ts";

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

/** An empty (unmigrated) Postgres database; dropped after the file. */
async function emptyPostgresDatabase(): Promise<string> {
  const adminUrl = getConfig().testing.databaseUrl;
  if (!adminUrl) throw new Error("TEST_DATABASE_URL is not set: this test needs a real Postgres (npm test starts one).");
  const name = `plumbline_migrate_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  cleanups.push(async () => {
    const dropper = new pg.Client({ connectionString: adminUrl });
    await dropper.connect();
    await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await dropper.end();
  });
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

function track(handle: DbHandle): DbHandle {
  cleanups.push(() => closeHandle(handle));
  return handle;
}

describe("migrateDatabase (Postgres, advisory lock)", () => {
  it("three processes' worth of concurrent migrations apply each migration once, and none times out on Prisma's own lock", async () => {
    const url = await emptyPostgresDatabase();
    const handles = [0, 1, 2].map(() => track(createHandle({ kind: "postgres", url })));
    const results = await Promise.all(handles.map((handle) => migrateDatabase(handle)));
    const shipped = shippedMigrationNames();
    expect(results.map((r) => r.applied.length).sort((a, b) => a - b)).toEqual([0, 0, shipped.length]);
    // A later start, right after (the engine's own lock must be gone with its pool).
    expect((await migrateDatabase(track(createHandle({ kind: "postgres", url })))).applied).toEqual([]);
  }, 120_000);
});

describe("checkReadiness", () => {
  it("is not ready while migrations are pending, names them, and is ready once they are applied", async () => {
    const url = await emptyPostgresDatabase();
    const handle = track(createHandle({ kind: "postgres", url }));
    setDbHandle(handle);
    // This process has not migrated: readiness must look at the database, not at the process.
    markDatabaseReady(Promise.resolve([]));
    const before = await checkReadiness();
    expect(before).toMatchObject({ ok: false, database: "postgres", error: "migrations pending", pendingMigrations: shippedMigrationNames() });

    await migrateDatabase(handle);
    expect(await checkReadiness()).toEqual({ ok: true, database: "postgres" });
    // A release that ships one more migration than the database has.
    expect(await checkReadiness(() => [...shippedMigrationNames(), "29991231000000_next_release"])).toMatchObject({
      ok: false,
      pendingMigrations: ["29991231000000_next_release"],
    });
  }, 120_000);
});
