import { RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import { getDbHandle } from "@/server/db/client.ts";
import { createRateLimitStore } from "./http-rate-limit.repository.ts";

export interface TRateLimitDecision {
  allowed: boolean;
  /** Requests allowed per window. */
  limit: number;
  remaining: number;
  /** Seconds until the window resets (and, when refused, until a retry can succeed). */
  resetSeconds: number;
}

/** One rate limit: `limit` requests per `windowSeconds` per key (an API token, a user). */
export class ApiRateLimiter {
  constructor(
    private readonly store: RateLimiterAbstract,
    private readonly limit: number,
  ) {}

  async take(key: string): Promise<TRateLimitDecision> {
    try {
      const result = await this.store.consume(key);
      return this.decision(true, result);
    } catch (rejection) {
      // rate-limiter-flexible rejects with the counter's state when the limit is reached.
      if (rejection instanceof RateLimiterRes) return this.decision(false, rejection);
      throw rejection;
    }
  }

  private decision(allowed: boolean, result: RateLimiterRes): TRateLimitDecision {
    return { allowed, limit: this.limit, remaining: Math.max(0, result.remainingPoints), resetSeconds: Math.max(1, Math.ceil(result.msBeforeNext / 1000)) };
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
      token: new ApiRateLimiter(createRateLimitStore({ keyPrefix: "api-token", points: limits.tokenPerMinute, durationSeconds: 60 }), limits.tokenPerMinute),
      session: new ApiRateLimiter(createRateLimitStore({ keyPrefix: "api-session", points: limits.sessionPerMinute, durationSeconds: 60 }), limits.sessionPerMinute),
    };
    byLimits.set(key, limiters);
  }
  return limiters;
}
