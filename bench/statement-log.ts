// Counts the SQL statements a bench's Prisma client sends, and where their time goes:
// the wall-clock of an import or a sync is noisy on a shared machine, the number of
// statements and their summed duration are not. `BENCH_TRACE=1` also prints every
// statement as it completes, with when it started (ms since the last `reset()`): which
// statements overlap, and where the round waits on JavaScript.
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import type { DbHandle } from "@/server/db/client.ts";
import { PrismaClient } from "@/server/db/generated/client.ts";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { asPGlite, PGLITE_START_PARAMS } from "@/server/db/client.ts";
import { PGliteWorkerClient } from "@/server/db/pglite-worker-client.ts";
import { openMigratedMemoryPGlite, migratePGliteDataDirInChildProcess, migratePostgresInChildProcess } from "./migrate-in-child-process.ts";

export interface TStatementLog {
  /** Statements and summed database time since the last `reset()`. */
  snapshot(): { statements: number; databaseMs: number; top: string[] };
  reset(): void;
}

/**
 * A migrated database (Postgres at `url`, else an in-memory PGlite in this thread) whose
 * client counts statements. `embedded: "as the app"` opens PGlite as `npm start` does
 * instead: in a worker thread (server/db/pglite-worker-client.ts), with the app's start
 * parameters, on a data directory in a temporary folder (removed when the handle closes).
 */
export async function openCountedHandle(
  url: string | undefined,
  options: { embedded?: "in memory" | "as the app"; alreadyMigrated?: boolean } = {},
): Promise<{ handle: DbHandle; statements: TStatementLog }> {
  const byShape = new Map<string, { count: number; ms: number }>();
  let statements = 0;
  let since = performance.now();
  let databaseMs = 0;
  const record = (query: string, duration: number) => {
    statements += 1;
    databaseMs += duration;
    // Grouped by the statement's opening words: enough to tell one query shape from another.
    const shape = query.replace(/\s+/g, " ").slice(0, 90);
    const entry = byShape.get(shape) ?? { count: 0, ms: 0 };
    entry.count += 1;
    entry.ms += duration;
    byShape.set(shape, entry);
    if (process.env.BENCH_TRACE) console.log(`    +${(performance.now() - since - duration).toFixed(0)} ms: ${duration} ms  ${shape}`);
  };
  const counted = (adapter: PrismaPg | PrismaPGlite) => {
    const prisma = new PrismaClient({ adapter, log: [{ emit: "event", level: "query" }] });
    prisma.$on("query", (event) => record(event.query, event.duration));
    return prisma;
  };
  // Statements sent past Prisma, as one pipelined transaction (server/db/checked-insert.repository.ts):
  // counted as one, from when it was posted until its answer.
  const countPipelined = (worker: PGliteWorkerClient) => {
    const pipelined = worker.pipelinedTransaction.bind(worker);
    worker.pipelinedTransaction = async (list) => {
      const posted = performance.now();
      try {
        return await pipelined(list);
      } finally {
        const named = list.map((statement) => statement.sql.replace(/\s+/g, " ").trim()).filter((sql) => !sql.startsWith("SET LOCAL"));
        record(`[pipelined ${list.length}] ${named.map((sql) => sql.slice(0, 40)).join(" | ")}`, performance.now() - posted);
      }
    };
  };
  let handle: DbHandle;
  if (url) {
    // A test database (server/testing/test-databases.ts) is a copy of the migrated template already.
    if (!options.alreadyMigrated) migratePostgresInChildProcess(url);
    // Idle connections stay open: a bench that reads its backends' CPU from /proc misses
    // the CPU of a backend that exited (pg's pool closes one idle for 10 s by default).
    handle = { prisma: counted(new PrismaPg({ connectionString: url, max: 10, idleTimeoutMillis: 0 })), config: { kind: "postgres", url }, pglite: null };
  } else if (options.embedded === "as the app") {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "plumbline-bench-pglite-"));
    migratePGliteDataDirInChildProcess(dataDir);
    // BENCH_PGLITE_PARAMS="-c wal_buffers=16MB …": start parameters after the app's (the later one wins), for A/B runs of a setting.
    const extraParams = (process.env.BENCH_PGLITE_PARAMS ?? "").split(/\s+/).filter(Boolean);
    const worker = new PGliteWorkerClient({ dataDir, startParams: [...PGLITE_START_PARAMS, ...extraParams] });
    await worker.waitReady;
    countPipelined(worker);
    const close = worker.close.bind(worker);
    worker.close = async () => {
      await close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    };
    handle = { prisma: counted(new PrismaPGlite(asPGlite(worker))), config: { kind: "pglite", dataDir }, pglite: worker };
  } else {
    const pglite = await openMigratedMemoryPGlite();
    handle = { prisma: counted(new PrismaPGlite(pglite)), config: { kind: "pglite", dataDir: "memory://" }, pglite };
  }
  return {
    handle,
    statements: {
      snapshot: () => ({
        statements,
        databaseMs,
        top: [...byShape]
          .sort(([, a], [, b]) => b.ms - a.ms)
          .slice(0, 8)
          .map(([shape, { count, ms }]) => `${count}× ${ms.toFixed(0)} ms  ${shape}`),
      }),
      reset: () => {
        since = performance.now();
        statements = 0;
        databaseMs = 0;
        byShape.clear();
      },
    },
  };
}
