import type { TStatementPriority } from "./statement-priority.ts";

/** Releases the database for the next waiter; calling it again does nothing. */
export type TRelease = () => void;

interface TWaiter {
  priority: TStatementPriority;
  since: number;
  grant: (release: TRelease) => void;
}

/**
 * The embedded database's turn, one holder at a time (a statement, or a transaction from BEGIN
 * to its end), handed to waiters by priority instead of arrival: a normal statement goes before
 * every background one that waits, so the deploy gate waits for the statement running, not for
 * every read a page render or an export queued before it. A background waiter that has waited
 * `backgroundMaxWaitMs` goes as if it were normal (in arrival order), so a steady stream of
 * normal statements delays the background ones by that much each, and starves none.
 * Nothing is preempted: a long statement or transaction holds the database to its end.
 */
export class StatementPriorityQueue {
  private held = false;
  private readonly waiting: TWaiter[] = [];

  constructor(
    private readonly backgroundMaxWaitMs: number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Resolves when the database is this caller's; it must call the release it gets exactly when done. */
  acquire(priority: TStatementPriority): Promise<TRelease> {
    return new Promise((grant) => {
      this.waiting.push({ priority, since: this.now(), grant });
      if (!this.held) this.handOver();
    });
  }

  /** How many wait for the database, by priority (diagnostics and tests). */
  waitingCount(): Record<TStatementPriority, number> {
    const counts: Record<TStatementPriority, number> = { normal: 0, background: 0 };
    for (const waiter of this.waiting) counts[waiter.priority] += 1;
    return counts;
  }

  private handOver(): void {
    const index = this.nextIndex();
    if (index < 0) return;
    const waiter = this.waiting.splice(index, 1)[0];
    if (!waiter) return;
    this.held = true;
    let released = false;
    waiter.grant(() => {
      if (released) return;
      released = true;
      this.held = false;
      this.handOver();
    });
  }

  /** The oldest waiter that counts as normal: a normal one, or a background one that has waited long enough. */
  private nextIndex(): number {
    if (this.waiting.length === 0) return -1;
    const now = this.now();
    const index = this.waiting.findIndex((waiter) => waiter.priority === "normal" || now - waiter.since >= this.backgroundMaxWaitMs);
    return index >= 0 ? index : 0;
  }
}
