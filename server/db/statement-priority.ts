import { AsyncLocalStorage } from "node:async_hooks";

/**
 * How urgently a statement on the embedded database should run (PGlite runs one at a time, so
 * whoever waits is served in this order; see statement-priority-queue.ts). "background": the
 * largest reads (the `/graph` and `/services` pages, the graph export) and the workers' rounds,
 * which no caller waits on in a hurry; "normal": everything else, the deploy gate first of all.
 * Postgres schedules its own connections: there the priority changes nothing.
 */
export type TStatementPriority = "normal" | "background";

// One store per process, not per bundle: the heavy-read admission (dist/start.js) and the
// database client (Next's server chunks, or the workers' bundle) are compiled separately, and
// each would otherwise have its own copy of this module and so its own store.
const KEY = Symbol.for("plumbline.db.statementPriority");
type GlobalWithStore = typeof globalThis & { [KEY]?: AsyncLocalStorage<TStatementPriority> };

function store(): AsyncLocalStorage<TStatementPriority> {
  const global = globalThis as GlobalWithStore;
  global[KEY] ??= new AsyncLocalStorage<TStatementPriority>();
  return global[KEY];
}

/** Runs `work` (and everything it starts: callbacks, timers, promises) with its statements in the background. */
export function withBackgroundStatements<T>(work: () => T): T {
  return store().run("background", work);
}

/**
 * Runs `work` with its statements at normal priority again, inside work that is otherwise
 * background: a Slack click arriving over Socket Mode is received by a worker (whose
 * callbacks all inherit the worker's background priority), but a person is waiting on it.
 */
export function withNormalStatements<T>(work: () => T): T {
  return store().run("normal", work);
}

/** The priority of statements sent from here: "normal" unless inside withBackgroundStatements. */
export function currentStatementPriority(): TStatementPriority {
  return store().getStore() ?? "normal";
}
