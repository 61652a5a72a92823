import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrationAdapterFor } from "@/server/db/client.ts";
import { applyMigrations, readMigrationsList } from "@/server/db/migrations.ts";
import { currentDatabaseTemplates } from "@/server/testing/database-templates.ts";
import { openTestDatabase, TEST_DATABASE_KINDS } from "@/server/testing/test-databases.ts";

// Test databases are copies of a template migrated once per run (database-templates.ts): a copy
// must hold every migration of prisma/migrations, finished, and nothing may be left to apply.
describe.each(TEST_DATABASE_KINDS)("a test database copied from the run's template, on %s", (kind) => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  beforeAll(async () => {
    db = await openTestDatabase(kind);
  });
  afterAll(async () => {
    await db?.close();
  });

  it("is a copy: the integration project's setup built the templates", () => {
    const templates = currentDatabaseTemplates();
    expect(templates?.pgliteTarball).toMatch(/pglite-migrated\.tar$/);
    expect(templates?.postgresTemplate).toMatch(/^plumbline_template_[0-9a-f]{12}$/);
  });

  it("has every migration applied and finished, and applying migrations again applies none", async () => {
    const expected = readMigrationsList().migrationDirectories.map((entry) => entry.path);
    const rows = await db.handle.prisma.$queryRawUnsafe<{ migration_name: string; finished: boolean }[]>(
      `SELECT migration_name, finished_at IS NOT NULL AS finished FROM _prisma_migrations ORDER BY migration_name`,
    );
    expect(rows.map((row) => row.migration_name)).toEqual(expected);
    expect(rows.every((row) => row.finished)).toBe(true);
    expect((await applyMigrations(migrationAdapterFor(db.handle))).applied).toEqual([]);
  });
});
