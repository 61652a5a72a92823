import { describe, expect, it } from "vitest";
import { parseConfig } from "@/server/config/parse-config.ts";
import { TokenBucketLimiter } from "./rate-limiter.ts";

function limiter(capacity: number, perMinute: number) {
  let now = 1_000_000;
  const bucket = new TokenBucketLimiter({ capacity, refillPerSecond: perMinute / 60, now: () => now, maxKeys: 3 });
  return { bucket, advance: (ms: number) => (now += ms) };
}

describe("TokenBucketLimiter", () => {
  it("allows a burst of `capacity`, then refuses with the seconds until the next token", () => {
    const { bucket } = limiter(60, 60);
    for (let i = 0; i < 60; i++) expect(bucket.take("t").allowed).toBe(true);
    expect(bucket.take("t")).toEqual({ allowed: false, retryAfterSeconds: 1 });
  });

  it("refills at the configured rate", () => {
    const { bucket, advance } = limiter(2, 6); // one token every 10 s
    bucket.take("t");
    bucket.take("t");
    expect(bucket.take("t")).toEqual({ allowed: false, retryAfterSeconds: 10 });
    advance(4_000);
    expect(bucket.take("t")).toEqual({ allowed: false, retryAfterSeconds: 6 });
    advance(6_000);
    expect(bucket.take("t").allowed).toBe(true);
    expect(bucket.take("t").allowed).toBe(false);
  });

  it("never refills beyond capacity however long a key was idle", () => {
    const { bucket, advance } = limiter(3, 60);
    bucket.take("t");
    advance(3_600_000);
    expect([1, 2, 3, 4].map(() => bucket.take("t").allowed)).toEqual([true, true, true, false]);
  });

  it("keeps keys apart", () => {
    const { bucket } = limiter(1, 1);
    expect(bucket.take("a").allowed).toBe(true);
    expect(bucket.take("a").allowed).toBe(false);
    expect(bucket.take("b").allowed).toBe(true);
  });

  it("bounds its memory by forgetting the oldest key", () => {
    const { bucket } = limiter(1, 1);
    for (const key of ["a", "b", "c", "d"]) bucket.take(key);
    expect(bucket.size).toBe(3);
    // "a" was forgotten: it starts again with a full bucket.
    expect(bucket.take("a").allowed).toBe(true);
  });

  it("rejects a nonsensical configuration", () => {
    expect(() => new TokenBucketLimiter({ capacity: 0, refillPerSecond: 1 })).toThrow(RangeError);
  });
});

describe("PLUMBLINE_API_RATE_LIMIT", () => {
  it.each([
    { value: undefined, expected: 60 },
    { value: "", expected: 60 },
    { value: "600", expected: 600 },
  ])("PLUMBLINE_API_RATE_LIMIT=$value → $expected", ({ value, expected }) => {
    expect(parseConfig({ PLUMBLINE_API_RATE_LIMIT: value }).gate.apiRateLimit).toBe(expected);
  });
  it("refuses garbage loudly", () => {
    expect(() => parseConfig({ PLUMBLINE_API_RATE_LIMIT: "lots" })).toThrow(/PLUMBLINE_API_RATE_LIMIT must be a number of requests per minute/);
  });
});
