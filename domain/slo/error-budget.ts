import { errorBudgetRatio } from "./error-budget-ratio.ts";

/** Bad events allowed among `total`: (1 - objective/100) * total. */
export function errorBudget(objective: number, total: number): number {
  if (!Number.isFinite(total) || total < 0) {
    throw new RangeError(`SLI total must be a finite number >= 0, got ${total}`);
  }
  return errorBudgetRatio(objective) * total;
}
