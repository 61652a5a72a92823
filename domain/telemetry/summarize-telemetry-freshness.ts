export interface TTelemetryFreshness {
  stale: boolean;
  staleSince: string | null;
  staleReason: string | null;
  measuredAt: string | null;
}

export interface TTelemetryRowFreshness {
  measuredAt: Date;
  staleSince: Date | null;
  staleReason: string | null;
}

/**
 * One verdict for a service's telemetry rows (one per SLI window). Stale when the worker
 * marked any row stale (the source failed or stopped reporting it), or when nothing was
 * measured for `maxAgeMs` — a stopped worker marks nothing, and old numbers must not pass
 * for current ones. The earliest stale row gives the time and reason: that is when the
 * trouble started. No rows at all is not stale, it is "never measured" (measuredAt null).
 */
export function summarizeTelemetryFreshness(rows: readonly TTelemetryRowFreshness[], now: Date, maxAgeMs: number): TTelemetryFreshness {
  if (rows.length === 0) return { stale: false, staleSince: null, staleReason: null, measuredAt: null };
  let measuredAt = rows[0]?.measuredAt ?? now;
  let earliestStale: TTelemetryRowFreshness | null = null;
  for (const row of rows) {
    if (row.measuredAt > measuredAt) measuredAt = row.measuredAt;
    if (row.staleSince && (!earliestStale?.staleSince || row.staleSince < earliestStale.staleSince)) earliestStale = row;
  }
  if (earliestStale?.staleSince) {
    return {
      stale: true,
      staleSince: earliestStale.staleSince.toISOString(),
      staleReason: earliestStale.staleReason ?? "telemetry source failed",
      measuredAt: measuredAt.toISOString(),
    };
  }
  if (now.getTime() - measuredAt.getTime() > maxAgeMs) {
    return {
      stale: true,
      staleSince: measuredAt.toISOString(),
      staleReason: `no telemetry received for ${Math.round((now.getTime() - measuredAt.getTime()) / 60_000)} min: is the mesh worker running?`,
      measuredAt: measuredAt.toISOString(),
    };
  }
  return { stale: false, staleSince: null, staleReason: null, measuredAt: measuredAt.toISOString() };
}
