import { assertCounts } from "./assert-slo-inputs.ts";
import { errorBudgetRatio } from "./error-budget-ratio.ts";
import { roundRatio } from "./round-ratio.ts";

/**
 * (bad / total) / (1 - objective/100): 1.0 spends the budget exactly over the SLO
 * window, 14.4 spends a 30-day budget in 50 hours. Null when there were no requests:
 * no traffic says nothing about reliability.
 */
export function burnRate(objective: number, good: number, total: number): number | null {
  const ratio = errorBudgetRatio(objective);
  assertCounts(good, total);
  if (total === 0) return null;
  return roundRatio((total - good) / total / ratio);
}
