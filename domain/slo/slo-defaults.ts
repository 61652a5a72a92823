/** DESIGN: rolling 28-day window unless the SLO says otherwise. */
export const DEFAULT_SLO_WINDOW_DAYS = 28;

/**
 * 100 requests: at 99.9 % a single failure among fewer requests already reads as a
 * 10x+ burn, so thinner windows produce noise, not signal.
 */
export const DEFAULT_MIN_REQUESTS = 100;

/**
 * The SLO worker runs every minute; five missed minutes means telemetry is not
 * arriving, and the 5-minute alert window can no longer be trusted.
 */
export const DEFAULT_STALE_AFTER_MS = 5 * 60_000;
