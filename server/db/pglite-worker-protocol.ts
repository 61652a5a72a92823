import type { MessagePort } from "node:worker_threads";
import { messages, TransactionAbortedError } from "@electric-sql/pglite";
import type { TStatementPriority } from "./statement-priority.ts";
import type { TStatementTimes } from "./statement-time-profile.ts";

/**
 * The messages between the main thread's embedded-database proxy (pglite-worker-client.ts)
 * and the worker thread that owns the real PGlite (pglite-worker-entry.ts). Only data
 * crosses: values as Postgres' text output, parsed on the main thread; errors as their fields.
 */

/** What the worker needs to open the database (workerData). */
export interface TPGliteWorkerOptions {
  /** A directory; null: in memory. */
  dataDir: string | null;
  startParams: string[];
  /**
   * A data directory's tarball (PGlite's dumpDataDir, uncompressed) to start an empty data
   * directory from instead of running initdb: the tests' migrated template.
   */
  loadDataDirFile?: string;
  /** Raise the worker thread's nice value by this much at its start (server/runtime/background-thread-priority.ts). */
  threadNice?: number;
  /** How long a background statement lets normal ones go first (statement-priority-queue.ts); the worker's default when absent. */
  backgroundMaxWaitMs?: number;
  /** Keep each statement's time on the database (statement-time-profile.ts): benchmarks only. */
  profileStatements?: boolean;
}

/** Query options that can cross a thread (the rest are functions: parsers apply on the main thread). */
export interface TWireQueryOptions {
  paramTypes?: number[];
}

/**
 * Statements outside a transaction and BEGIN wait for the database by priority
 * (statement-priority-queue.ts); a transaction's own statements run in its turn.
 */
export type TRequest =
  | { type: "query"; id: number; txId: number | null; sql: string; params: unknown[]; options: TWireQueryOptions; priority?: TStatementPriority }
  | { type: "exec"; id: number; txId: number | null; sql: string; priority?: TStatementPriority }
  | { type: "begin"; id: number; txId: number; priority?: TStatementPriority }
  | { type: "rollback"; id: number; txId: number }
  | { type: "end"; id: number; txId: number; commit: boolean }
  | { type: "listen"; id: number; subscriptionId: number; channel: string }
  | { type: "unlisten"; id: number; subscriptionId: number }
  | { type: "memory"; id: number }
  /** The statement time profile's top entries (null when not kept); `reset` starts a new one. */
  | { type: "statementTimes"; id: number; limit: number; reset: boolean }
  /** Another thread's port (the graph export's worker): it sends `query` requests outside transactions and gets their replies on it. */
  | { type: "port"; id: number; port: MessagePort }
  | { type: "close"; id: number };

/** The worker thread's share of the process's memory, in bytes. */
export interface TEmbeddedDatabaseMemory {
  /** Postgres' wasm memory (it only grows: every page the buffer pool or a sort ever touched). */
  wasmBytes: number;
  /** The worker thread's own JavaScript heap (a separate V8 isolate). */
  heapUsedBytes: number;
  heapTotalBytes: number;
}

/** Postgres' text output of each value (null for NULL), before any parser. */
export interface TRawResults {
  rows: (string | null)[][];
  fields: { name: string; dataTypeID: number }[];
  affectedRows?: number;
  rowCount?: number;
  command?: string;
}

export type TReply =
  /** After startup: each array type's element type, as PGlite reads them when it opens (its array parsers). */
  | { type: "ready"; arrayTypes: [elementOid: number, arrayOid: number][] }
  | { type: "fatal"; error: TWireError }
  /** `waitedMs`: how long a statement outside a transaction, or a BEGIN, waited for its turn (statement-priority-queue.ts). */
  | { type: "result"; id: number; value: TRawResults | TRawResults[] | TEmbeddedDatabaseMemory | TStatementTimes | null; waitedMs?: number }
  | { type: "error"; id: number; error: TWireError; waitedMs?: number }
  | { type: "notification"; subscriptionId: number; payload: string };

const DATABASE_ERROR_FIELDS = [
  "severity",
  "code",
  "detail",
  "hint",
  "position",
  "internalPosition",
  "internalQuery",
  "where",
  "schema",
  "table",
  "column",
  "dataType",
  "constraint",
  "file",
  "line",
  "routine",
] as const;

type TDatabaseErrorField = (typeof DATABASE_ERROR_FIELDS)[number];

export type TWireError =
  | {
      kind: "database" | "transaction-aborted";
      message: string;
      length: number;
      name: messages.MessageName;
      fields: Partial<Record<TDatabaseErrorField, string>>;
    }
  | { kind: "error"; name: string; message: string; stack: string | undefined };

/** In the worker: an error as data (Postgres' errors keep every field the callers inspect). */
export function encodeError(error: unknown): TWireError {
  if (error instanceof messages.DatabaseError) {
    const fields: Partial<Record<TDatabaseErrorField, string>> = {};
    for (const key of DATABASE_ERROR_FIELDS) {
      const value = error[key];
      if (value !== undefined) fields[key] = value;
    }
    return {
      kind: error instanceof TransactionAbortedError ? "transaction-aborted" : "database",
      message: error.message,
      length: error.length,
      name: error.name,
      fields,
    };
  }
  if (error instanceof Error) return { kind: "error", name: error.name, message: error.message, stack: error.stack };
  return { kind: "error", name: "Error", message: String(error), stack: undefined };
}

/**
 * On the main thread: the error PGlite itself would have thrown — a DatabaseError of this
 * thread's @electric-sql/pglite (the Prisma adapter checks `instanceof`), with the query,
 * params and options attached as PGlite's makePGliteError does.
 */
export function decodeError(wire: TWireError, context?: { query: string; params: unknown[] | undefined; options: unknown }): Error {
  if (wire.kind === "error") {
    const error = new Error(wire.message);
    error.name = wire.name;
    if (wire.stack) error.stack = `${wire.stack}\n    (in the embedded database's worker thread)`;
    return error;
  }
  const error = wire.kind === "transaction-aborted" ? new TransactionAbortedError() : new messages.DatabaseError(wire.message, wire.length, wire.name);
  Object.assign(error, wire.fields);
  if (context) Object.assign(error, { query: context.query, params: context.params, queryOptions: context.options });
  return error;
}
