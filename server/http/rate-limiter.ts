import { getConfig } from "@/server/config/get-config.ts";

/**
 * Token buckets per key (an API token's id): `capacity` requests at once, refilled at
 * `refillPerSecond`. Pure apart from the clock, which is injected for tests.
 *
 * In memory, per process: with N web processes a token gets up to N × the limit. That is
 * acceptable for its purpose (stopping a runaway CI loop from starving everyone else)
 * and needs no shared store; a limit that must hold exactly across processes would need
 * Postgres or Redis.
 */
export class TokenBucketLimiter {
  private readonly buckets = new Map<string, { tokens: number; updatedAt: number }>();

  constructor(
    private readonly options: { capacity: number; refillPerSecond: number; now?: () => number; maxKeys?: number },
  ) {
    if (!(options.capacity >= 1) || !(options.refillPerSecond > 0)) {
      throw new RangeError("a token bucket needs capacity >= 1 and a positive refill rate");
    }
  }

  /** Takes one token for `key`: allowed, or how many seconds until one is available. */
  take(key: string): { allowed: true; remaining: number } | { allowed: false; retryAfterSeconds: number } {
    const now = this.options.now?.() ?? Date.now();
    const { capacity, refillPerSecond } = this.options;
    const bucket = this.buckets.get(key) ?? { tokens: capacity, updatedAt: now };
    const elapsedSeconds = Math.max(0, now - bucket.updatedAt) / 1000;
    bucket.tokens = Math.min(capacity, bucket.tokens + elapsedSeconds * refillPerSecond);
    bucket.updatedAt = now;
    // Re-inserting keeps the Map in least-recently-used order for eviction.
    this.buckets.delete(key);
    this.remember(key, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { allowed: true, remaining: Math.floor(bucket.tokens) };
    }
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / refillPerSecond)) };
  }

  get size(): number {
    return this.buckets.size;
  }

  private remember(key: string, bucket: { tokens: number; updatedAt: number }): void {
    const maxKeys = this.options.maxKeys ?? 10_000;
    if (this.buckets.size >= maxKeys) {
      // Forget the least recently used key: it would have refilled by the time it comes back.
      const oldest = this.buckets.keys().next();
      if (!oldest.done) this.buckets.delete(oldest.value);
    }
    this.buckets.set(key, bucket);
  }
}

// One limiter per process, on globalThis: Next's route bundles load this module separately.
const LIMITER_KEY = Symbol.for("plumbline.http.api-rate-limiter");
type GlobalWithLimiter = typeof globalThis & { [LIMITER_KEY]?: TokenBucketLimiter };

export function getApiRateLimiter(): TokenBucketLimiter {
  const g = globalThis as GlobalWithLimiter;
  if (!g[LIMITER_KEY]) {
    // PLUMBLINE_API_RATE_LIMIT: requests per minute per API token (burst of the same size).
    const perMinute = getConfig().gate.apiRateLimit;
    g[LIMITER_KEY] = new TokenBucketLimiter({ capacity: perMinute, refillPerSecond: perMinute / 60 });
  }
  return g[LIMITER_KEY];
}
