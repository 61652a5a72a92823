import { assertCounts } from "./assert-slo-inputs.ts";
import { errorBudgetRatio } from "./error-budget-ratio.ts";
import { roundRatio } from "./round-ratio.ts";

/** One time slice of an SLO window (OpenSLO `timeSliceWindow`, e.g. 1 minute): its request counts. */
export interface TimeSlice {
  good: number;
  total: number;
}

/**
 * OpenSLO `Timeslices` budgeting. The window is cut into `sliceCount` slices; a slice is good
 * when its good/total ratio reaches `timeSliceTarget` (a ratio, e.g. 0.95). The objective (a
 * percentage, e.g. 99) is the share of good slices required, so the budget is a whole number
 * of bad slices: floor(sliceCount × (1 − objective/100)). A slice without requests failed
 * nobody and counts as good; slices of the window not measured yet are not given (they are
 * neither good nor bad, only `sliceCount` counts them).
 */
export function timeslicesBudget(input: {
  objective: number;
  timeSliceTarget: number;
  /** All slices of the window, measured or not: window length / slice length. */
  sliceCount: number;
  slices: readonly TimeSlice[];
}): {
  badSlices: number;
  allowedBadSlices: number;
  /** Bad slices still allowed; negative when overspent. The budget, in slices. */
  remainingSlices: number;
  /** 1 − bad/allowed, as budgetRemaining for Occurrences; null when the objective allows no bad slice at all. */
  budgetRemaining: number | null;
} {
  const { objective, timeSliceTarget, sliceCount, slices } = input;
  if (!(timeSliceTarget > 0 && timeSliceTarget <= 1)) throw new RangeError(`timeSliceTarget must be a ratio above 0 and at most 1 (got ${timeSliceTarget})`);
  if (!Number.isInteger(sliceCount) || sliceCount < slices.length) {
    throw new RangeError(`sliceCount must be a whole number of at least the ${slices.length} slices given (got ${sliceCount})`);
  }
  let badSlices = 0;
  for (const slice of slices) {
    assertCounts(slice.good, slice.total);
    if (slice.total > 0 && slice.good / slice.total < timeSliceTarget) badSlices += 1;
  }
  // errorBudgetRatio keeps the decimal the author wrote (99.9 → 0.001 exactly), so the floor is exact.
  const allowedBadSlices = Math.floor(Number((sliceCount * errorBudgetRatio(objective)).toPrecision(12)));
  return {
    badSlices,
    allowedBadSlices,
    remainingSlices: allowedBadSlices - badSlices,
    budgetRemaining: allowedBadSlices === 0 ? null : roundRatio(1 - badSlices / allowedBadSlices),
  };
}

/**
 * OpenSLO `RatioTimeslices` budgeting: the SLI is the mean of the slices' good/total ratios
 * (each slice weighs the same, however busy), and the budget is spent as for Occurrences:
 * 1 − (1 − SLI)/(1 − objective/100). Slices without requests have no ratio and are left out;
 * null when no slice had any.
 */
export function ratioTimeslicesBudget(objective: number, slices: readonly TimeSlice[]): { sli: number; budgetRemaining: number } | null {
  const ratios: number[] = [];
  for (const slice of slices) {
    assertCounts(slice.good, slice.total);
    if (slice.total > 0) ratios.push(slice.good / slice.total);
  }
  if (ratios.length === 0) return null;
  const sli = ratios.reduce((sum, ratio) => sum + ratio, 0) / ratios.length;
  return { sli: roundRatio(sli), budgetRemaining: roundRatio(1 - (1 - sli) / errorBudgetRatio(objective)) };
}
