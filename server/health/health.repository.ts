import { getPrisma } from "@/server/db/client.ts";

export async function pingDatabase(): Promise<void> {
  await getPrisma().$queryRaw`SELECT 1`;
}

/**
 * Migrations recorded as finished and not rolled back (Prisma's own bookkeeping table;
 * it holds no tenant data, so there is no organization to scope by). A database nobody
 * migrated has no such table: that reads as "none applied".
 */
export async function appliedMigrationNames(): Promise<string[]> {
  const [table] = await getPrisma().$queryRaw<{ name: string | null }[]>`SELECT to_regclass('_prisma_migrations')::text AS name`;
  if (!table?.name) return [];
  const rows = await getPrisma().$queryRaw<{ migration_name: string }[]>`
    SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`;
  return rows.map((row) => row.migration_name);
}
