import { getDbHandle } from "@/server/db/client.ts";
import type { TStatementTimes } from "@/server/db/statement-time-profile.ts";

export interface TEmbeddedDatabaseMemoryMb {
  /** Postgres' wasm memory: it only grows. */
  wasmMb: number;
  /** The database worker thread's JavaScript heap (not in process.memoryUsage()'s heap figures, which are the main thread's). */
  heapUsedMb: number;
  heapTotalMb: number;
}

const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;

/** The embedded database's share of this process's RSS, in MB; null on Postgres. */
export async function readEmbeddedDatabaseMemory(): Promise<TEmbeddedDatabaseMemoryMb | null> {
  const database = getDbHandle().pglite;
  if (!database?.memory) return null;
  // A probe must answer even if the database does not.
  const memory = await database.memory().catch(() => null);
  if (!memory) return null;
  return { wasmMb: mb(memory.wasmBytes), heapUsedMb: mb(memory.heapUsedBytes), heapTotalMb: mb(memory.heapTotalBytes) };
}

/** Where the embedded database's time went, by statement (benchmarks only); null on Postgres or when not kept. */
export async function readEmbeddedStatementTimes(limit: number, reset: boolean): Promise<TStatementTimes | null> {
  const database = getDbHandle().pglite;
  if (!database?.statementTimes) return null;
  return database.statementTimes(limit, reset).catch(() => null);
}
