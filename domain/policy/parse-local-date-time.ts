const LOCAL_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2}))?$/;

/**
 * "2026-12-20T00:00" or "2026-12-20" (midnight) → "2026-12-20T00:00"; null when
 * malformed or not a calendar date. No offset is accepted: the rule's timezone says
 * where the wall clock hangs, and two sources of truth would disagree.
 */
export function parseLocalDateTime(text: string): string | null {
  const match = LOCAL_DATE_TIME.exec(text.trim());
  if (match === null) return null;
  const [, year = "", month = "", day = "", hour = "00", minute = "00"] = match;
  if (Number(hour) > 23 || Number(minute) > 59) return null;
  // Date.UTC rolls 2026-02-30 over to March; a round trip catches dates that do not exist.
  const probe = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
  if (probe.getUTCFullYear() !== Number(year) || probe.getUTCMonth() !== Number(month) - 1 || probe.getUTCDate() !== Number(day)) {
    return null;
  }
  return `${year}-${month}-${day}T${hour}:${minute}`;
}
