/** Formatting for the deploy gate's pages. Unknown values render as an em dash, never 0. */

const DASH = "—";

export function formatShare(share: number | null): string {
  if (share === null) return DASH;
  return share >= 0.1 ? `${Math.round(share * 100)} %` : `${(share * 100).toFixed(1)} %`;
}

export function formatBudget(budget: number | null): string {
  if (budget === null) return DASH;
  return `${Math.round(budget * 100)} %`;
}

export function formatBurnRate(rate: number | null): string {
  if (rate === null) return DASH;
  return `${rate.toFixed(1)}×`;
}

/** "in 54 min" / "3 min ago", for expiries. */
export function formatUntil(iso: string | null, now: number = Date.now()): string {
  if (iso === null) return DASH;
  const ms = Date.parse(iso) - now;
  if (Number.isNaN(ms)) return DASH;
  const minutes = Math.round(Math.abs(ms) / 60_000);
  const text = minutes < 1 ? "less than a minute" : minutes < 120 ? `${minutes} min` : `${Math.round(minutes / 60)} h`;
  return ms >= 0 ? `in ${text}` : `${text} ago`;
}

export function shortCommit(commit: string | null): string | null {
  return commit === null ? null : commit.slice(0, 7);
}
