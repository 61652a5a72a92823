import { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import type { SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import { readDatabaseConfig, type TDatabaseConfig } from "./database-config.ts";
import { PrismaClient } from "@/server/db/generated/client.ts";
import fs from "node:fs";
import pg from "pg";
import { PGliteWorkerClient, type TEmbeddedDatabase } from "./pglite-worker-client.ts";
import { pgliteMigrationAdapter, postgresMigrationAdapter } from "./migration-adapters.ts";
import { logger } from "@/server/logger.ts";
import { getConfig } from "@/server/config/get-config.ts";
import { getMetrics } from "@/server/metrics/plumbline-metrics.ts";

export type TPrismaClient = InstanceType<typeof PrismaClient>;

interface DbHandle {
  prisma: TPrismaClient;
  config: TDatabaseConfig;
  /** The embedded database, in its worker thread; null on Postgres. */
  pglite: TEmbeddedDatabase | null;
  /**
   * Postgres: the pg pool Prisma's adapter runs on, for the few hot statements that skip
   * Prisma's raw-query machinery (server/db/direct-statement.ts). Absent on PGlite and on
   * handles tools build around their own client: those statements then go through Prisma.
   */
  pool?: pg.Pool | null;
}

// One client per process, kept on globalThis so that Next's bundled route handlers,
// the custom server and the workers share it (and PGlite's data directory is opened
// once: two openers would corrupt it).
const HANDLE_KEY = Symbol.for("plumbline.db.handle");
type GlobalWithDb = typeof globalThis & { [HANDLE_KEY]?: DbHandle };

export function getDbHandle(): DbHandle {
  const g = globalThis as GlobalWithDb;
  // The benchmark probe reads where the embedded database's time went (statement-time-profile.ts).
  if (!g[HANDLE_KEY]) g[HANDLE_KEY] = createHandle(readDatabaseConfig(), { profileStatements: getConfig().debug.eventLoop });
  return g[HANDLE_KEY];
}

export function getPrisma(): TPrismaClient {
  return getDbHandle().prisma;
}

/**
 * The embedded database's memory. PGlite is Postgres compiled to wasm, inside this process:
 * every page its buffer pool or a maintenance sort ever touched stays in the process's RSS
 * (wasm memory only grows). Postgres' defaults (shared_buffers 128 MB, maintenance_work_mem
 * 64 MB) are sized for a server of its own; on a data directory the operating system's page
 * cache keeps what the smaller pool lets go, outside this process.
 *
 * `default_statistics_target=30` (Postgres: 100): ANALYZE copies a sample of 300 rows per unit of
 * the target, whole, into its memory, so on the history tables (change events of ~1.5 KB a row)
 * the upkeep's first ANALYZE left the wasm memory 35 MB more resident in the PGlite soak, for
 * good. 30 caps the sample at 9,000 rows: a 15,000-row table's ANALYZE touched 18 MB instead of
 * 30 (10: 6 MB). Histograms of 30 buckets are plenty for tables the size an embedded install
 * holds; Postgres proper keeps its default.
 *
 * `wal_init_zero=off`: a new WAL segment is not filled with 16 MB of zeros before use. PGlite
 * runs with fsync off (`-F`), so the zeros bought no durability; a first mesh round at 10,000
 * services writes ~200 MB of WAL and wrote as much again in zeros through the worker's file
 * system (docs/adr/011-mesh-ingest-writes.md, "The first round on PGlite").
 */
export const PGLITE_START_PARAMS = [
  ...PGlite.defaultStartParams,
  "-c",
  "shared_buffers=32MB",
  "-c",
  "maintenance_work_mem=16MB",
  "-c",
  "default_statistics_target=30",
  "-c",
  "wal_init_zero=off",
];

/**
 * For tests and tools that choose their database explicitly. `loadDataDirFile` (PGlite only):
 * a tarball of a data directory to start an empty one from (server/testing/database-templates.ts).
 */
export function createHandle(config: TDatabaseConfig, options: { loadDataDirFile?: string; profileStatements?: boolean } = {}): DbHandle {
  if (config.kind === "postgres") {
    // One pool for Prisma and the direct statements; $disconnect ends it (disposeExternalPool).
    const pool = new pg.Pool({ connectionString: config.url, max: 10 });
    // The cast: the adapter bundles a newer @types/pg than the project's; at run time both are node_modules/pg.
    const prisma = new PrismaClient({ adapter: new PrismaPg(pool as unknown as ConstructorParameters<typeof PrismaPg>[0], { disposeExternalPool: true }) });
    return { prisma, config, pglite: null, pool };
  }
  const isMemory = config.dataDir.startsWith("memory://");
  if (!isMemory) fs.mkdirSync(config.dataDir, { recursive: true });
  // In a worker thread: PGlite runs each statement synchronously on its thread (pglite-worker-client.ts).
  const pglite = new PGliteWorkerClient({
    dataDir: isMemory ? null : config.dataDir,
    startParams: PGLITE_START_PARAMS,
    ...(options.loadDataDirFile ? { loadDataDirFile: options.loadDataDirFile } : {}),
    ...(options.profileStatements ? { profileStatements: true } : {}),
    onCrash: (error) => logger.error({ err: error }, "the embedded database stopped: every query fails until the process restarts"),
    onTurnWait: (priority, waitedMs) => getMetrics().embeddedTurnWait.observe({ priority }, waitedMs / 1000),
  });
  const prisma = new PrismaClient({ adapter: new PrismaPGlite(asPGlite(pglite)) });
  return { prisma, config, pglite };
}

export async function closeHandle(handle: DbHandle): Promise<void> {
  await handle.prisma.$disconnect();
  if (handle.pglite && !handle.pglite.closed) await handle.pglite.close();
}

export async function closeDb(): Promise<void> {
  const g = globalThis as GlobalWithDb;
  const handle = g[HANDLE_KEY];
  if (!handle) return;
  delete g[HANDLE_KEY];
  await closeHandle(handle);
}

/** Installs an explicit handle as the process-wide one (tests, the custom server). */
export function setDbHandle(handle: DbHandle): void {
  (globalThis as GlobalWithDb)[HANDLE_KEY] = handle;
}

export type { DbHandle };

/** A driver adapter factory on the handle's database, for the schema engine. */
export function migrationAdapterFor(handle: DbHandle): SqlMigrationAwareDriverAdapterFactory {
  if (handle.config.kind === "postgres") return postgresMigrationAdapter(new pg.Pool({ connectionString: handle.config.url, max: 2 }));
  if (!handle.pglite) throw new Error("embedded database handle without PGlite");
  return pgliteMigrationAdapter(asPGlite(handle.pglite));
}

/**
 * The embedded database for libraries typed against PGlite itself (the Prisma adapter). They
 * call only query, exec, transaction (tx.query, tx.exec, tx.rollback) and listen, which the
 * worker's proxy implements with PGlite's semantics.
 */
export function asPGlite(database: TEmbeddedDatabase): PGlite {
  return database as unknown as PGlite;
}

const READY_KEY = Symbol.for("plumbline.db.ready");
type GlobalWithReady = typeof globalThis & { [READY_KEY]?: Promise<string[]> };

/**
 * Resolves once the process's entry point (npm start, the CLI, a script) has applied
 * migrations. Kept free of the migration code itself so Next's bundles do not trace
 * the schema engine and the migrations folder.
 */
export function whenDatabaseReady(): Promise<string[]> {
  return (globalThis as GlobalWithReady)[READY_KEY] ?? Promise.resolve([]);
}

export function markDatabaseReady(ready: Promise<string[]>): Promise<string[]> {
  (globalThis as GlobalWithReady)[READY_KEY] = ready;
  return ready;
}
