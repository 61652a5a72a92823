export interface BackoffOptions {
  initialMs: number;
  maxMs: number;
  /** 0..1: the share of each delay that is randomized, so many watchers do not retry in lockstep. */
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
