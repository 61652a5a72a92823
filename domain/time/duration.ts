const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const PART = /(\d+(?:\.\d+)?)(ms|s|m|h|d)/g;

/**
 * Reads a duration as people write it in configuration and on the command line:
 * "15s", "10m", "1.5h", "2d", "250ms", compounds such as "1h30m", and a bare number of
 * seconds ("45"). Returns milliseconds, or null when the text is not a duration, so the
 * caller can say what was wrong in its own words.
 */
export function parseDuration(text: string): number | null {
  const trimmed = text.trim().toLowerCase();
  if (trimmed === "") return null;
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  let total = 0;
  let consumed = 0;
  for (const match of trimmed.matchAll(PART)) {
    if (match.index !== consumed) return null;
    const [whole, amount, unit] = match;
    const factor = unit === undefined ? undefined : UNIT_MS[unit];
    if (amount === undefined || factor === undefined) return null;
    total += Number(amount) * factor;
    consumed += whole.length;
  }
  return consumed === trimmed.length && consumed > 0 ? Math.round(total) : null;
}

/** Like parseDuration, for a setting that must be positive: throws naming `what` and the accepted forms. */
export function parseDurationMs(text: string, what: string): number {
  const ms = parseDuration(text);
  if (ms === null || ms <= 0) {
    throw new RangeError(`${what} must be a positive duration such as "15s", "10m", "1h" or "2d" (got ${JSON.stringify(text)})`);
  }
  return ms;
}

/** "1h 30m", "45s", "2d 4h": the largest two units, for messages, the CLI and the UI. */
export function formatDurationMs(ms: number): string {
  const parts: string[] = [];
  let rest = Math.max(0, Math.round(ms / 1000));
  for (const [unit, seconds] of [["d", 86_400], ["h", 3600], ["m", 60], ["s", 1]] as const) {
    const amount = Math.floor(rest / seconds);
    if (amount > 0) parts.push(`${amount}${unit}`);
    rest -= amount * seconds;
  }
  return parts.slice(0, 2).join(" ") || "0s";
}
