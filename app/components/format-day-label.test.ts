import { describe, expect, it } from "vitest";
import { formatDayLabel } from "./format-day-label.ts";

// Times are built with local constructors, new Date(year, monthIndex, day, hour, minute):
// calendar days in whatever zone the tests run in. npm test runs this file under TZ=UTC
// and TZ=America/New_York; in New York, 8 March 2026 has 23 hours (clocks spring forward)
// and 1 November 2026 has 25 (they fall back), where "now − 24 h" picks the wrong day.
const local = (month: number, day: number, hour: number, minute = 0) => new Date(2026, month - 1, day, hour, minute);

describe("formatDayLabel", () => {
  it.each([
    { case: "same day, early and late", event: local(6, 10, 0, 5), now: local(6, 10, 23, 55), label: "Today" },
    { case: "the evening before, seen just after midnight", event: local(6, 9, 23, 50), now: local(6, 10, 0, 10), label: "Yesterday" },
    { case: "just after midnight yesterday, seen late today", event: local(6, 9, 0, 5), now: local(6, 10, 23, 55), label: "Yesterday" },
    { case: "two days back, less than 48 h ago", event: local(6, 8, 23, 55), now: local(6, 10, 0, 5), label: "Mon, 8 Jun 2026" },
    { case: "across a month end", event: local(6, 30, 12), now: local(7, 1, 9), label: "Yesterday" },
    { case: "across a year end", event: new Date(2025, 11, 31, 22), now: local(1, 1, 1), label: "Yesterday" },
    // Spring forward (New York, 8 March 2026, a 23-hour day).
    { case: "DST start: first minutes of the short day, seen early the next day", event: local(3, 8, 0, 15), now: local(3, 9, 0, 30), label: "Yesterday" },
    { case: "DST start: the day before the short day, seen early the next day", event: local(3, 7, 23, 45), now: local(3, 9, 0, 30), label: "Sat, 7 Mar 2026" },
    { case: "DST start: the short day's last minutes, seen on it", event: local(3, 8, 23, 59), now: local(3, 8, 3, 0), label: "Today" },
    // Fall back (New York, 1 November 2026, a 25-hour day).
    { case: "DST end: the day before the long day, seen at its end", event: local(10, 31, 23, 30), now: local(11, 1, 23, 30), label: "Yesterday" },
    { case: "DST end: first minutes of the long day, seen late on it", event: local(11, 1, 0, 10), now: local(11, 1, 23, 50), label: "Today" },
    { case: "DST end: the long day, seen early the next day", event: local(11, 1, 0, 10), now: local(11, 2, 0, 20), label: "Yesterday" },
    { case: "DST end: two days back, seen at the long day's end", event: local(10, 30, 23, 50), now: local(11, 1, 23, 50), label: "Fri, 30 Oct 2026" },
  ])("$case → $label", ({ event, now, label }) => {
    expect(formatDayLabel(event, now)).toBe(label);
    expect(formatDayLabel(event.toISOString(), now)).toBe(label);
  });
});
