/**
 * The one retry policy for clients that retry in-process (Kubernetes watches, Prometheus
 * queries, the gate CLI). Jobs retried through pg-boss use pg-boss's own retry instead.
 */
export interface BackoffOptions {
  initialMs: number;
  maxMs: number;
  /** 0..1: the share of each delay that is randomized, so many clients do not retry in lockstep. */
  jitter: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { initialMs: 1_000, maxMs: 60_000, jitter: 0.5 };

/**
 * Delay before retry number `attempt` (1-based): initial × 2^(attempt-1), capped, then
 * the jittered share drawn uniformly below it ("equal jitter"), so a delay never exceeds
 * the cap and never drops under (1 - jitter) of the exponential step.
 */
export function backoffDelay(attempt: number, options: BackoffOptions, random: () => number = Math.random): number {
  const exponent = Math.min(Math.max(attempt, 1) - 1, 30);
  const step = Math.min(options.maxMs, options.initialMs * 2 ** exponent);
  const jitter = Math.min(Math.max(options.jitter, 0), 1);
  return Math.round(step * (1 - jitter) + step * jitter * random());
}

/** Retry-After as delta-seconds or an HTTP date, in ms; undefined when absent or unreadable. */
export function parseRetryAfterMs(header: string | null | undefined, nowMs: number): number | undefined {
  if (header === null || header === undefined) return undefined;
  const text = header.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  // An HTTP-date ("Wed, 21 Oct 2015 07:28:00 GMT"); Date.parse alone would read "-1" as a year.
  if (!/^[a-z]{3}, /i.test(text)) return undefined;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}

/**
 * How long to wait before retry `attempt`: the backoff, or what the server asked for
 * (Retry-After) when that is longer, never more than `maxRetryAfterMs` of the latter.
 */
export function retryDelayMs(
  attempt: number,
  options: BackoffOptions & { maxRetryAfterMs: number },
  retryAfterMs: number | undefined,
  random: () => number = Math.random,
): number {
  return Math.max(backoffDelay(attempt, options, random), Math.min(retryAfterMs ?? 0, options.maxRetryAfterMs));
}
