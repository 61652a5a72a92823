import { assertObjective } from "./assert-slo-inputs.ts";

/**
 * The allowed bad fraction, 1 - objective/100. Objectives are short decimals (99.9)
 * that binary floats cannot hold exactly: 1 - 0.999 is 0.0010000000000000009. Going
 * through 12 significant digits recovers the decimal the user wrote, so 99.9 % of a
 * million requests allows exactly 1,000 bad ones.
 *
 * Remembered per objective: an evaluation cycle asks ~20 times per SLO (every burn rate),
 * and the round trip through text (toPrecision, then Number) was a measurable share of a
 * 10,000-SLO cycle's JavaScript. An organization has a handful of distinct objectives; the
 * memo starts over past MEMO_LIMIT so odd inputs cannot grow it.
 */
export function errorBudgetRatio(objective: number): number {
  const remembered = memo.get(objective);
  if (remembered !== undefined) return remembered;
  assertObjective(objective);
  const ratio = Number(((100 - objective) / 100).toPrecision(12));
  if (memo.size >= MEMO_LIMIT) memo.clear();
  memo.set(objective, ratio);
  return ratio;
}

const MEMO_LIMIT = 256;
const memo = new Map<number, number>();
