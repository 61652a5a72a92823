import { chunksOf } from "./bulk-chunks.ts";
import { createTurnBudget, type TTurnBudget } from "@/server/system/turn-budget.ts";

/** Rows per JSON.stringify call: a stretch each, well under the turn budget. */
const PART_ROWS = 250;

/**
 * Each chunk's rows (`toRow` of each item) as one JSON array text, exactly JSON.stringify's,
 * for bulk statements that take their rows as one JSON parameter. Stringified a part at a
 * time, the event loop turning between parts once a stretch used its budget: a 2,000-row
 * chunk of SLO evaluations with their alerts is ~4 MB of JSON, and one JSON.stringify of it
 * held the loop for tens of ms.
 */
export async function jsonArrayTexts<TItem>(
  chunks: Iterable<readonly TItem[]>,
  toRow: (item: TItem) => unknown,
  options: { partRows?: number; budget?: TTurnBudget } = {},
): Promise<string[]> {
  const budget = options.budget ?? createTurnBudget();
  const texts: string[] = [];
  for (const chunk of chunks) {
    const parts: string[] = [];
    for (const part of chunksOf(chunk, options.partRows ?? PART_ROWS)) {
      // An array's text without its brackets; the parts join into one array.
      parts.push(JSON.stringify(part.map(toRow)).slice(1, -1));
      await budget.yieldIfSpent();
    }
    texts.push(`[${parts.join(",")}]`);
  }
  return texts;
}
