/**
 * Reading the reporting culture: reports filed per week (more is better: people report
 * near misses and SEV3s instead of hiding them), and how long it takes to write down
 * what was learned. Pure: the caller reads the incidents.
 */
const WEEK_MS = 7 * 86_400_000;

/** Monday 00:00 UTC of the week holding `at` (ISO weeks). */
export function weekStart(at: Date): Date {
  const day = Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate());
  const weekday = (new Date(day).getUTCDay() + 6) % 7;
  return new Date(day - weekday * 86_400_000);
}

export interface TWeekCount {
  weekStart: string;
  count: number;
}

/** Reports per week for the `weeks` weeks up to and including the week of `now`, oldest first (empty weeks count 0). */
export function reportsPerWeek(reportedAt: readonly Date[], now: Date, weeks: number): TWeekCount[] {
  const last = weekStart(now).getTime();
  const first = last - (weeks - 1) * WEEK_MS;
  const counts = new Map<number, number>();
  for (let start = first; start <= last; start += WEEK_MS) counts.set(start, 0);
  for (const at of reportedAt) {
    const start = weekStart(at).getTime();
    if (counts.has(start)) counts.set(start, (counts.get(start) ?? 0) + 1);
  }
  return [...counts].map(([start, count]) => ({ weekStart: new Date(start).toISOString().slice(0, 10), count }));
}

export type TReportTrend = "rising" | "steady" | "falling";

/**
 * Rising when the recent half of the weeks holds more reports than the earlier half
 * (shown as good: more reports, not more trouble); falling when fewer.
 */
export function reportTrend(weeks: readonly TWeekCount[]): TReportTrend {
  const half = Math.floor(weeks.length / 2);
  if (half === 0) return "steady";
  const earlier = weeks.slice(0, half).reduce((sum, week) => sum + week.count, 0);
  const recent = weeks.slice(weeks.length - half).reduce((sum, week) => sum + week.count, 0);
  if (recent > earlier) return "rising";
  if (recent < earlier) return "falling";
  return "steady";
}

/** Median time from an incident's start to its first learning, in ms; null when none has one. */
export function medianTimeToLearning(pairs: readonly { startedAt: Date; learnedAt: Date | null }[]): number | null {
  const spans = pairs
    .filter((pair): pair is { startedAt: Date; learnedAt: Date } => pair.learnedAt !== null)
    .map((pair) => Math.max(0, pair.learnedAt.getTime() - pair.startedAt.getTime()))
    .sort((a, b) => a - b);
  if (spans.length === 0) return null;
  const middle = Math.floor(spans.length / 2);
  return spans.length % 2 === 1 ? (spans[middle] ?? null) : Math.round(((spans[middle - 1] ?? 0) + (spans[middle] ?? 0)) / 2);
}
