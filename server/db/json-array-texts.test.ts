import { describe, expect, it } from "vitest";
import { createTurnBudget } from "@/server/system/turn-budget.ts";
import { jsonArrayTexts } from "./json-array-texts.ts";

describe("jsonArrayTexts", () => {
  const rows = [
    { id: "a", alerts: undefined, sli: 0.1 + 0.2, burnRates: { "5m": null, "1h": 1e-7 } },
    { id: 'quote " and \\ backslash', alerts: [{ firing: true }], sli: Number.NaN, burnRates: {} },
    { id: "ü ✓ \u2028", alerts: [], sli: -0, burnRates: { slo: Number.POSITIVE_INFINITY } },
  ];

  it("gives each chunk exactly JSON.stringify's text of its rows, for every part size", async () => {
    const toRow = (row: (typeof rows)[number]) => ({ ...row, extra: row.id.length });
    for (const partRows of [1, 2, 3, 250]) {
      const texts = await jsonArrayTexts([rows, rows.slice(1), rows.slice(2)], toRow, { partRows });
      expect(texts).toEqual([JSON.stringify(rows.map(toRow)), JSON.stringify(rows.slice(1).map(toRow)), JSON.stringify(rows.slice(2).map(toRow))]);
    }
  });

  it("keeps rows that serialise to nothing as JSON.stringify does (undefined → null)", async () => {
    const items = [1, 2, 3];
    const toRow = (n: number) => (n === 2 ? undefined : { n });
    expect(await jsonArrayTexts([items], toRow, { partRows: 1 })).toEqual([JSON.stringify(items.map(toRow))]);
  });

  it("lets the event loop turn between parts once the budget is spent", async () => {
    let clock = 0;
    let turns = 0;
    const budget = createTurnBudget({ budgetMs: 10, now: () => (clock += 6), turn: async () => void (turns += 1) });
    const texts = await jsonArrayTexts([[1, 2, 3, 4, 5, 6]], (n) => n, { partRows: 1, budget });
    expect(texts).toEqual(["[1,2,3,4,5,6]"]);
    expect(turns).toBeGreaterThan(0);
    expect(budget.yields).toBe(turns);
  });

  it("answers no text for no chunks and [] for an empty chunk", async () => {
    expect(await jsonArrayTexts([], (n: number) => n)).toEqual([]);
    expect(await jsonArrayTexts([[]], (n: number) => n)).toEqual(["[]"]);
  });
});
