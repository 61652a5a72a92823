/**
 * Share of the whole SLO budget an alert has consumed when it first fires:
 * burning at `threshold` for `longWindowHours` spends threshold * hours / window hours.
 * For a 30-day window this yields the Workbook's 2 % / 5 % / 10 % / 10 % column.
 */
export function budgetSpentAtTrigger(threshold: number, longWindowHours: number, sloWindowDays: number): number {
  if (!(threshold > 0) || !(longWindowHours > 0) || !(sloWindowDays > 0)) {
    throw new RangeError("threshold, long window and SLO window must all be positive");
  }
  return (threshold * longWindowHours) / (sloWindowDays * 24);
}
