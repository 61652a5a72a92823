import { closeHandle, createHandle } from "@/server/db/client.ts";
import { describeDatabase, readDatabaseConfig } from "@/server/db/database-config.ts";
import { migrateDatabase } from "@/server/db/migrate-database.ts";

export const MIGRATE_HELP = `  migrate                         Apply pending database migrations (prisma/migrations) to
                                  DATABASE_URL (or the embedded database) and exit. Holds a
                                  Postgres advisory lock while it works, so replicas and a
                                  Kubernetes Job started together apply each migration once.`;

export async function runMigrateCommand(args: readonly string[]): Promise<number> {
  if (args.length > 0) {
    console.error("usage: plumbline migrate");
    return 1;
  }
  const config = readDatabaseConfig();
  const handle = createHandle(config);
  const started = Date.now();
  try {
    const { applied } = await migrateDatabase(handle);
    console.log(
      applied.length
        ? `Applied ${applied.length} migration(s) to ${describeDatabase(config)} in ${Date.now() - started} ms: ${applied.join(", ")}`
        : `${describeDatabase(config)} is up to date.`,
    );
    return 0;
  } catch (error) {
    console.error(`Migrating ${describeDatabase(config)} failed: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  } finally {
    await closeHandle(handle);
  }
}
