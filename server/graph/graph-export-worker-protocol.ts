import type { MessagePort } from "node:worker_threads";

/**
 * The messages between the graph export's worker thread (graph-export-worker-entry.ts) and
 * the web process's main thread (graph-export-worker-client.ts). Only ids, the organization
 * and finished bytes cross: the worker reads and serializes, the main thread only writes.
 */

/** Where the worker reads: a Postgres URL (a connection of its own), or a port to the embedded database's thread. */
export type TGraphExportDatabase = { kind: "postgres"; url: string } | { kind: "pglite"; port: MessagePort };

export interface TGraphExportWorkerData {
  database: TGraphExportDatabase;
  /** Raise the worker thread's nice value by this much at its start (server/runtime/background-thread-priority.ts). */
  threadNice: number;
}

/**
 * Bytes per message to the main thread: several 250-row reads (each a statement of its own,
 * so on PGlite other statements run between them), one message and one socket write. One
 * message per read cost two thread hops a read, and on a loaded machine each hop waits for a
 * core: the export took 1.3–1.6× as long as in one thread (bench/graph-export-worker.bench.ts).
 */
export const GRAPH_EXPORT_MESSAGE_BYTES = 128 * 1024;

export type TGraphExportRequest =
  /** A new export of one organization; nothing is read until its first pull. */
  | { type: "start"; exportId: number; organizationId: string; generatedAt: string; messageBytes: number }
  /** The next chunk (the first one: the header and the first rows): one read, one answer. */
  | { type: "pull"; exportId: number }
  /** The client went away: stop reading, forget it. */
  | { type: "cancel"; exportId: number };

export type TGraphExportReply =
  /** UTF-8 NDJSON lines, whole (its buffer is transferred, not copied). */
  | { type: "chunk"; exportId: number; bytes: Uint8Array }
  | { type: "end"; exportId: number }
  | { type: "error"; exportId: number; message: string; code?: string }
  /** After a cancel: the export's reads have stopped. */
  | { type: "cancelled"; exportId: number };
