/**
 * How far behind a worker source is, for /settings/system. A periodic source (everyMs set)
 * is late by however long its latest cycle by any worker is older than its period (one
 * worker runs each slot, so another worker's older cycle is no lag); a continuous source
 * (a cluster watch) reports its own backlog.
 */
export function sourceLagMs(source: { everyMs: number | null; reportedLagMs: number; latestCycleAtMs: number | null }, nowMs: number): number {
  if (source.everyMs === null) return Math.max(0, source.reportedLagMs);
  if (source.latestCycleAtMs === null) return 0;
  return Math.max(0, nowMs - source.latestCycleAtMs - source.everyMs);
}
