import { assertCounts } from "./assert-slo-inputs.ts";
import { errorBudgetRatio } from "./error-budget-ratio.ts";
import { roundRatio } from "./round-ratio.ts";

/**
 * 1 - bad / allowed over the SLO window: 1 untouched, 0 exactly spent, negative when
 * overspent (-0.12 = 112 % spent). Computed as 1 - burn rate, which is the same
 * quantity, so "burn rate 1 over the window" and "budget remaining 0" always agree.
 * Null when there were no requests: an unknown budget must not read as a full one.
 */
export function budgetRemaining(objective: number, good: number, total: number): number | null {
  const ratio = errorBudgetRatio(objective);
  assertCounts(good, total);
  if (total === 0) return null;
  return roundRatio(1 - (total - good) / total / ratio);
}
