import { DEFAULT_SNAPSHOT_RETENTION } from "@/domain/slo/plan-snapshot-retention.ts";

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;
/** The SLO card's shortest chart range (6 h) draws one point per minute; older minutes every ten (the 48 h range's bucket). */
const EVERY_MINUTE_SPAN_MS = 6 * HOUR_MS;
const SPARSE_MINUTE_STEP_MS = 10 * MINUTE_MS;

/** One moment of the demo's past to evaluate, and the snapshot row it becomes. */
export interface TBackfillInstant {
  /** The snapshot's key: the start of its hour (resolution hour) or its minute. */
  at: Date;
  resolution: "minute" | "hour";
  /** When to evaluate: an hourly snapshot is the hour's last minute (what the hour ended with). */
  evaluateAtMs: number;
}

/**
 * The instants a 28-day history needs, laid out as the snapshot retention would have left
 * them (domain/slo/plan-snapshot-retention.ts): one hourly snapshot per whole UTC hour older
 * than the minute retention, minute snapshots after it (every ten minutes, then every minute
 * for the last six hours), up to the minute before `now` (the live evaluation writes `now`'s).
 * Oldest first; the same `now` always gives the same instants.
 */
export function planDemoBackfill(now: Date, options: { windowDays?: number; minuteRetentionMs?: number } = {}): TBackfillInstant[] {
  const nowMs = now.getTime();
  if (Number.isNaN(nowMs)) throw new RangeError("now must be a valid date");
  const windowDays = options.windowDays ?? 28;
  const minuteRetentionMs = options.minuteRetentionMs ?? DEFAULT_SNAPSHOT_RETENTION.minuteRetentionMs;
  const currentMinute = Math.floor(nowMs / MINUTE_MS) * MINUTE_MS;
  const firstHour = Math.floor((nowMs - windowDays * DAY_MS) / HOUR_MS) * HOUR_MS;
  // Minutes of the hour that contains the retention cutoff are still minutes (only whole hours are folded).
  const minutesFrom = Math.max(firstHour, Math.floor((nowMs - minuteRetentionMs) / HOUR_MS) * HOUR_MS);
  const instants: TBackfillInstant[] = [];
  for (let hour = firstHour; hour < minutesFrom; hour += HOUR_MS) {
    instants.push({ at: new Date(hour), resolution: "hour", evaluateAtMs: hour + HOUR_MS - MINUTE_MS });
  }
  const denseFrom = Math.max(minutesFrom, currentMinute - EVERY_MINUTE_SPAN_MS);
  for (let minute = minutesFrom; minute < denseFrom; minute += SPARSE_MINUTE_STEP_MS) {
    instants.push({ at: new Date(minute), resolution: "minute", evaluateAtMs: minute });
  }
  for (let minute = denseFrom; minute < currentMinute; minute += MINUTE_MS) {
    instants.push({ at: new Date(minute), resolution: "minute", evaluateAtMs: minute });
  }
  return instants;
}
