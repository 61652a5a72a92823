import { describe, expect, it } from "vitest";
import { ApiRateLimiter, memoryCounter, rateLimitHeaders } from "./api-rate-limit.ts";

describe("ApiRateLimiter", () => {
  it("allows `limit` requests per window per key, then refuses with the seconds until reset", async () => {
    const limiter = new ApiRateLimiter(memoryCounter({ points: 3, durationSeconds: 60 }), 3);
    const decisions = [];
    for (let i = 0; i < 4; i++) decisions.push(await limiter.take("token-a"));
    expect(decisions.map((d) => [d.allowed, d.remaining])).toEqual([
      [true, 2],
      [true, 1],
      [true, 0],
      [false, 0],
    ]);
    expect(decisions[3]?.resetSeconds).toBeGreaterThan(0);
    expect(decisions[3]?.resetSeconds).toBeLessThanOrEqual(60);
    // Another key has its own window.
    expect((await limiter.take("token-b")).allowed).toBe(true);
  });

  it("sends RateLimit-* headers, and Retry-After only when refused", () => {
    expect(rateLimitHeaders({ allowed: true, limit: 60, remaining: 59, resetSeconds: 60 })).toEqual({
      "ratelimit-limit": "60",
      "ratelimit-remaining": "59",
      "ratelimit-reset": "60",
    });
    expect(rateLimitHeaders({ allowed: false, limit: 60, remaining: 0, resetSeconds: 12 })).toMatchObject({ "retry-after": "12" });
  });
});
