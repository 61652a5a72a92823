import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { PGlite } from "@electric-sql/pglite";
import type { SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import pg from "pg";
import { afterEach, describe, expect, it } from "vitest";
import { getConfig } from "@/server/config/get-config.ts";
import { adminQuery, databaseUrl } from "@/server/testing/database-templates.ts";
import { TEST_DATABASE_KINDS, type TTestDatabaseKind } from "@/server/testing/test-databases.ts";
import { applyMigrations } from "./migrations.ts";
import { pgliteMigrationAdapter, postgresMigrationAdapter } from "./migration-adapters.ts";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A migrations folder as `npm run db:migrate:new` lays it out. */
function migrationsFolder(migrations: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "plumbline-migrations-"));
  cleanups.push(async () => fs.rmSync(dir, { recursive: true, force: true }));
  fs.writeFileSync(path.join(dir, "migration_lock.toml"), 'provider = "postgresql"\n');
  for (const [name, sql] of Object.entries(migrations)) {
    fs.mkdirSync(path.join(dir, name));
    fs.writeFileSync(path.join(dir, name, "migration.sql"), sql);
  }
  return dir;
}

/** An empty database of `kind`, with the migration adapter npm start would use on it. */
async function emptyDatabase(kind: TTestDatabaseKind): Promise<{ adapter: () => SqlMigrationAwareDriverAdapterFactory; query: (sql: string) => Promise<unknown[]> }> {
  if (kind === "pglite") {
    const pglite = new PGlite();
    cleanups.push(() => pglite.close());
    return { adapter: () => pgliteMigrationAdapter(pglite), query: async (sql) => (await pglite.query(sql)).rows };
  }
  const adminUrl = getConfig().testing.databaseUrl;
  if (!adminUrl) throw new Error("TEST_DATABASE_URL is not set: run the integration tests through `npm test`, which starts a Postgres.");
  const name = `plumbline_migrations_${randomBytes(6).toString("hex")}`;
  await adminQuery(adminUrl, `CREATE DATABASE ${name}`);
  const pool = new pg.Pool({ connectionString: databaseUrl(adminUrl, name), max: 2 });
  cleanups.push(async () => {
    await pool.end();
    await adminQuery(adminUrl, `DROP DATABASE ${name} WITH (FORCE)`);
  });
  return { adapter: () => postgresMigrationAdapter(pool), query: async (sql) => (await pool.query(sql)).rows };
}

describe.each(TEST_DATABASE_KINDS)("migrations on %s", (kind) => {
  it("fail when a migration's SQL fails, apply nothing of it, leave it recorded as failed, and the next start refuses to go on", async () => {
    const db = await emptyDatabase(kind);
    const migrationsDir = migrationsFolder({
      "20260101000000_owners": `CREATE TABLE "Owner" ("email" text);\nINSERT INTO "Owner" VALUES ('a@example.com'), ('a@example.com');`,
      // Fails on the data, not the syntax: the duplicate rows above. The table before it must not stay.
      "20260102000000_unique_owner_email": `CREATE TABLE "Audit" ("id" int);\nCREATE UNIQUE INDEX "Owner_email_key" ON "Owner" ("email");`,
    });

    await expect(applyMigrations(db.adapter(), { migrationsDir })).rejects.toThrow(/Owner_email_key|duplicate key/);

    expect(await db.query(`SELECT migration_name, finished_at IS NOT NULL AS finished FROM _prisma_migrations ORDER BY migration_name`)).toEqual([
      { migration_name: "20260101000000_owners", finished: true },
      { migration_name: "20260102000000_unique_owner_email", finished: false },
    ]);
    expect(await db.query(`SELECT 1 FROM pg_tables WHERE tablename = 'Audit'`)).toEqual([]);

    await expect(applyMigrations(db.adapter(), { migrationsDir })).rejects.toThrow(/failed earlier.*20260102000000_unique_owner_email/);
  });

  it("apply a script with semicolons in comments, string literals and a function body as the database reads it", async () => {
    const db = await emptyDatabase(kind);
    const migrationsDir = migrationsFolder({
      "20260101000000_semicolons": [
        `-- A table; then a default holding a semicolon (it's a comment; quotes and all).`,
        `CREATE TABLE "Note" ("id" int, "text" text NOT NULL DEFAULT 'a; b'); -- trailing; comment`,
        `CREATE FUNCTION "noteCount"() RETURNS bigint LANGUAGE plpgsql AS $$ BEGIN RETURN (SELECT count(*) FROM "Note"); END; $$;`,
        `INSERT INTO "Note" ("id") VALUES (1);`,
      ].join("\n"),
    });

    expect((await applyMigrations(db.adapter(), { migrationsDir })).applied).toEqual(["20260101000000_semicolons"]);
    expect(await db.query(`SELECT "text", "noteCount"()::int AS notes FROM "Note"`)).toEqual([{ text: "a; b", notes: 1 }]);
  });
});
