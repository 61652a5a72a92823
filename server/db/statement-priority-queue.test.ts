import { describe, expect, it } from "vitest";
import { StatementPriorityQueue, type TRelease } from "./statement-priority-queue.ts";
import { currentStatementPriority, withBackgroundStatements, withNormalStatements } from "./statement-priority.ts";

/** `work` in its turn, released when it settles (as the database's thread does with each statement). */
async function runInTurn(queue: StatementPriorityQueue, priority: "normal" | "background", work: () => Promise<void>): Promise<void> {
  const release = await queue.acquire(priority);
  try {
    await work();
  } finally {
    release();
  }
}

describe("StatementPriorityQueue", () => {
  function clockAt(start: number) {
    let now = start;
    return { now: () => now, advance: (ms: number) => (now += ms) };
  }

  it("grants at once when free, and one holder at a time", async () => {
    const queue = new StatementPriorityQueue(100, () => 0);
    const first = await queue.acquire("background");
    let second: TRelease | null = null;
    void queue.acquire("normal").then((release) => (second = release));
    await Promise.resolve();
    expect(second).toBeNull();
    expect(queue.waitingCount()).toEqual({ normal: 1, background: 0 });
    first();
    await Promise.resolve();
    expect(second).not.toBeNull();
  });

  it("hands over to normal waiters first, in arrival order, then background ones in arrival order", async () => {
    const clock = clockAt(0);
    const queue = new StatementPriorityQueue(100, clock.now);
    const holder = await queue.acquire("normal");
    const order: string[] = [];
    const wait = (name: string, priority: "normal" | "background") => runInTurn(queue, priority, async () => void order.push(name));
    const all = [wait("b1", "background"), wait("n1", "normal"), wait("b2", "background"), wait("n2", "normal")];
    holder();
    await Promise.all(all);
    expect(order).toEqual(["n1", "n2", "b1", "b2"]);
  });

  it("serves a background waiter that has waited its longest before later normal ones", async () => {
    const clock = clockAt(0);
    const queue = new StatementPriorityQueue(100, clock.now);
    const holder = await queue.acquire("normal");
    const order: string[] = [];
    const early = runInTurn(queue, "background", async () => void order.push("background, 100 ms"));
    clock.advance(100);
    const late = runInTurn(queue, "normal", async () => void order.push("normal, just now"));
    holder();
    await Promise.all([early, late]);
    expect(order).toEqual(["background, 100 ms", "normal, just now"]);
  });

  it("releases when the work fails, and a second release does nothing", async () => {
    const queue = new StatementPriorityQueue(100, () => 0);
    await expect(runInTurn(queue, "normal", () => Promise.reject(new Error("statement failed")))).rejects.toThrow("statement failed");
    const release = await queue.acquire("normal");
    release();
    release();
    const next = await queue.acquire("background");
    let after: TRelease | null = null;
    void queue.acquire("normal").then((r) => (after = r));
    await Promise.resolve();
    // The double release above did not let a second holder in beside `next`.
    expect(after).toBeNull();
    next();
    await Promise.resolve();
    expect(after).not.toBeNull();
  });
});

describe("statement priority of the caller", () => {
  it("is normal by default and background inside withBackgroundStatements, through awaits and timers", async () => {
    expect(currentStatementPriority()).toBe("normal");
    const seen = await withBackgroundStatements(async () => {
      await Promise.resolve();
      // sleep: not a wait; a timer started inside must carry the priority into its callback.
      return new Promise<string>((resolve) => setTimeout(() => resolve(currentStatementPriority()), 0));
    });
    expect(seen).toBe("background");
    expect(currentStatementPriority()).toBe("normal");
  });

  it("is normal again inside withNormalStatements, within background work, and background after it", async () => {
    const seen = await withBackgroundStatements(async () => {
      const inner = await withNormalStatements(async () => {
        await Promise.resolve();
        return currentStatementPriority();
      });
      return [inner, currentStatementPriority()];
    });
    expect(seen).toEqual(["normal", "background"]);
  });
});
