import { parseLocalTime } from "./parse-local-time.ts";
import type { TFreezeWindowRule } from "./policy-schemas.ts";
import { readZonedTime, type ZonedTime } from "./read-zoned-time.ts";

export interface ActiveFreeze {
  kind: "window" | "recurring";
  /** "2026-12-20 00:00 to 2027-01-04 00:00" or "fri 16:00 to 24:00". */
  span: string;
  label: string | null;
}

/**
 * The rule's windows that contain `now`, judged on the wall clock of the rule's time
 * zone. Ranges are half-open, [start, end): a window ending at 16:00 is over at 16:00,
 * and "24:00" reaches the end of the day. A recurring window whose `to` is earlier than
 * its `from` runs past midnight into the next day; `days` names the day it starts on.
 * Comparing wall-clock strings, not instants, means a DST jump never shifts a freeze:
 * "16:00 Berlin" is 16:00 on the clocks people read, summer or winter.
 */
export function findActiveFreezes(rule: TFreezeWindowRule, now: Date): { zoned: ZonedTime; active: ActiveFreeze[] } {
  const zoned = readZonedTime(now, rule.timezone);
  const active: ActiveFreeze[] = [];
  for (const window of rule.windows) {
    if (window.start <= zoned.localDateTime && zoned.localDateTime < window.end) {
      active.push({ kind: "window", span: `${readable(window.start)} to ${readable(window.end)}`, label: window.label ?? null });
    }
  }
  for (const window of rule.recurring) {
    // Both were validated when the policy was parsed.
    const from = parseLocalTime(window.from) ?? 0;
    const to = parseLocalTime(window.to) ?? 24 * 60;
    const minute = zoned.minuteOfDay;
    const isInside =
      from < to
        ? window.days.includes(zoned.weekday) && from <= minute && minute < to
        : (window.days.includes(zoned.weekday) && minute >= from) || (window.days.includes(zoned.previousWeekday) && minute < to);
    if (isInside) {
      const overnight = from < to ? "" : " the next day";
      active.push({ kind: "recurring", span: `${window.days.join(", ")} ${window.from} to ${window.to}${overnight}`, label: window.label ?? null });
    }
  }
  return { zoned, active };
}

function readable(localDateTime: string): string {
  return localDateTime.replace("T", " ");
}
