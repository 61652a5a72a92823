/** Display formatting shared by the tables. Unknown values render as an em dash, never 0. */

const DASH = "—";

export function formatRequestRate(perSecond: number | null): string {
  if (perSecond === null) return DASH;
  if (perSecond === 0) return "0 req/s";
  if (perSecond < 0.1) return `${(perSecond * 60).toFixed(1)} req/min`;
  if (perSecond < 10) return `${perSecond.toFixed(2)} req/s`;
  return `${Math.round(perSecond).toLocaleString("en-US")} req/s`;
}

export function formatSuccessRatio(ratio: number | null): string {
  if (ratio === null) return DASH;
  // Two decimals matter here: 99.90 % and 99.99 % are very different services.
  return `${(ratio * 100).toFixed(2)} %`;
}

export function formatLatencyMs(ms: number | null): string {
  if (ms === null) return DASH;
  if (ms >= 1000) return `${(ms / 1000).toFixed(2)} s`;
  return `${Math.round(ms)} ms`;
}

/**
 * "just now", "12 min ago", "20 h ago", "3 days ago" — or "in 12 min" for a time still to
 * come (an expiry, or a server clock slightly ahead of the browser's).
 */
export function formatRelativeTime(iso: string | null, now: number = Date.now()): string {
  if (iso === null) return DASH;
  const then = Date.parse(iso);
  if (Number.isNaN(then)) return DASH;
  const seconds = Math.round((now - then) / 1000);
  const size = Math.abs(seconds);
  if (size < 45) return "just now";
  const say = (amount: string) => (seconds > 0 ? `${amount} ago` : `in ${amount}`);
  const minutes = Math.round(size / 60);
  if (minutes < 60) return say(`${minutes} min`);
  const hours = Math.round(minutes / 60);
  if (hours < 48) return say(`${hours} h`);
  return say(`${Math.round(hours / 24)} days`);
}

// One formatter for every call: `toLocaleString` with options builds a new one each time
// (~110 µs against ~1 µs), and lists format a date per row (the outbox, 50 entries a render).
// Same output; it takes the process's time zone when first used, which never changes after start.
let dateTimeFormat: Intl.DateTimeFormat | null = null;

export function formatDateTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  dateTimeFormat ??= new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short" });
  return dateTimeFormat.format(date);
}

/** Catalogs write channels both as "payments" and "#payments"; show one form. */
export function formatSlackChannel(channel: string): string {
  return channel.startsWith("#") ? channel : `#${channel}`;
}

/**
 * What people call a repository: "acme/payments" on the well-known forges, otherwise
 * the address without its scheme. The full URL stays in the link's title.
 */
export function formatRepoLabel(url: string): string {
  try {
    const parsed = new URL(url);
    const path = parsed.pathname.replace(/^\/+|\/+$/g, "").replace(/\.git$/, "");
    if (["github.com", "gitlab.com", "bitbucket.org"].includes(parsed.hostname) && path) return path;
    return `${parsed.hostname}${path ? `/${path}` : ""}`;
  } catch {
    return url;
  }
}
