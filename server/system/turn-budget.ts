// Long synchronous loops in background work (the SLO cycle evaluates every SLO of an
// organization in memory) share the event loop with every request, and in the one-process
// install (embedded database) with the deploy gate. A loop that checks a turn budget lets the
// loop turn (setImmediate: after pending I/O callbacks, so waiting requests run) whenever it
// has held the thread for TURN_BUDGET_MS, instead of holding it for the whole loop.

/**
 * How long one stretch of such a loop may hold the thread. Issue 16 allows no turn over 50 ms;
 * 10 ms leaves room for GC and whatever else shares the turn, and at ~4 µs per yield costs
 * nothing measurable.
 */
export const TURN_BUDGET_MS = 10;

export interface TTurnBudget {
  /** Resolves at once while the stretch is within budget; else after the event loop turned, starting a new stretch. */
  yieldIfSpent(): Promise<void>;
  /** How many times it yielded (for tests and logs). */
  readonly yields: number;
}

export function createTurnBudget(options: { budgetMs?: number; now?: () => number; turn?: () => Promise<void> } = {}): TTurnBudget {
  const budgetMs = options.budgetMs ?? TURN_BUDGET_MS;
  const now = options.now ?? (() => performance.now());
  const turn = options.turn ?? (() => new Promise<void>((resolve) => setImmediate(resolve)));
  let since = now();
  let yields = 0;
  return {
    async yieldIfSpent() {
      if (now() - since < budgetMs) return;
      yields += 1;
      await turn();
      since = now();
    },
    get yields() {
      return yields;
    },
  };
}

/** `fn` for each item, in order, letting the event loop turn whenever a stretch used its budget. */
export async function forEachInTurns<T>(items: Iterable<T>, fn: (item: T) => void, budget: TTurnBudget = createTurnBudget()): Promise<void> {
  for (const item of items) {
    fn(item);
    await budget.yieldIfSpent();
  }
}

/** Like Array.prototype.map, in stretches of at most the budget (see forEachInTurns). */
export async function mapInTurns<T, R>(items: readonly T[], fn: (item: T) => R, budget: TTurnBudget = createTurnBudget()): Promise<R[]> {
  const result: R[] = [];
  await forEachInTurns(items, (item) => void result.push(fn(item)), budget);
  return result;
}
