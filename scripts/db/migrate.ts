// npm run db:migrate: applies prisma/migrations to the configured database
// (DATABASE_URL, or the embedded PGlite), like `prisma migrate deploy`.
import { closeHandle, createHandle, migrationAdapterFor } from "@/server/db/client.ts";
import { describeDatabase, readDatabaseConfig } from "@/server/db/database-config.ts";
import { applyMigrations } from "@/server/db/migrations.ts";

const config = readDatabaseConfig();
const handle = createHandle(config);
const started = Date.now();
try {
  const { applied } = await applyMigrations(migrationAdapterFor(handle));
  console.log(
    applied.length
      ? `Applied ${applied.length} migration(s) to ${describeDatabase(config)} in ${Date.now() - started} ms: ${applied.join(", ")}`
      : `${describeDatabase(config)} is up to date.`,
  );
} catch (error) {
  console.error(`Migrating ${describeDatabase(config)} failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  await closeHandle(handle);
}
// The wasm schema engine keeps a timer alive for ~10 s after it is freed.
process.exit();
