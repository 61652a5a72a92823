/**
 * Objectives are validated when definitions are parsed; reaching the math with a bad
 * one is a programming error, so fail loudly instead of computing a misleading budget.
 * 100 % is excluded because it leaves no budget to divide by.
 */
export function assertObjective(objective: number): void {
  if (!Number.isFinite(objective) || objective <= 0 || objective >= 100) {
    throw new RangeError(`SLO objective must be a percentage above 0 and below 100, got ${objective}`);
  }
}

export function assertCounts(good: number, total: number): void {
  if (!Number.isFinite(total) || total < 0) {
    throw new RangeError(`SLI total must be a finite number >= 0, got ${total}`);
  }
  if (!Number.isFinite(good) || good < 0 || good > total) {
    throw new RangeError(`SLI good count must be between 0 and the total (${total}), got ${good}`);
  }
}
