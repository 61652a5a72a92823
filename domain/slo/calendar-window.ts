/**
 * OpenSLO calendar-aligned windows: `timeWindow: [{duration: 1M, isRolling: false,
 * calendar: {startTime: "2022-01-01 00:00:00", timeZone: Europe/Berlin}}]`. Periods start
 * at `startTime` (wall-clock time in `timeZone`) and follow each other every `duration`;
 * the current period is the one holding `now`. Units as the spec defines them: m minutes,
 * h hours, d days, w weeks, M months, Q quarters, Y years.
 */
export type CalendarUnit = "m" | "h" | "d" | "w" | "M" | "Q" | "Y";

export interface CalendarWindow {
  count: number;
  unit: CalendarUnit;
  /** Wall-clock start of the first period, `YYYY-MM-DD HH:mm:ss`. */
  startTime: string;
  /** IANA time zone, e.g. `Europe/Berlin`. */
  timeZone: string;
}

interface WallClock {
  year: number;
  month: number; // 1..12
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const START_TIME = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})$/;

export function parseCalendarStartTime(text: string): WallClock | null {
  const m = START_TIME.exec(text.trim());
  if (!m) return null;
  const [year, month, day, hour, minute, second] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) return null;
  return { year, month, day, hour, minute, second };
}

/** The period of a calendar window that holds `now`: [start, end). */
export function calendarPeriod(window: CalendarWindow, now: Date): { start: Date; end: Date } {
  const first = parseCalendarStartTime(window.startTime);
  if (first === null) throw new RangeError(`startTime must be "YYYY-MM-DD HH:mm:ss" (got ${JSON.stringify(window.startTime)})`);
  if (!Number.isInteger(window.count) || window.count < 1) throw new RangeError(`count must be a whole number of at least 1 (got ${window.count})`);
  const at = (k: number) => toUtc(addPeriods(first, window, k), window.timeZone);
  // Jump close with an estimate of the period length, then step to the exact period.
  const estimateMs = approximateMs(window);
  let k = Math.floor((now.getTime() - at(0).getTime()) / estimateMs);
  while (at(k).getTime() > now.getTime()) k -= 1;
  while (at(k + 1).getTime() <= now.getTime()) k += 1;
  return { start: at(k), end: at(k + 1) };
}

function approximateMs(window: CalendarWindow): number {
  const day = 86_400_000;
  const unitMs = { m: 60_000, h: 3_600_000, d: day, w: 7 * day, M: 30.44 * day, Q: 91.31 * day, Y: 365.25 * day }[window.unit];
  return unitMs * window.count;
}

/** Wall-clock arithmetic: months keep the day of month (clamped to the month's length), days keep the time of day. */
function addPeriods(start: WallClock, window: CalendarWindow, k: number): WallClock {
  const n = window.count * k;
  switch (window.unit) {
    case "m":
      return fromUtcFields(Date.UTC(start.year, start.month - 1, start.day, start.hour, start.minute + n, start.second));
    case "h":
      return fromUtcFields(Date.UTC(start.year, start.month - 1, start.day, start.hour + n, start.minute, start.second));
    case "d":
      return fromUtcFields(Date.UTC(start.year, start.month - 1, start.day + n, start.hour, start.minute, start.second));
    case "w":
      return fromUtcFields(Date.UTC(start.year, start.month - 1, start.day + 7 * n, start.hour, start.minute, start.second));
    case "M":
    case "Q":
    case "Y": {
      const months = n * (window.unit === "M" ? 1 : window.unit === "Q" ? 3 : 12);
      const monthIndex = start.month - 1 + months;
      const year = start.year + Math.floor(monthIndex / 12);
      const month = ((monthIndex % 12) + 12) % 12;
      const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
      return { year, month: month + 1, day: Math.min(start.day, lastDay), hour: start.hour, minute: start.minute, second: start.second };
    }
  }
}

function fromUtcFields(ms: number): WallClock {
  const d = new Date(ms);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour: d.getUTCHours(), minute: d.getUTCMinutes(), second: d.getUTCSeconds() };
}

/** The instant a wall-clock time in `timeZone` names (the later offset wins in a DST gap or overlap, twice corrected). */
function toUtc(wall: WallClock, timeZone: string): Date {
  const asUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
  let guess = asUtc - offsetMs(new Date(asUtc), timeZone);
  guess = asUtc - offsetMs(new Date(guess), timeZone);
  return new Date(guess);
}

function offsetMs(instant: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  }).formatToParts(instant);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const local = Date.UTC(get("year"), get("month") - 1, get("day"), get("hour"), get("minute"), get("second"));
  return local - Math.floor(instant.getTime() / 1000) * 1000;
}
