// Benches report memory for the work they measure, not for the schema engine: applying
// migrations with the wasm engine (what `npm start` does) alone peaks at ~700 MB RSS, and
// a process's peak RSS (process.resourceUsage().maxRSS) never comes down again. So the
// migrations run in a child process, and the bench process only opens the result:
// Postgres is simply migrated; an in-memory PGlite is migrated in the child, dumped to a
// tarball, and loaded into a fresh in-memory PGlite here.
//
// Run as a script, this file is that child: `node --import tsx bench/migrate-in-child-process.ts [dump-file]`.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { applyMigrations } from "@/server/db/migrations.ts";
import { pgliteMigrationAdapter, postgresMigrationAdapter } from "@/server/db/migration-adapters.ts";
import { PGLITE_EXTENSIONS } from "@/server/db/pglite-extensions.ts";

/** Applies the migrations to DATABASE_URL in a child process (the bench then connects to it). */
export function migratePostgresInChildProcess(url: string): void {
  runChild([], { DATABASE_URL: url });
}

/** A fresh in-memory PGlite holding the migrated schema (and `_prisma_migrations`), migrated in a child process. */
export async function openMigratedMemoryPGlite(): Promise<PGlite> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "plumbline-bench-"));
  const dump = path.join(dir, "migrated.tar");
  try {
    runChild([dump], {});
    const pglite = new PGlite({ loadDataDir: new Blob([fs.readFileSync(dump)]), extensions: PGLITE_EXTENSIONS });
    await pglite.waitReady;
    return pglite;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * A PGlite data directory on disk holding the migrated schema, migrated in a child process:
 * what `npm start` opens (server/db/client.ts runs it in a worker thread with its own start
 * parameters), for benches that measure the embedded database as the app runs it.
 */
export function migratePGliteDataDirInChildProcess(dataDir: string): void {
  runChild(["--data-dir", dataDir], {});
}

function runChild(args: string[], env: Record<string, string>): void {
  execFileSync(process.execPath, ["--import", "tsx", import.meta.filename, ...args], { env: { ...process.env, ...env }, stdio: ["ignore", "ignore", "inherit"] });
}

async function main(dumpFile: string | undefined, dataDir: string | undefined): Promise<void> {
  if (dumpFile === "--data-dir" && dataDir !== undefined) {
    const onDisk = new PGlite({ dataDir, extensions: PGLITE_EXTENSIONS });
    await applyMigrations(pgliteMigrationAdapter(onDisk));
    await onDisk.close();
    return;
  }
  if (dumpFile === undefined) {
    const url = process.env.DATABASE_URL ?? "";
    if (!url) throw new Error("DATABASE_URL or a dump file is required");
    const pool = new pg.Pool({ connectionString: url, max: 2 });
    try {
      await applyMigrations(postgresMigrationAdapter(pool));
    } finally {
      await pool.end();
    }
    return;
  }
  const pglite = new PGlite({ extensions: PGLITE_EXTENSIONS });
  await applyMigrations(pgliteMigrationAdapter(pglite));
  fs.writeFileSync(dumpFile, Buffer.from(await (await pglite.dumpDataDir("none")).arrayBuffer()));
  await pglite.close();
}

if (process.argv[1] === import.meta.filename) {
  await main(process.argv[2], process.argv[3]).catch((error: unknown) => {
    console.error(`migrating the bench database failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  });
  // The wasm schema engine keeps a timer alive for ~10 s after it is freed.
  process.exit();
}
