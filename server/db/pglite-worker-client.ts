import path from "node:path";
import { pathToFileURL } from "node:url";
import { MessageChannel, Worker, type MessagePort, type ResourceLimits } from "node:worker_threads";
import type { QueryOptions, Results, Transaction } from "@electric-sql/pglite";
import { PGliteResultParsing } from "./pglite-result-parsing.ts";
import { backgroundThreadNice } from "@/server/runtime/background-thread-priority.ts";
import { currentStatementPriority, type TStatementPriority } from "./statement-priority.ts";
import { decodeError, type TEmbeddedDatabaseMemory, type TPGliteWorkerOptions, type TRawResults, type TReply, type TRequest, type TWireQueryOptions } from "./pglite-worker-protocol.ts";
import type { TStatementTimes } from "./statement-time-profile.ts";

/** The part of PGlite's surface the app uses: the Prisma adapter, pg-boss's adapter, migrations and tests. */
export interface TEmbeddedDatabase {
  query<T>(query: string, params?: unknown[], options?: QueryOptions): Promise<Results<T>>;
  exec(query: string, options?: QueryOptions): Promise<Results[]>;
  transaction<T>(callback: (tx: Transaction) => Promise<T>): Promise<T>;
  listen(channel: string, callback: (payload: string) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
  readonly closed: boolean;
  /** How much of the process's memory the database holds (the worker's wasm memory and heap). */
  memory?(): Promise<TEmbeddedDatabaseMemory>;
  /** Where the database's time went, by statement (benchmarks; statement-time-profile.ts). */
  statementTimes?(limit: number, reset: boolean): Promise<TStatementTimes | null>;
  /** Whether the database answers statements, without queueing behind the ones waiting for its connection. */
  liveness?(options: TLivenessOptions): Promise<TLiveness>;
  readonly waitReady: Promise<void>;
  /**
   * A port straight to the database's thread for another worker thread (the graph export's):
   * it posts `query` requests (pglite-worker-protocol.ts, outside any transaction) and reads
   * the text answers without passing through this thread.
   */
  openPort?(): MessagePort;
  /**
   * Runs `statements` in one transaction that commits when all of them succeeded, sending
   * BEGIN, every statement and COMMIT at once instead of each after the previous answer.
   */
  pipelinedTransaction?(statements: readonly TPipelinedStatement[]): Promise<Results[]>;
}

export interface TPipelinedStatement {
  sql: string;
  params: unknown[];
}

export interface TLivenessOptions {
  /** A statement answered this recently (ms) proves the database is up. */
  proofMs: number;
  /** With no such answer, how long (ms) to wait for the next one before reporting the database down. */
  timeoutMs: number;
}

export type TLiveness =
  /** "recent answer": a statement answered within proofMs; "answer": one answered while we waited (ours or anyone's). */
  | { alive: true; proof: "recent answer" | "answer" }
  /** "stopped": the worker died or was closed; "no answer": nothing answered within timeoutMs; "failed": our ping failed. */
  | { alive: false; reason: "stopped" | "no answer" | "failed"; error?: Error };

/** Requests that run a statement on the database (the rest the worker answers without it: memory, listen). */
const STATEMENTS = new Set<TRequest["type"]>(["query", "exec", "begin", "rollback", "end"]);

// Defined by esbuild in the production bundles only (scripts/server-bundles.ts): the worker's
// file, next to dist/start.js and dist/cli.js. Not a literal here, so that Next's bundler does
// not try to bundle the worker into the web app (it is started by the server, not by Next).
declare const __PLUMBLINE_PGLITE_WORKER__: string | undefined;

/**
 * Compiled: the bundled worker next to the running bundle. From sources (tsx, vitest, Next's
 * server bundles): the TypeScript entry, loaded through tsx's loader, which a worker does not
 * inherit on Node 20 (its first module loads before `--import` hooks run).
 */
/**
 * The worker's young generation. V8 sizes a thread's young generation from the machine (48 MB
 * here: semi-spaces of 16 MB), and the worker only turns Postgres' answers into strings to
 * post: its heap held 22 MB of 52 MB committed after every page at 10,000 services, the rest
 * empty new space in the process's RSS. 8 MB means more, shorter scavenges on the worker's
 * thread (not the event loop's); what outlives one goes to the old generation, which keeps V8's
 * default limit: a large answer must not kill the database.
 */
export const PGLITE_WORKER_RESOURCE_LIMITS: ResourceLimits = { maxYoungGenerationSizeMb: 8 };

function startWorker(options: TPGliteWorkerOptions, resourceLimits: ResourceLimits | undefined): Worker {
  const common = { workerData: { threadNice: backgroundThreadNice(), ...options } satisfies TPGliteWorkerOptions, resourceLimits: { ...PGLITE_WORKER_RESOURCE_LIMITS, ...resourceLimits } };
  if (typeof __PLUMBLINE_PGLITE_WORKER__ !== "undefined") return new Worker(new URL(__PLUMBLINE_PGLITE_WORKER__, import.meta.url), common);
  const entry = pathToFileURL(path.join(process.cwd(), "server", "db", "pglite-worker-entry.ts")).href;
  const bootstrap = `import("tsx/esm/api").then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); });`;
  return new Worker(bootstrap, { eval: true, ...common });
}

interface TPending {
  resolve: (value: TRawResults | TRawResults[] | TEmbeddedDatabaseMemory | TStatementTimes | null) => void;
  reject: (error: Error) => void;
  context?: { query: string; params: unknown[] | undefined; options: unknown };
  /** The database ran a statement to answer it (its answer proves the database answers). */
  statement: boolean;
  /** The priority it waited for its turn with (statements outside transactions and BEGIN). */
  priority?: TStatementPriority;
}

const UNSUPPORTED_OPTIONS = ["serializers", "blob", "onNotice"] as const;

/**
 * The embedded database (PGlite) in a worker thread: PGlite executes every statement
 * synchronously on the thread that calls it, so in-process a slow query stopped every
 * request, the gate and the workers. This proxy offers the PGlite methods the app uses and
 * forwards them; values come back as text and are parsed here with PGlite's parsers and
 * the caller's, errors come back as PGlite's DatabaseError with the same fields.
 * Statements of a transaction run in order, while everyone else waits for it (PGlite's lock,
 * in the worker), exactly as in-process. If the worker dies, every pending and later call
 * fails with the reason (nothing hangs), and `onCrash` is told once.
 */
export class PGliteWorkerClient implements TEmbeddedDatabase {
  readonly waitReady: Promise<void>;
  private readonly worker: Worker;
  private readonly onTurnWait: ((priority: TStatementPriority, waitedMs: number) => void) | undefined;
  private parsing: PGliteResultParsing | null = null;
  private readonly pending = new Map<number, TPending>();
  private readonly listeners = new Map<number, (payload: string) => void>();
  private nextId = 1;
  private stopped: Error | null = null;
  private closing: Promise<void> | null = null;
  /** performance.now() when a statement last answered with a result (an error proves nothing). */
  private lastAnswerAt = Number.NEGATIVE_INFINITY;
  /** Told at the next statement's answer (liveness checks waiting for proof). */
  private readonly answerWaiters = new Set<() => void>();
  /** At most one liveness ping in the queue, however many checks ask. */
  private livenessPing: Promise<unknown> | null = null;

  /**
   * `onCrash`: told once when the worker dies (not when closed). `onTurnWait`: told how long each
   * statement outside a transaction, and each BEGIN, waited for the database, with its priority.
   * `resourceLimits`: the worker's
   * JavaScript heap limits (Node's; the wasm memory is not counted in them).
   */
  constructor(options: TPGliteWorkerOptions & { onCrash?: (error: Error) => void; onTurnWait?: (priority: TStatementPriority, waitedMs: number) => void; resourceLimits?: ResourceLimits }) {
    const { onCrash, onTurnWait, resourceLimits, ...workerOptions } = options;
    this.onTurnWait = onTurnWait;
    this.worker = startWorker(workerOptions, resourceLimits);
    let ready: () => void = () => undefined;
    let failed: (error: Error) => void = () => undefined;
    this.waitReady = new Promise<void>((resolve, reject) => ((ready = resolve), (failed = reject)));
    // A caller that never awaits waitReady must not see an unhandled rejection: calls report it.
    this.waitReady.catch(() => undefined);
    this.worker.on("message", (reply: TReply) => {
      switch (reply.type) {
        case "ready":
          this.parsing = new PGliteResultParsing(reply.arrayTypes);
          ready();
          return;
        case "fatal":
          this.stop(decodeError(reply.error));
          failed(this.stopped ?? decodeError(reply.error));
          return;
        case "notification":
          this.listeners.get(reply.subscriptionId)?.(reply.payload);
          return;
        case "result":
        case "error": {
          const call = this.pending.get(reply.id);
          if (!call) return;
          this.pending.delete(reply.id);
          if (reply.waitedMs !== undefined && call.priority) this.onTurnWait?.(call.priority, reply.waitedMs);
          if (reply.type === "result" && call.statement) this.recordAnswer();
          if (reply.type === "result") call.resolve(reply.value);
          else call.reject(decodeError(reply.error, call.context));
        }
      }
    });
    this.worker.on("error", (error) => {
      const crash = new Error(`the embedded database's worker thread failed: ${error.message}`, { cause: error });
      if (!this.stopped) onCrash?.(crash);
      this.stop(crash);
      failed(crash);
    });
    this.worker.on("exit", (code) => {
      const exit = new Error(`the embedded database's worker thread exited (code ${code})`);
      if (!this.stopped && !this.closing) onCrash?.(exit);
      this.stop(exit);
      failed(exit);
    });
  }

  get closed(): boolean {
    return this.stopped !== null;
  }

  async query<T>(query: string, params?: unknown[], options?: QueryOptions): Promise<Results<T>> {
    return this.runQuery<T>(null, query, params, options);
  }

  async exec(query: string, options?: QueryOptions): Promise<Results[]> {
    return this.runExec(null, query, options);
  }

  async transaction<T>(callback: (tx: Transaction) => Promise<T>): Promise<T> {
    const txId = this.nextId++;
    await this.call({ type: "begin", id: this.nextId++, txId, priority: currentStatementPriority() });
    let closed = false;
    const checkClosed = () => {
      if (closed) throw new Error("Transaction is closed");
    };
    const tx: Transaction = {
      query: async <R>(query: string, params?: unknown[], options?: QueryOptions) => (checkClosed(), this.runQuery<R>(txId, query, params, options)),
      sql: () => Promise.reject(new Error("tx.sql is not available on the embedded database's worker: use tx.query")),
      exec: async (query: string, options?: QueryOptions) => (checkClosed(), this.runExec(txId, query, options)),
      rollback: async () => {
        checkClosed();
        await this.call({ type: "rollback", id: this.nextId++, txId });
        closed = true;
      },
      listen: () => Promise.reject(new Error("LISTEN inside a transaction is not available on the embedded database's worker")),
      get closed() {
        return closed;
      },
    };
    let result: T;
    try {
      result = await callback(tx);
    } catch (error) {
      closed = true;
      // PGlite rolls back; an error doing so must not hide the callback's.
      await this.call({ type: "end", id: this.nextId++, txId, commit: false }).catch(() => undefined);
      throw error;
    }
    closed = true;
    // Commits, unless the callback rolled back; a COMMIT that rolled back throws TransactionAbortedError.
    await this.call({ type: "end", id: this.nextId++, txId, commit: true });
    return result;
  }

  /**
   * One transaction posted whole: BEGIN, the statements and COMMIT leave together, and the
   * worker runs them one after another without waiting for this thread. A transaction whose
   * statements are sent one answer at a time idles the database whenever this thread is busy
   * (a mesh round's first chunks waited ~2 s on the simulation and aggregation in between).
   * When a statement fails, the rest fail as aborted and the COMMIT rolls back: nothing is
   * kept, and the first statement's error is thrown.
   */
  async pipelinedTransaction(statements: readonly TPipelinedStatement[]): Promise<Results[]> {
    const txId = this.nextId++;
    const begun = this.call({ type: "begin", id: this.nextId++, txId, priority: currentStatementPriority() });
    const results = statements.map((statement) => this.runQuery<Record<string, unknown>>(txId, statement.sql, statement.params, undefined));
    const ended = this.call({ type: "end", id: this.nextId++, txId, commit: true });
    const settled = await Promise.allSettled([begun, ...results, ended]);
    const failed = settled.find((outcome): outcome is PromiseRejectedResult => outcome.status === "rejected");
    if (failed) throw failed.reason;
    return Promise.all(results);
  }

  async listen(channel: string, callback: (payload: string) => void): Promise<() => Promise<void>> {
    const subscriptionId = this.nextId++;
    this.listeners.set(subscriptionId, callback);
    try {
      await this.call({ type: "listen", id: this.nextId++, subscriptionId, channel });
    } catch (error) {
      this.listeners.delete(subscriptionId);
      throw error;
    }
    return async () => {
      this.listeners.delete(subscriptionId);
      await this.call({ type: "unlisten", id: this.nextId++, subscriptionId });
    };
  }

  openPort(): MessagePort {
    if (this.stopped) throw this.stopped;
    const { port1, port2 } = new MessageChannel();
    this.worker.postMessage({ type: "port", id: this.nextId++, port: port2 } satisfies TRequest, [port2]);
    return port1;
  }

  async memory(): Promise<TEmbeddedDatabaseMemory> {
    return (await this.call({ type: "memory", id: this.nextId++ })) as TEmbeddedDatabaseMemory;
  }

  /** The statement time profile (null unless opened with `profileStatements`); `reset` starts a new one. */
  async statementTimes(limit: number, reset: boolean): Promise<TStatementTimes | null> {
    return (await this.call({ type: "statementTimes", id: this.nextId++, limit, reset })) as TStatementTimes | null;
  }

  /**
   * Health on one connection: a statement answered within `proofMs` proves the database is up,
   * so a check under read load does not queue behind every waiting read (PGlite runs one
   * statement at a time, first come first served). With no such answer (idle, or a long
   * statement running) it sends one `SELECT 1` and takes the first statement to answer, its
   * own or anyone's; nothing within `timeoutMs` (a stuck statement, a wedged database) is down,
   * and so is a dead or closed worker, at once. Missing proof never reads as healthy.
   */
  async liveness({ proofMs, timeoutMs }: TLivenessOptions): Promise<TLiveness> {
    if (this.stopped) return { alive: false, reason: "stopped", error: this.stopped };
    if (performance.now() - this.lastAnswerAt <= proofMs) return { alive: true, proof: "recent answer" };
    let settle: (liveness: TLiveness) => void = () => undefined;
    const outcome = new Promise<TLiveness>((resolve) => (settle = resolve));
    const onAnswer = () => settle({ alive: true, proof: "answer" });
    this.answerWaiters.add(onAnswer);
    const timer = setTimeout(() => settle({ alive: false, reason: "no answer" }), timeoutMs);
    this.livenessPing ??= this.query("SELECT 1").finally(() => (this.livenessPing = null));
    // A ping that fails: the worker died (every pending call fails with the reason) or the database refused a SELECT 1.
    this.livenessPing.catch((error: unknown) =>
      settle({ alive: false, reason: this.stopped ? "stopped" : "failed", error: error instanceof Error ? error : new Error(String(error)) }),
    );
    try {
      return await outcome;
    } finally {
      clearTimeout(timer);
      this.answerWaiters.delete(onAnswer);
    }
  }

  close(): Promise<void> {
    this.closing ??= (async () => {
      if (!this.stopped) await this.call({ type: "close", id: this.nextId++ }).catch(() => undefined);
      this.stop(new Error("the embedded database is closed"));
      await this.worker.terminate();
    })();
    return this.closing;
  }

  private async runQuery<T>(txId: number | null, query: string, params: unknown[] | undefined, options: QueryOptions | undefined): Promise<Results<T>> {
    const wire = wireOptions(options);
    const raw = await this.call({ type: "query", id: this.nextId++, txId, sql: query, params: params ?? [], options: wire, priority: currentStatementPriority() }, { query, params, options });
    return this.requireParsing().parse<T>(raw as TRawResults, options);
  }

  private async runExec(txId: number | null, query: string, options: QueryOptions | undefined): Promise<Results[]> {
    wireOptions(options);
    const raw = await this.call({ type: "exec", id: this.nextId++, txId, sql: query, priority: currentStatementPriority() }, { query, params: undefined, options });
    return (raw as TRawResults[]).map((results) => this.requireParsing().parse(results, options));
  }

  private requireParsing(): PGliteResultParsing {
    if (!this.parsing) throw new Error("the embedded database answered before it was ready");
    return this.parsing;
  }

  private async call(request: TRequest, context?: TPending["context"]): Promise<TRawResults | TRawResults[] | TEmbeddedDatabaseMemory | TStatementTimes | null> {
    if (this.stopped) throw this.stopped;
    await this.waitReady;
    if (this.stopped) throw this.stopped;
    return new Promise((resolve, reject) => {
      const priority = "priority" in request ? request.priority : undefined;
      this.pending.set(request.id, { resolve, reject, statement: STATEMENTS.has(request.type), ...(context ? { context } : {}), ...(priority ? { priority } : {}) });
      try {
        this.worker.postMessage(request);
      } catch (error) {
        // A parameter that cannot be cloned (a function, a symbol): this call fails, nothing else.
        this.pending.delete(request.id);
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    });
  }

  private recordAnswer(): void {
    this.lastAnswerAt = performance.now();
    for (const waiter of this.answerWaiters) waiter();
  }

  private stop(reason: Error): void {
    if (this.stopped) return;
    this.stopped = reason;
    for (const call of this.pending.values()) call.reject(reason);
    this.pending.clear();
    this.listeners.clear();
  }
}

function wireOptions(options: QueryOptions | undefined): TWireQueryOptions {
  for (const key of UNSUPPORTED_OPTIONS) {
    if (options?.[key] !== undefined) throw new Error(`the query option "${key}" is not available on the embedded database's worker`);
  }
  return options?.paramTypes ? { paramTypes: options.paramTypes } : {};
}
