import type { TWeekday } from "./policy-schemas.ts";

export interface ZonedTime {
  /** Wall clock in the zone, "2026-12-24T17:30": sorts like the instants it names. */
  localDateTime: string;
  /** "17:30" */
  localTime: string;
  minuteOfDay: number;
  weekday: TWeekday;
  /** The day before, for windows that started yesterday evening and run past midnight. */
  previousWeekday: TWeekday;
}

const WEEKDAY_BY_SHORT_NAME: Record<string, { day: TWeekday; previous: TWeekday }> = {
  Sun: { day: "sun", previous: "sat" },
  Mon: { day: "mon", previous: "sun" },
  Tue: { day: "tue", previous: "mon" },
  Wed: { day: "wed", previous: "tue" },
  Thu: { day: "thu", previous: "wed" },
  Fri: { day: "fri", previous: "thu" },
  Sat: { day: "sat", previous: "fri" },
};

// Building an Intl formatter costs far more than using one; a formatter holds no
// request data, so sharing one per zone across calls is safe.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone,
      // h23, not hour12: false, which some ICU versions render as "24" at midnight.
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      weekday: "short",
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/**
 * The wall clock in `timeZone` at `instant`, read through Intl so the host's TZ
 * never leaks in (local Date getters would give a CI runner's time, not Berlin's).
 * Throws RangeError for an unknown zone; policies are validated before they get here.
 */
export function readZonedTime(instant: Date, timeZone: string): ZonedTime {
  const parts: Record<string, string> = {};
  for (const part of formatterFor(timeZone).formatToParts(instant)) parts[part.type] = part.value;
  const { year = "", month = "", day = "", hour = "", minute = "", weekday = "" } = parts;
  const names = WEEKDAY_BY_SHORT_NAME[weekday];
  if (names === undefined) throw new RangeError(`Unexpected weekday "${weekday}" from Intl for ${timeZone}`);
  const localTime = `${hour}:${minute}`;
  return {
    localDateTime: `${year}-${month}-${day}T${localTime}`,
    localTime,
    minuteOfDay: Number(hour) * 60 + Number(minute),
    weekday: names.day,
    previousWeekday: names.previous,
  };
}
