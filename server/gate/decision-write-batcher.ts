/**
 * Group commit for deploy decisions (docs/adr/013-gate-read-plan-and-group-commit.md): decisions whose write
 * arrives while another write of this process is in flight wait for it and then go to the
 * database together, in one statement (one round trip, one transaction, one commit), and
 * each caller is answered when the statement that carries its decision has committed. A
 * write that finds nothing in flight goes at once, alone: an idle gate adds no delay.
 *
 * Per-request outcomes stay exact:
 * - a decision whose Idempotency-Key another request took is not in the statement's
 *   result; its caller gets a unique violation (isUniqueViolation), as from a write alone,
 *   and answers with the winner's request;
 * - when the batch's statement fails as a whole (a service or team deleted meanwhile, a
 *   constraint), nothing of it was written, and every decision in it is written again on
 *   its own, so each caller gets its own write's error or success.
 */
export interface TBatchedWrite<TWrite> {
  /** The value `writeBatch` reports back for the writes it stored (the request's id). */
  key: string;
  write: TWrite;
}

export interface TDecisionWriteBatcher<TWrite> {
  /** Resolves when the write committed; rejects with the write's own error. */
  write(entry: TBatchedWrite<TWrite>): Promise<void>;
}

export interface TDecisionWriteBatcherOptions<TWrite> {
  /** Writes all in one statement; returns the keys written (the others' Idempotency-Key was taken). */
  writeBatch(writes: readonly TWrite[]): Promise<ReadonlySet<string>>;
  /** Writes one alone (throws a unique violation when its Idempotency-Key was taken). */
  writeOne(write: TWrite): Promise<void>;
  /** The error a write whose Idempotency-Key was taken in a batch is rejected with. */
  keyTaken(write: TWrite): Error;
  /** At most this many writes per statement. */
  maxBatch: number;
  /** Told of each statement written (tests and metrics): how many decisions it carried. */
  onBatch?(size: number): void;
}

interface TQueued<TWrite> {
  entry: TBatchedWrite<TWrite>;
  resolve: () => void;
  reject: (error: unknown) => void;
}

export function createDecisionWriteBatcher<TWrite>(options: TDecisionWriteBatcherOptions<TWrite>): TDecisionWriteBatcher<TWrite> {
  const queue: TQueued<TWrite>[] = [];
  let writing = false;

  async function writeAlone(queued: TQueued<TWrite>): Promise<void> {
    try {
      await options.writeOne(queued.entry.write);
      queued.resolve();
    } catch (error) {
      queued.reject(error);
    }
  }

  async function writeTogether(batch: TQueued<TWrite>[]): Promise<void> {
    let written: ReadonlySet<string>;
    try {
      written = await options.writeBatch(batch.map((queued) => queued.entry.write));
    } catch {
      // Nothing of the batch was written: each alone, so each caller gets its own outcome.
      await Promise.all(batch.map(writeAlone));
      return;
    }
    for (const queued of batch) {
      if (written.has(queued.entry.key)) queued.resolve();
      else queued.reject(options.keyTaken(queued.entry.write));
    }
  }

  async function drain(): Promise<void> {
    writing = true;
    try {
      while (queue.length > 0) {
        const batch = queue.splice(0, options.maxBatch);
        options.onBatch?.(batch.length);
        // One alone takes the one-decision statement: the same path as before batching.
        await (batch.length === 1 && batch[0] ? writeAlone(batch[0]) : writeTogether(batch));
      }
    } finally {
      writing = false;
    }
  }

  return {
    write: (entry) =>
      new Promise<void>((resolve, reject) => {
        queue.push({ entry, resolve, reject });
        if (!writing) void drain();
      }),
  };
}
