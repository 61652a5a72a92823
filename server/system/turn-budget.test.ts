import { describe, expect, it } from "vitest";
import { createTurnBudget, forEachInTurns, mapInTurns } from "./turn-budget.ts";

/** A clock the test moves, and a "turn" that records where the loop let go. */
function scripted(budgetMs: number) {
  let clock = 0;
  const turnsAt: number[] = [];
  const budget = createTurnBudget({ budgetMs, now: () => clock, turn: async () => void turnsAt.push(clock) });
  return { budget, turnsAt, advance: (ms: number) => (clock += ms) };
}

describe("turn budget", () => {
  it("lets the loop turn each time a stretch has used its budget, and only then", async () => {
    const { budget, turnsAt, advance } = scripted(10);
    const seen: number[] = [];
    // Each item takes 3 ms: four items fill a 10 ms stretch.
    await forEachInTurns([1, 2, 3, 4, 5, 6, 7, 8, 9], (item) => (seen.push(item), advance(3)), budget);
    expect(seen).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(turnsAt).toEqual([12, 24]);
    expect(budget.yields).toBe(2);
  });

  it("does not turn while the work stays within the budget", async () => {
    const { budget, turnsAt, advance } = scripted(10);
    expect(await mapInTurns([1, 2, 3], (n) => (advance(1), n * 2), budget)).toEqual([2, 4, 6]);
    expect(turnsAt).toEqual([]);
  });

  it("really lets other callbacks run in between (setImmediate by default)", async () => {
    const order: string[] = [];
    setImmediate(() => order.push("other callback"));
    // A zero budget: every item is a full stretch.
    await forEachInTurns(["a", "b"], (item) => void order.push(item), createTurnBudget({ budgetMs: 0 }));
    expect(order).toEqual(["a", "other callback", "b"]);
  });
});
