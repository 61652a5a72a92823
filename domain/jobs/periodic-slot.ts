/**
 * A periodic job runs once per slot of `everyMs`. When a run overruns its interval, the
 * slots offered meanwhile would queue up and run back to back, each one later than the
 * last: work piles up and never catches up. A run picked up after its own slot has
 * ended is skipped instead (the next slot's run does the same work with fresher data),
 * and said so.
 */
export type TSlotDecision = { run: true } | { run: false; lateByMs: number; reason: string };

export function decideSlotRun(job: string, slotAt: Date | null, now: Date, everyMs: number): TSlotDecision {
  // A job offered by an older worker carries no slot: run it, as before.
  if (slotAt === null) return { run: true };
  const lateByMs = now.getTime() - slotAt.getTime();
  if (lateByMs < everyMs) return { run: true };
  return {
    run: false,
    lateByMs,
    reason: `${job}: the run for ${slotAt.toISOString()} started ${Math.round(lateByMs / 1000)} s late, after its ${Math.round(everyMs / 1000)} s interval had ended (an earlier run overran); skipped, the next interval's run takes over`,
  };
}

/** What a finished run says about its own length: a run longer than its interval delays the next ones. */
export function describeOverrun(job: string, tookMs: number, everyMs: number): string | null {
  if (tookMs <= everyMs) return null;
  return `${job}: a run took ${(tookMs / 1000).toFixed(1)} s, longer than its ${(everyMs / 1000).toFixed(0)} s interval; the runs due meanwhile are skipped`;
}
