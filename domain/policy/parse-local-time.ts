const TIME = /^(\d{2}):(\d{2})$/;

/**
 * "16:00" → minutes after local midnight (960). "24:00" gives 1440 so a window can run
 * to the end of the day with a half-open [from, to) range; null for anything else.
 */
export function parseLocalTime(text: string): number | null {
  const match = TIME.exec(text);
  if (match === null) return null;
  const hours = Number(match[1]);
  const minutes = Number(match[2]);
  if (hours === 24 && minutes === 0) return 24 * 60;
  if (hours > 23 || minutes > 59) return null;
  return hours * 60 + minutes;
}
