import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { afterEach, describe, expect, it } from "vitest";
import { applyMigrations } from "./migrations.ts";
import { pgliteMigrationAdapter } from "./pglite-migration-adapter.ts";

// Embedded database only: the Postgres adapter awaits its scripts (pglite-migration-adapter.ts says why this one is needed).
const directories: string[] = [];
afterEach(() => {
  for (const dir of directories.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** A migrations folder as `npm run db:migrate:new` lays it out. */
function migrationsFolder(migrations: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "plumbline-migrations-"));
  directories.push(dir);
  fs.writeFileSync(path.join(dir, "migration_lock.toml"), 'provider = "postgresql"\n');
  for (const [name, sql] of Object.entries(migrations)) {
    fs.mkdirSync(path.join(dir, name));
    fs.writeFileSync(path.join(dir, name, "migration.sql"), sql);
  }
  return dir;
}

describe("migrations on the embedded database", () => {
  it("fail when a migration's SQL fails, leave it recorded as failed, and the next start refuses to go on", async () => {
    const pglite = new PGlite();
    const migrationsDir = migrationsFolder({
      "20260101000000_owners": `CREATE TABLE "Owner" ("email" text);\nINSERT INTO "Owner" VALUES ('a@example.com'), ('a@example.com');`,
      // Fails on the data, not the syntax: the duplicate rows above.
      "20260102000000_unique_owner_email": `CREATE TABLE "Audit" ("id" int);\nCREATE UNIQUE INDEX "Owner_email_key" ON "Owner" ("email");`,
    });
    try {
      await expect(applyMigrations(pgliteMigrationAdapter(pglite), { migrationsDir })).rejects.toThrow(/Owner_email_key|duplicate key/);

      const recorded = await pglite.query<{ migration_name: string; finished: boolean }>(
        `SELECT migration_name, finished_at IS NOT NULL AS finished FROM _prisma_migrations ORDER BY migration_name`,
      );
      expect(recorded.rows).toEqual([
        { migration_name: "20260101000000_owners", finished: true },
        { migration_name: "20260102000000_unique_owner_email", finished: false },
      ]);
      // The failed script ran as one unit: nothing of it stayed.
      const audit = await pglite.query(`SELECT 1 FROM pg_tables WHERE tablename = 'Audit'`);
      expect(audit.rows).toEqual([]);

      await expect(applyMigrations(pgliteMigrationAdapter(pglite), { migrationsDir })).rejects.toThrow(/failed earlier.*20260102000000_unique_owner_email/);
    } finally {
      await pglite.close();
    }
  });

  it("apply a script whose comments hold semicolons", async () => {
    const pglite = new PGlite();
    const migrationsDir = migrationsFolder({
      "20260101000000_commented": `-- One index; then a table (a comment with semicolons; and quotes: it's fine).\nCREATE TABLE "Commented" ("id" int); -- trailing; comment\n`,
    });
    try {
      const result = await applyMigrations(pgliteMigrationAdapter(pglite), { migrationsDir });
      expect(result.applied).toEqual(["20260101000000_commented"]);
      const table = await pglite.query(`SELECT 1 FROM pg_tables WHERE tablename = 'Commented'`);
      expect(table.rows).toHaveLength(1);
    } finally {
      await pglite.close();
    }
  });
});
