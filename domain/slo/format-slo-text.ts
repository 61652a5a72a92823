/** Plain, locale-free formatting for status reasons, so reasons read the same on every server. */

/** 0.0213 → "2.1%", 1.12 → "112%": one decimal only where it carries information. */
export function formatPercent(fraction: number): string {
  const percent = fraction * 100;
  if (Math.abs(percent) >= 10) return `${Math.round(percent)}%`;
  return `${Number(percent.toFixed(1))}%`;
}

/** SLIs sit close to 100 %, so they need more digits: 0.99951 → "99.951%". */
export function formatSliPercent(sli: number): string {
  return `${Number((sli * 100).toFixed(3))}%`;
}

export function formatBurnRate(burn: number): string {
  return `${burn.toFixed(1)}x`;
}

/** 1234.6 → "1,235": counts from increase() are fractional, people read whole requests. */
export function formatCount(count: number): string {
  return Math.round(count)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

/** A coarse age, "45 s", "7 min", "3 h", "2 days": enough to tell a blip from an outage. */
export function formatAge(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 120) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h`;
  return `${Math.floor(hours / 24)} days`;
}
