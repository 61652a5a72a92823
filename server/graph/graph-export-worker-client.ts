import path from "node:path";
import { pathToFileURL } from "node:url";
import { Worker, type MessagePort, type ResourceLimits } from "node:worker_threads";
import { getDbHandle, type DbHandle } from "@/server/db/client.ts";
import { backgroundThreadNice } from "@/server/runtime/background-thread-priority.ts";
import { GRAPH_EXPORT_MESSAGE_BYTES, type TGraphExportDatabase, type TGraphExportReply, type TGraphExportRequest, type TGraphExportWorkerData } from "./graph-export-worker-protocol.ts";

/** One export running in the worker: its chunks, pulled one at a time (the caller's pace is the backpressure). */
export interface TGraphExportRun {
  /** The next chunk of NDJSON bytes; null at the end. Rejects when the read failed or the worker stopped. */
  next(): Promise<Uint8Array | null>;
  /** Stops the export's reads (the client went away); resolves when the worker has stopped them. */
  cancel(): Promise<void>;
}

interface TOpenRun {
  waiting: { resolve: (bytes: Uint8Array | null) => void; reject: (error: Error) => void } | null;
  cancelled: (() => void) | null;
  /** Set once the run ended, failed or was cancelled: later pulls answer at once. */
  finished: Error | "end" | null;
}

// Defined by esbuild in the production bundles only (scripts/server-bundles.ts): the worker's
// file, next to dist/start.js. Not a literal here, so that Next's bundler does not try to
// bundle the worker into the web app. The route runs in Next's bundle, where this is not
// defined: scripts/start.ts records the file on globalThis (installGraphExportWorkerFile).
declare const __PLUMBLINE_GRAPH_EXPORT_WORKER__: string | undefined;

const FILE_KEY = Symbol.for("plumbline.graph.exportWorkerFile");
const CLIENT_KEY = Symbol.for("plumbline.graph.exportWorker");
type GlobalWithExportWorker = typeof globalThis & { [FILE_KEY]?: string; [CLIENT_KEY]?: GraphExportWorkerClient };

/** Called by the compiled server at startup: Next's route bundles then start the bundled worker file. */
export function installGraphExportWorkerFile(): void {
  if (typeof __PLUMBLINE_GRAPH_EXPORT_WORKER__ !== "undefined") {
    (globalThis as GlobalWithExportWorker)[FILE_KEY] = new URL(__PLUMBLINE_GRAPH_EXPORT_WORKER__, import.meta.url).href;
  }
}

/**
 * Compiled: the bundled worker next to dist/start.js. From sources (tsx, vitest, next dev):
 * the TypeScript entry through tsx's loader, which a worker does not inherit on Node 20 (as
 * server/db/pglite-worker-client.ts does).
 */
function startWorker(workerData: TGraphExportWorkerData, transferList: MessagePort[]): Worker {
  const common = { workerData, transferList, resourceLimits: GRAPH_EXPORT_WORKER_RESOURCE_LIMITS };
  const file = (globalThis as GlobalWithExportWorker)[FILE_KEY];
  if (file) return new Worker(new URL(file), common);
  const entry = pathToFileURL(path.join(process.cwd(), "server", "graph", "graph-export-worker-entry.ts")).href;
  const bootstrap = `import("tsx/esm/api").then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); });`;
  return new Worker(bootstrap, { eval: true, ...common });
}

/**
 * A small young generation, as the PGlite worker's (server/db/pglite-worker-client.ts): the
 * worker holds one chunk of rows and its text at a time per export, and V8's default new
 * space (sized from the machine) would sit mostly empty in the process's RSS.
 */
export const GRAPH_EXPORT_WORKER_RESOURCE_LIMITS: ResourceLimits = { maxYoungGenerationSizeMb: 8 };

/** With no export open for this long, the worker stops (its isolate and connections go back); the next export starts another. */
export const GRAPH_EXPORT_WORKER_IDLE_MS = 60_000;

/** Where a worker started now reads: its own Postgres connection, or a new port to the embedded database's thread. */
function databaseOf(handle: DbHandle): { database: TGraphExportDatabase; transferList: MessagePort[] } {
  if (handle.config.kind === "postgres") return { database: { kind: "postgres", url: handle.config.url }, transferList: [] };
  const port = handle.pglite?.openPort?.();
  if (!port) throw new Error("the embedded database offers no port for the graph export's worker");
  return { database: { kind: "pglite", port }, transferList: [port] };
}

/**
 * The graph export's worker thread, seen from the main thread. Started on the first export
 * and kept (unref'd: it never keeps the process alive) for the next ones; if it dies, its
 * open exports fail with the reason and the next export starts another.
 */
export class GraphExportWorkerClient {
  readonly handle: DbHandle;
  private worker: Worker | null = null;
  private readonly runs = new Map<number, TOpenRun>();
  private nextId = 1;
  private idleTimer: NodeJS.Timeout | null = null;
  private readonly idleMs: number;
  private readonly messageBytes: number;

  /** `idleMs`: GRAPH_EXPORT_WORKER_IDLE_MS; `messageBytes`: GRAPH_EXPORT_MESSAGE_BYTES (tests make it small to see every read's message). */
  constructor(handle: DbHandle, options: { idleMs?: number; messageBytes?: number } = {}) {
    this.handle = handle;
    this.idleMs = options.idleMs ?? GRAPH_EXPORT_WORKER_IDLE_MS;
    this.messageBytes = options.messageBytes ?? GRAPH_EXPORT_MESSAGE_BYTES;
  }

  /** Exports the worker is still reading for (tests, metrics). */
  openExports(): number {
    return this.runs.size;
  }

  /** Whether the worker thread is running now (it starts with the first export and stops when idle). */
  isRunning(): boolean {
    return this.worker !== null;
  }

  start(organizationId: string, generatedAt: Date): TGraphExportRun {
    const exportId = this.nextId++;
    const run: TOpenRun = { waiting: null, cancelled: null, finished: null };
    let worker: Worker;
    try {
      worker = this.ensureWorker();
    } catch (error) {
      run.finished = error instanceof Error ? error : new Error(String(error));
      return this.handleOf(exportId, run);
    }
    this.clearIdle();
    this.runs.set(exportId, run);
    this.send(worker, { type: "start", exportId, organizationId, generatedAt: generatedAt.toISOString(), messageBytes: this.messageBytes });
    return this.handleOf(exportId, run);
  }

  /** Stops the worker; open exports fail. */
  async close(): Promise<void> {
    this.clearIdle();
    const worker = this.worker;
    this.worker = null;
    this.failAll(new Error("the graph export's worker thread was stopped"));
    await worker?.terminate();
  }

  private handleOf(exportId: number, run: TOpenRun): TGraphExportRun {
    return {
      next: () => {
        if (run.finished === "end") return Promise.resolve(null);
        if (run.finished) return Promise.reject(run.finished);
        if (run.waiting) return Promise.reject(new Error("graph export: one pull at a time"));
        const worker = this.worker;
        if (!worker) return Promise.reject(new Error("the graph export's worker thread stopped"));
        return new Promise((resolve, reject) => {
          run.waiting = { resolve, reject };
          this.send(worker, { type: "pull", exportId });
        });
      },
      cancel: () => {
        if (run.finished) return Promise.resolve();
        run.finished = new Error("the graph export was cancelled");
        run.waiting?.reject(run.finished);
        run.waiting = null;
        const worker = this.worker;
        if (!worker || !this.runs.has(exportId)) return Promise.resolve();
        return new Promise<void>((resolve) => {
          run.cancelled = () => resolve();
          this.send(worker, { type: "cancel", exportId });
        });
      },
    };
  }

  private send(worker: Worker, request: TGraphExportRequest): void {
    worker.postMessage(request);
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const { database, transferList } = databaseOf(this.handle);
    const worker = startWorker({ database, threadNice: backgroundThreadNice() }, transferList);
    worker.unref();
    worker.on("message", (reply: TGraphExportReply) => this.onReply(reply));
    const stopped = (error: Error) => {
      if (this.worker !== worker) return;
      this.worker = null;
      this.failAll(error);
    };
    worker.on("error", (error) => stopped(new Error(`the graph export's worker thread failed: ${error.message}`, { cause: error })));
    worker.on("exit", (code) => stopped(new Error(`the graph export's worker thread exited (code ${code})`)));
    this.worker = worker;
    return worker;
  }

  private clearIdle(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
  }

  /** The last open export finished: stop the worker if no other starts within idleMs. */
  private armIdle(): void {
    if (this.runs.size > 0 || !this.worker) return;
    this.clearIdle();
    this.idleTimer = setTimeout(() => {
      this.idleTimer = null;
      if (this.runs.size === 0) void this.close();
    }, this.idleMs);
    this.idleTimer.unref();
  }

  private onReply(reply: TGraphExportReply): void {
    const run = this.runs.get(reply.exportId);
    if (!run) return;
    this.settle(run, reply);
    this.armIdle();
  }

  private settle(run: TOpenRun, reply: TGraphExportReply): void {
    switch (reply.type) {
      case "chunk":
        run.waiting?.resolve(reply.bytes);
        run.waiting = null;
        return;
      case "end":
        this.runs.delete(reply.exportId);
        run.finished = "end";
        run.waiting?.resolve(null);
        run.waiting = null;
        return;
      case "error": {
        this.runs.delete(reply.exportId);
        const error = Object.assign(new Error(`graph export failed in its worker thread: ${reply.message}`), reply.code ? { code: reply.code } : {});
        if (!run.finished) run.finished = error;
        run.waiting?.reject(error);
        run.waiting = null;
        run.cancelled?.();
        return;
      }
      case "cancelled":
        this.runs.delete(reply.exportId);
        run.cancelled?.();
    }
  }

  private failAll(error: Error): void {
    for (const run of this.runs.values()) {
      if (!run.finished) run.finished = error;
      run.waiting?.reject(error);
      run.waiting = null;
      run.cancelled?.();
    }
    this.runs.clear();
  }
}

/**
 * This process's export worker, for the process's database handle (a new handle, as in
 * tests that switch databases, gets a worker of its own; the old one stops). On globalThis:
 * the custom server and Next's route bundles share it.
 */
export function graphExportWorker(): GraphExportWorkerClient {
  const g = globalThis as GlobalWithExportWorker;
  const handle = getDbHandle();
  const current = g[CLIENT_KEY];
  if (current?.handle === handle) return current;
  void current?.close();
  return (g[CLIENT_KEY] = new GraphExportWorkerClient(handle));
}
