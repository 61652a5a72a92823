const DURATION = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)?$/;
const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/**
 * Reads a duration as people write it in configuration and on the command line:
 * "15s", "10m", "1.5h", "2d", "250ms"; a bare number is seconds. Throws with the
 * accepted forms, naming what was being read.
 */
export function parseDurationMs(text: string, what: string): number {
  const match = DURATION.exec(text.trim());
  const amount = match?.[1] === undefined ? Number.NaN : Number(match[1]);
  if (!match || !Number.isFinite(amount) || amount <= 0) {
    throw new RangeError(`${what} must be a positive duration such as "15s", "10m", "1h" or "2d" (got ${JSON.stringify(text)})`);
  }
  return Math.round(amount * (UNIT_MS[match[2] ?? "s"] ?? 1000));
}

/** "1h 30m", "45s", "2d 4h": the largest two units, for messages and the UI. */
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
