import { RateLimiterMemory, RateLimiterRes } from "rate-limiter-flexible";
import { getDbHandle } from "@/server/db/client.ts";
import { logger } from "@/server/logger.ts";
import { rateLimitIsShared, reserveRateLimitPoints } from "./http-rate-limit.repository.ts";
import { LeasedCounter, type TCounterDecision } from "./leased-rate-limit.ts";

export interface TRateLimitDecision {
  allowed: boolean;
  /** Requests allowed per window. */
  limit: number;
  remaining: number;
  /** Seconds until the window resets (and, when refused, until a retry can succeed). */
  resetSeconds: number;
}

/** Where a limit's counters live: `consume` takes one point for the key. */
export interface TRateLimitCounter {
  consume(key: string): Promise<TCounterDecision>;
}

/** Counters in this process only (PGlite's one process; the stand-in when the database does not answer). */
export function memoryCounter(options: { keyPrefix?: string; points: number; durationSeconds: number }): TRateLimitCounter {
  const memory = new RateLimiterMemory({ keyPrefix: options.keyPrefix ?? "rlflx", points: options.points, duration: options.durationSeconds });
  return {
    async consume(key) {
      try {
        const result = await memory.consume(key);
        return { allowed: true, remaining: result.remainingPoints, msBeforeNext: result.msBeforeNext };
      } catch (rejection) {
        // rate-limiter-flexible rejects with the counter's state when the limit is reached.
        if (rejection instanceof RateLimiterRes) return { allowed: false, remaining: 0, msBeforeNext: rejection.msBeforeNext };
        throw rejection;
      }
    },
  };
}

/**
 * Counters shared by every web process through the database, in leases
 * (server/http/leased-rate-limit.ts): no write per request. Should the database fail to
 * answer, an in-process counter stands in, as rate-limiter-flexible's insurance did.
 */
function sharedCounter(options: { keyPrefix: string; points: number; durationSeconds: number }): TRateLimitCounter {
  const leased = new LeasedCounter((key, points, windowMs, now) => reserveRateLimitPoints(`${options.keyPrefix}:${key}`, points, windowMs, now), {
    limit: options.points,
    windowMs: options.durationSeconds * 1000,
  });
  const insurance = memoryCounter(options);
  return {
    async consume(key) {
      try {
        return await leased.consume(key);
      } catch (error) {
        logger.warn({ err: error }, "rate limit: the shared counter did not answer; counting in this process");
        return insurance.consume(key);
      }
    },
  };
}

/** One rate limit: `limit` requests per window per key (an API token, a user). */
export class ApiRateLimiter {
  constructor(
    private readonly counter: TRateLimitCounter,
    private readonly limit: number,
  ) {}

  async take(key: string): Promise<TRateLimitDecision> {
    const result = await this.counter.consume(key);
    return { allowed: result.allowed, limit: this.limit, remaining: Math.max(0, result.remaining), resetSeconds: Math.max(1, Math.ceil(result.msBeforeNext / 1000)) };
  }
}

/** The IETF draft's RateLimit-* response headers (and Retry-After when refused). */
export function rateLimitHeaders(decision: TRateLimitDecision): Record<string, string> {
  return {
    "ratelimit-limit": String(decision.limit),
    "ratelimit-remaining": String(decision.remaining),
    "ratelimit-reset": String(decision.resetSeconds),
    ...(decision.allowed ? {} : { "retry-after": String(decision.resetSeconds) }),
  };
}

// One pair per database handle and limits, on globalThis: Next's route bundles load this
// module separately, and tests switch databases within one process.
const LIMITERS_KEY = Symbol.for("plumbline.http.api-rate-limiters");
type TLimiters = { token: ApiRateLimiter; session: ApiRateLimiter };
type GlobalWithLimiters = typeof globalThis & { [LIMITERS_KEY]?: WeakMap<object, Map<string, TLimiters>> };

function counterFor(options: { keyPrefix: string; points: number; durationSeconds: number }): TRateLimitCounter {
  return rateLimitIsShared() ? sharedCounter(options) : memoryCounter(options);
}

/**
 * The API's limits: per API token (CI; a runaway loop must not starve everyone) and per
 * signed-in user (pages' live refresh, scripts using a session cookie).
 */
export function getApiRateLimiters(limits: { tokenPerMinute: number; sessionPerMinute: number }): TLimiters {
  const g = globalThis as GlobalWithLimiters;
  g[LIMITERS_KEY] ??= new WeakMap();
  const handle = getDbHandle();
  let byLimits = g[LIMITERS_KEY].get(handle);
  if (!byLimits) {
    byLimits = new Map();
    g[LIMITERS_KEY].set(handle, byLimits);
  }
  const key = `${limits.tokenPerMinute}/${limits.sessionPerMinute}`;
  let limiters = byLimits.get(key);
  if (!limiters) {
    limiters = {
      token: new ApiRateLimiter(counterFor({ keyPrefix: "api-token", points: limits.tokenPerMinute, durationSeconds: 60 }), limits.tokenPerMinute),
      session: new ApiRateLimiter(counterFor({ keyPrefix: "api-session", points: limits.sessionPerMinute, durationSeconds: 60 }), limits.sessionPerMinute),
    };
    byLimits.set(key, limiters);
  }
  return limiters;
}
