// The graph export's worker thread: it runs the keyset reads of a full export and turns
// each chunk of rows into NDJSON bytes, so the web process's event loop (the gate, health
// checks, pages) only writes finished buffers to the socket. Started by
// graph-export-worker-client.ts; one per web process, serving every export in turn.
import { parentPort, workerData, type MessagePort } from "node:worker_threads";
import pg from "pg";
import type { TRawResults, TReply as TPGliteReply, TRequest as TPGliteRequest } from "@/server/db/pglite-worker-protocol.ts";
import { exportGraphLines } from "./graph-export-lines.ts";
import { lowerCurrentThreadPriority } from "@/server/runtime/background-thread-priority.ts";
import type { TExportTextRows } from "./graph-export.repository.ts";
import type { TGraphExportReply, TGraphExportRequest, TGraphExportWorkerData } from "./graph-export-worker-protocol.ts";

const port = parentPort;
if (!port) throw new Error("graph-export-worker-entry.ts runs as a worker thread (see graph-export-worker-client.ts)");
const { database, threadNice } = workerData as TGraphExportWorkerData;
// An export is a batch read: the event loop (the gate, health, pages) gets the core first.
lowerCurrentThreadPriority(threadNice);

const post = (reply: TGraphExportReply, transfer: ArrayBuffer[] = []) => port.postMessage(reply, transfer);

/** Postgres: a small pool of its own (the export reads one chunk at a time per export). */
function postgresRows(url: string): TExportTextRows {
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  // An idle connection the server dropped: the next read opens another.
  pool.on("error", () => undefined);
  return async (sql, params) => (await pool.query<(string | null)[]>({ text: sql, values: params, rowMode: "array" })).rows;
}

/** PGlite: statements through a port to the embedded database's thread, which runs them between everyone else's. */
function pgliteRows(database: MessagePort): TExportTextRows {
  let nextId = 1;
  const pending = new Map<number, { resolve: (rows: (string | null)[][]) => void; reject: (error: Error) => void }>();
  database.on("message", (reply: TPGliteReply) => {
    if (reply.type !== "result" && reply.type !== "error") return;
    const call = pending.get(reply.id);
    if (!call) return;
    pending.delete(reply.id);
    if (reply.type === "result") call.resolve((reply.value as TRawResults).rows);
    else call.reject(Object.assign(new Error(reply.error.message), "fields" in reply.error ? { code: reply.error.fields.code } : {}));
  });
  database.on("close", () => {
    for (const call of pending.values()) call.reject(new Error("the embedded database closed"));
    pending.clear();
  });
  return (sql, params) =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve, reject });
      const request: TPGliteRequest = { type: "query", id, txId: null, sql, params, options: {} };
      database.postMessage(request);
    });
}

const rows = database.kind === "postgres" ? postgresRows(database.url) : pgliteRows(database.port);
const encoder = new TextEncoder();

interface TRun {
  lines: AsyncGenerator<string>;
  /** The first pull sends the header with the first rows: the route learns of a failed read before it answers 200. */
  started: boolean;
  done: boolean;
  /** Read on until a message holds this much text (GRAPH_EXPORT_MESSAGE_BYTES). */
  messageBytes: number;
  /** This export's pulls and its cancel, one after another. */
  chain: Promise<void>;
}

const runs = new Map<number, TRun>();

async function pull(exportId: number, run: TRun): Promise<void> {
  const parts: string[] = [];
  let length = 0;
  // The first message holds the header and the first rows: a read that fails at once fails the route's answer.
  const rowsRead = () => parts.length > (run.started ? 0 : 1);
  while (!run.done && (!rowsRead() || length < run.messageBytes)) {
    const next = await run.lines.next();
    if (next.done) run.done = true;
    else {
      parts.push(next.value);
      length += next.value.length;
    }
  }
  run.started = true;
  if (parts.length === 0) {
    runs.delete(exportId);
    post({ type: "end", exportId });
    return;
  }
  const bytes = encoder.encode(parts.join(""));
  post({ type: "chunk", exportId, bytes }, [bytes.buffer as ArrayBuffer]);
}

function fail(exportId: number, run: TRun, error: unknown): void {
  runs.delete(exportId);
  run.lines.return(undefined).catch(() => undefined);
  const code = typeof error === "object" && error !== null && "code" in error && typeof error.code === "string" ? error.code : undefined;
  post({ type: "error", exportId, message: error instanceof Error ? error.message : String(error), ...(code ? { code } : {}) });
}

port.on("message", (request: TGraphExportRequest) => {
  switch (request.type) {
    case "start":
      runs.set(request.exportId, {
        lines: exportGraphLines(rows, request.organizationId, new Date(request.generatedAt)),
        started: false,
        done: false,
        messageBytes: request.messageBytes,
        chain: Promise.resolve(),
      });
      return;
    case "pull": {
      const run = runs.get(request.exportId);
      if (!run) return post({ type: "error", exportId: request.exportId, message: "no such export in the worker" });
      run.chain = run.chain.then(() => pull(request.exportId, run)).catch((error: unknown) => fail(request.exportId, run, error));
      return;
    }
    case "cancel": {
      const run = runs.get(request.exportId);
      if (!run) return post({ type: "cancelled", exportId: request.exportId });
      runs.delete(request.exportId);
      run.chain = run.chain
        .then(() => run.lines.return(undefined))
        .catch(() => undefined)
        .then(() => post({ type: "cancelled", exportId: request.exportId }));
      return;
    }
  }
});
