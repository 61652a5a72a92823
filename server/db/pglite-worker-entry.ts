// The worker thread that owns the embedded database (PGlite, Postgres compiled to wasm).
// PGlite runs every statement synchronously on the thread that calls it; here that thread
// is this one, so the main thread's event loop (HTTP, the gate, the workers) keeps turning
// while a statement runs. The main thread talks to it through pglite-worker-client.ts.
import { parentPort, workerData, type MessagePort } from "node:worker_threads";
import { PGlite, type Results, type Transaction } from "@electric-sql/pglite";
import { PGLITE_EXTENSIONS } from "./pglite-extensions.ts";
import { lowerCurrentThreadPriority } from "@/server/runtime/background-thread-priority.ts";
import { getHeapStatistics } from "node:v8";
import { readFileSync } from "node:fs";
import { StatementPriorityQueue } from "./statement-priority-queue.ts";
import { StatementTimeProfile, type TStatementTimes } from "./statement-time-profile.ts";
import type { TStatementPriority } from "./statement-priority.ts";
import { encodeError, type TEmbeddedDatabaseMemory, type TPGliteWorkerOptions, type TRawResults, type TReply, type TRequest } from "./pglite-worker-protocol.ts";

const port = parentPort;
if (!port) throw new Error("pglite-worker-entry.ts runs as a worker thread (see pglite-worker-client.ts)");
const options = workerData as TPGliteWorkerOptions;
// The event loop's answers wait on this thread, but a turn of the loop is what every request
// waits on: on a busy machine the loop gets the core first (server/diagnostics/README.md).
lowerCurrentThreadPriority(options.threadNice ?? 0);

const post = (reply: TReply) => port.postMessage(reply);

/**
 * Who runs next on the database: PGlite takes statements one at a time, and its own lock serves
 * them in arrival order, so a deploy decision waited behind every read a page render or the
 * export had queued. A background statement waits at most this long for normal ones to pass
 * (about ten of the gate's statements), so pages slow down under a burst of decisions but always
 * get their turn.
 */
const BACKGROUND_MAX_WAIT_MS = 250;
const turns = new StatementPriorityQueue(options.backgroundMaxWaitMs ?? BACKGROUND_MAX_WAIT_MS);
/** Told how long a request waited for its turn (ms), for its reply's `waitedMs`. */
type TOnWaited = (ms: number) => void;

async function takeTurn(priority: TStatementPriority | undefined, onWaited: TOnWaited): Promise<() => void> {
  const asked = performance.now();
  const release = await turns.acquire(priority ?? "normal");
  onWaited(performance.now() - asked);
  return release;
}

const profile = options.profileStatements ? new StatementTimeProfile() : null;

/** Runs a statement, its time on the database kept in the profile when benchmarks asked for one. */
async function timed<T>(sql: string, run: () => Promise<T>): Promise<T> {
  if (!profile) return run();
  const started = performance.now();
  try {
    return await run();
  } finally {
    profile.record(sql, performance.now() - started);
  }
}

const waitedField = (ms: number | undefined): { waitedMs?: number } => (ms === undefined ? {} : { waitedMs: ms });

interface TOpenTransaction {
  tx: Transaction | null;
  /** The transaction's statements, one after another in the order they were sent. */
  chain: Promise<unknown>;
  finish: (commit: boolean) => void;
  settled: Promise<unknown>;
}

const transactions = new Map<number, TOpenTransaction>();
const subscriptions = new Map<number, Promise<() => Promise<void>>>();
/** Rejects PGlite's transaction callback so that PGlite rolls back; not an error to report. */
const ROLLBACK = Symbol("rollback");
const identity = (value: string) => value;

// Every value leaves as Postgres' text output: the main thread applies PGlite's parsers and
// the caller's (functions cannot cross threads), exactly as PGlite's own parseResults would.
const rawParsers = new Proxy({} as PGlite["parsers"], { get: () => identity });

function rawResults(results: Results<unknown[]>): TRawResults {
  return {
    rows: results.rows as (string | null)[][],
    fields: results.fields,
    ...(results.affectedRows === undefined ? {} : { affectedRows: results.affectedRows }),
    ...("rowCount" in results && typeof results.rowCount === "number" ? { rowCount: results.rowCount } : {}),
    ...("command" in results && typeof results.command === "string" ? { command: results.command } : {}),
  };
}

async function open(): Promise<PGlite> {
  const pglite = new PGlite({
    ...(options.dataDir ? { dataDir: options.dataDir } : {}),
    ...(options.loadDataDirFile ? { loadDataDir: new Blob([readFileSync(options.loadDataDirFile)]) } : {}),
    extensions: PGLITE_EXTENSIONS,
    startParams: options.startParams,
  });
  await pglite.waitReady;
  // The same query PGlite's _initArrayTypes ran while opening: the main thread builds the same array parsers from it.
  const arrayTypes = await pglite.query<[string, string]>(
    `SELECT b.oid, b.typarray FROM pg_catalog.pg_type a LEFT JOIN pg_catalog.pg_type b ON b.oid = a.typelem
     WHERE a.typcategory = 'A' GROUP BY b.oid, b.typarray ORDER BY b.oid`,
    [],
    { rowMode: "array" },
  );
  pglite.parsers = rawParsers;
  post({ type: "ready", arrayTypes: arrayTypes.rows.map(([oid, typarray]) => [Number(oid), Number(typarray)]) });
  return pglite;
}

function queryable(pglite: PGlite, txId: number | null): Pick<Transaction, "query" | "exec"> {
  return txId === null ? pglite : openTransaction(txId);
}

function openTransaction(txId: number): Transaction {
  const open = transactions.get(txId);
  if (!open?.tx) throw new Error(`no open transaction ${txId} in the embedded database`);
  return open.tx;
}

/** Runs a transaction's statement after the ones sent before it, in the transaction's turn. */
function inOrder<T>(txId: number, run: () => Promise<T>): Promise<T> {
  const open = transactions.get(txId);
  // No such transaction: the statement runs, and PGlite's error says so.
  if (!open) return run();
  const next = open.chain.then(run);
  open.chain = next.catch(() => undefined);
  return next;
}

/** A statement outside a transaction waits for its turn; a transaction's runs in the transaction's, after the ones sent before it. */
async function inTurn<T>(request: { txId: number | null; priority?: TStatementPriority | undefined }, onWaited: TOnWaited, run: () => Promise<T>): Promise<T> {
  if (request.txId !== null) return inOrder(request.txId, run);
  const release = await takeTurn(request.priority, onWaited);
  try {
    return await run();
  } finally {
    release();
  }
}

function begin(pglite: PGlite, request: Extract<TRequest, { type: "begin" }>, onWaited: TOnWaited): Promise<null> {
  const { txId } = request;
  return new Promise((resolve, reject) => {
    let finish: (commit: boolean) => void = () => undefined;
    const finished = new Promise<void>((resolveFinish, rejectFinish) => {
      finish = (commit) => (commit ? resolveFinish() : rejectFinish(ROLLBACK));
    });
    // The transaction's statements may be sent before BEGIN has answered (a pipelined
    // transaction, pglite-worker-client.ts), or before the transaction's turn has come: they
    // queue behind BEGIN, and fail with its error.
    let began: () => void = () => undefined;
    let beginFailed: (error: unknown) => void = () => undefined;
    const begun = new Promise<void>((resolveBegun, rejectBegun) => ((began = resolveBegun), (beginFailed = rejectBegun)));
    begun.catch(() => undefined);
    const open: TOpenTransaction = { tx: null, chain: begun, finish, settled: begun };
    transactions.set(txId, open);
    // The transaction holds the database from BEGIN to its end: its turn is taken before BEGIN.
    void takeTurn(request.priority, onWaited).then((release) => {
      open.settled = pglite.transaction(async (tx) => {
        open.tx = tx;
        began();
        resolve(null);
        await finished;
      });
      open.settled.then(release, release);
      // BEGIN itself failed: the callback never ran.
      open.settled.catch((error: unknown) => {
        if (!open.tx) {
          beginFailed(error);
          transactions.delete(txId);
          reject(error);
        }
      });
    });
  });
}

async function end(txId: number, commit: boolean): Promise<null> {
  const open = transactions.get(txId);
  if (!open) throw new Error(`no open transaction ${txId} in the embedded database`);
  await open.chain;
  open.finish(commit);
  try {
    await open.settled;
  } catch (error) {
    if (error !== ROLLBACK) throw error;
  } finally {
    transactions.delete(txId);
  }
  return null;
}

function memory(pglite: PGlite): TEmbeddedDatabaseMemory {
  const heap = getHeapStatistics();
  return { wasmBytes: pglite.Module.wasmMemory.buffer.byteLength, heapUsedBytes: heap.used_heap_size, heapTotalBytes: heap.total_heap_size };
}

async function handle(pglite: PGlite, request: TRequest, onWaited: TOnWaited = () => undefined): Promise<TRawResults | TRawResults[] | TEmbeddedDatabaseMemory | TStatementTimes | null> {
  switch (request.type) {
    case "query":
      return inTurn(request, onWaited, () =>
        timed(request.sql, async () => rawResults(await queryable(pglite, request.txId).query<unknown[]>(request.sql, request.params, { rowMode: "array", ...request.options }))),
      );
    case "exec":
      return inTurn(request, onWaited, () =>
        timed(request.sql, async () => (await queryable(pglite, request.txId).exec(request.sql, { rowMode: "array" })).map((r) => rawResults(r as Results<unknown[]>))),
      );
    case "begin":
      return begin(pglite, request, onWaited);
    case "rollback":
      return inOrder(request.txId, async () => (await openTransaction(request.txId).rollback(), null));
    case "end":
      return end(request.txId, request.commit);
    case "listen": {
      const unsubscribe = pglite.listen(request.channel, (payload) => post({ type: "notification", subscriptionId: request.subscriptionId, payload }));
      subscriptions.set(request.subscriptionId, unsubscribe);
      await unsubscribe;
      return null;
    }
    case "unlisten": {
      const unsubscribe = subscriptions.get(request.subscriptionId);
      subscriptions.delete(request.subscriptionId);
      if (unsubscribe) await (await unsubscribe)();
      return null;
    }
    case "memory":
      return memory(pglite);
    case "statementTimes": {
      const times = profile?.read(request.limit) ?? null;
      if (request.reset) profile?.reset();
      return times;
    }
    case "port":
      servePort(pglite, request.port);
      return null;
    case "close":
      if (!pglite.closed) await pglite.close();
      return null;
  }
}

/**
 * Another worker thread's port (the graph export's): its statements queue on PGlite's lock
 * like the main thread's, outside any transaction, and the answers go back on its port
 * without passing through the main thread.
 */
function servePort(pglite: PGlite, other: MessagePort): void {
  other.on("message", (request: TRequest) => {
    const reply = (message: TReply) => other.postMessage(message);
    if (request.type !== "query" || request.txId !== null) {
      reply({ type: "error", id: request.id, error: encodeError(new Error(`this port runs statements outside transactions only (got "${request.type}")`)) });
      return;
    }
    // The export's reads: background, behind the gate's and the pages' statements (statement-priority.ts).
    let waitedMs: number | undefined;
    handle(pglite, { ...request, priority: "background" }, (ms) => (waitedMs = ms)).then(
      (value) => reply({ type: "result", id: request.id, value, ...waitedField(waitedMs) }),
      (error: unknown) => reply({ type: "error", id: request.id, error: encodeError(error), ...waitedField(waitedMs) }),
    );
  });
}

const opening = open();
opening.catch((error: unknown) => {
  post({ type: "fatal", error: encodeError(error) });
  port.close();
});

port.on("message", (request: TRequest) => {
  let waitedMs: number | undefined;
  opening
    .then((pglite) => handle(pglite, request, (ms) => (waitedMs = ms)))
    .then(
      (value) => post({ type: "result", id: request.id, value, ...waitedField(waitedMs) }),
      (error: unknown) => post({ type: "error", id: request.id, error: encodeError(error), ...waitedField(waitedMs) }),
    );
});
