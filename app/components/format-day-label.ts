import { isSameDay, subDays } from "date-fns";

/**
 * The heading of a day in a history list: "Today", "Yesterday", else the date
 * ("Sat, 7 Mar 2026"). Days are calendar days in the zone the code runs in (the viewer's,
 * in the browser), not 24-hour spans: around a DST change a day has 23 or 25 hours, and
 * "now − 24 h" lands on the wrong day for the first or last hour of it. date-fns's
 * subDays moves the calendar date and keeps the wall time, so the day before is right.
 */
export function formatDayLabel(instant: Date | string, now: Date = new Date()): string {
  const date = typeof instant === "string" ? new Date(instant) : instant;
  if (isSameDay(date, now)) return "Today";
  if (isSameDay(date, subDays(now, 1))) return "Yesterday";
  return date.toLocaleDateString("en-GB", { weekday: "short", day: "numeric", month: "short", year: "numeric" });
}
