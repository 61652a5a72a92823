/** Locale-free formatting for messages, so Slack and the in-app page read the same on every server. */

/** 0.1234 → "12.3 %", -0.5 → "-50 %", 0.999 → "99.9 %". */
export function formatShare(value: number): string {
  return `${Number((value * 100).toFixed(1))} %`;
}

/**
 * An SLO objective, which Plumbline stores as a percentage (99.9, not 0.999), shown exactly
 * as written: 99.9 → "99.9 %", 99.95 → "99.95 %". Not `formatShare`, which takes a fraction.
 */
export function formatObjectivePercent(percent: number): string {
  return `${Number(percent.toPrecision(12))} %`;
}

/** 14.4 → "14.4×". */
export function formatBurnRate(value: number): string {
  return `${value >= 10 ? Math.round(value * 10) / 10 : Number(value.toFixed(2))}×`;
}

/** "2026-11-23 19:02 UTC". */
export function formatUtc(at: Date): string {
  return `${at.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

export function readNumber(facts: Record<string, unknown>, key: string): number | null {
  const value = facts[key];
  return typeof value === "number" && Number.isFinite(value) ? value : null;
}

export function readString(facts: Record<string, unknown>, key: string): string | null {
  const value = facts[key];
  return typeof value === "string" && value.length > 0 ? value : null;
}
