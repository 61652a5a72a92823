import { assertObjective } from "./assert-slo-inputs.ts";

/**
 * The allowed bad fraction, 1 - objective/100. Objectives are short decimals (99.9)
 * that binary floats cannot hold exactly: 1 - 0.999 is 0.0010000000000000009. Going
 * through 12 significant digits recovers the decimal the user wrote, so 99.9 % of a
 * million requests allows exactly 1,000 bad ones.
 */
export function errorBudgetRatio(objective: number): number {
  assertObjective(objective);
  return Number(((100 - objective) / 100).toPrecision(12));
}
