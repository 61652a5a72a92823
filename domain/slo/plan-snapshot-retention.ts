export type SnapshotResolution = "minute" | "hour";

/** Identifies a stored snapshot the way the table's unique key does (per SLO). */
export interface SnapshotRef {
  at: Date;
  resolution: SnapshotResolution;
}

export interface SnapshotRetentionPolicy {
  /** Minute snapshots younger than this stay as they are (charts of the last days). */
  minuteRetentionMs: number;
  /** Hourly snapshots older than this are deleted. */
  hourlyRetentionMs: number;
}

export interface HourlyFold {
  /** Start of the UTC hour; store the hourly snapshot at exactly this instant. */
  hourStart: Date;
  /** The minute snapshots to summarise into it, oldest first. */
  from: Date[];
}

export interface SnapshotRetentionPlan {
  /** Includes the minute snapshots folded into `hourlyToCreate`: create those first, in the same transaction. */
  toDelete: SnapshotRef[];
  hourlyToCreate: HourlyFold[];
}

const HOUR_MS = 3_600_000;
// Deterministic output order for snapshots that share an instant.
const RESOLUTION_ORDER: Record<SnapshotResolution, number> = { hour: 0, minute: 1 };
const DAY_MS = 24 * HOUR_MS;

export const DEFAULT_SNAPSHOT_RETENTION: SnapshotRetentionPolicy = {
  minuteRetentionMs: 2 * DAY_MS,
  hourlyRetentionMs: 90 * DAY_MS,
};

/**
 * Downsampling plan for one SLO's status snapshots: minute resolution for two days,
 * hourly after that, nothing after ninety days.
 *
 * - Hours are UTC hours computed on epoch milliseconds, never local-time Date methods:
 *   a local hour is 30 minutes off in Asia/Kolkata and repeats on DST fall-back days.
 * - Only whole hours are folded, i.e. hours that ended before the minute cutoff.
 *   Folding part of an hour would leave its later minutes to a second fold that
 *   collides with the hourly row already written.
 * - Minutes of an hour that already has an hourly snapshot are only deleted: a previous
 *   run folded them and stopped before deleting, so running the plan again converges.
 * - Minutes whose hour would itself be past hourly retention are deleted, not folded.
 */
export function planSnapshotRetention(
  snapshots: readonly SnapshotRef[],
  now: Date,
  policy: SnapshotRetentionPolicy = DEFAULT_SNAPSHOT_RETENTION,
): SnapshotRetentionPlan {
  const nowMs = now.getTime();
  if (Number.isNaN(nowMs)) throw new RangeError("now must be a valid date");
  const minuteCutoffMs = nowMs - policy.minuteRetentionMs;
  const hourlyCutoffMs = nowMs - policy.hourlyRetentionMs;

  const hourlyKept = new Set<number>();
  const deletions = new Map<string, SnapshotRef>();
  const folds = new Map<number, Set<number>>();

  for (const snapshot of snapshots) {
    const atMs = snapshot.at.getTime();
    if (Number.isNaN(atMs)) throw new RangeError("snapshot has an invalid date");
    if (snapshot.resolution === "hour") {
      if (atMs < hourlyCutoffMs) deletions.set(`hour:${atMs}`, { at: new Date(atMs), resolution: "hour" });
      else hourlyKept.add(atMs);
    }
  }

  for (const snapshot of snapshots) {
    if (snapshot.resolution !== "minute") continue;
    const atMs = snapshot.at.getTime();
    const hourStartMs = Math.floor(atMs / HOUR_MS) * HOUR_MS;
    if (hourStartMs + HOUR_MS > minuteCutoffMs) continue;
    deletions.set(`minute:${atMs}`, { at: new Date(atMs), resolution: "minute" });
    if (hourStartMs < hourlyCutoffMs || hourlyKept.has(hourStartMs)) continue;
    const members = folds.get(hourStartMs) ?? new Set<number>();
    members.add(atMs);
    folds.set(hourStartMs, members);
  }

  const toDelete = [...deletions.values()].sort(
    (a, b) => a.at.getTime() - b.at.getTime() || RESOLUTION_ORDER[a.resolution] - RESOLUTION_ORDER[b.resolution],
  );
  const hourlyToCreate = [...folds.entries()]
    .sort(([a], [b]) => a - b)
    .map(([hourStartMs, members]) => ({
      hourStart: new Date(hourStartMs),
      from: [...members].sort((a, b) => a - b).map((ms) => new Date(ms)),
    }));
  return { toDelete, hourlyToCreate };
}
