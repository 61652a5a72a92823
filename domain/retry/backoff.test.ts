import { describe, expect, it } from "vitest";
import { backoffDelay, DEFAULT_BACKOFF, parseRetryAfterMs, retryDelayMs } from "./backoff.ts";

describe("backoffDelay", () => {
  const noJitter = { ...DEFAULT_BACKOFF, jitter: 0 };
  it.each([
    [1, 1_000],
    [2, 2_000],
    [3, 4_000],
    [6, 32_000],
    [7, 60_000],
    [50, 60_000],
    [0, 1_000],
  ])("attempt %i waits %i ms without jitter", (attempt, expected) => {
    expect(backoffDelay(attempt, noJitter)).toBe(expected);
  });

  it.each([
    [0, 500],
    [0.5, 750],
    [0.999_999, 1_000],
  ])("jitter draws within the upper share of the step (random %f → %i ms)", (random, expected) => {
    expect(backoffDelay(1, DEFAULT_BACKOFF, () => random)).toBe(expected);
  });

  it("never exceeds the cap", () => {
    for (let attempt = 1; attempt < 40; attempt++) expect(backoffDelay(attempt, DEFAULT_BACKOFF, () => 0.999)).toBeLessThanOrEqual(60_000);
  });
});

describe("parseRetryAfterMs", () => {
  const now = Date.parse("Wed, 21 Oct 2015 07:28:00 GMT");
  it.each([
    ["3", 3_000],
    [" 120 ", 120_000],
    ["Wed, 21 Oct 2015 07:28:10 GMT", 10_000],
    ["Wed, 21 Oct 2015 07:27:00 GMT", 0],
  ])("reads %j as %i ms", (header, expected) => {
    expect(parseRetryAfterMs(header, now)).toBe(expected);
  });
  it.each(["soon", "", "-1", null, undefined])("ignores %j", (header) => {
    expect(parseRetryAfterMs(header, now)).toBeUndefined();
  });
});

describe("retryDelayMs", () => {
  const policy = { initialMs: 250, maxMs: 4_000, jitter: 0.5, maxRetryAfterMs: 30_000 };
  it("doubles up to the maximum, with half of it random", () => {
    expect([1, 2, 3, 4, 5, 6].map((n) => retryDelayMs(n, policy, undefined, () => 0))).toEqual([125, 250, 500, 1000, 2000, 2000]);
    expect(retryDelayMs(3, policy, undefined, () => 1)).toBe(1000);
  });
  it("waits what Retry-After asks when that is longer, up to its cap", () => {
    expect(retryDelayMs(1, policy, 5_000, () => 0)).toBe(5_000);
    expect(retryDelayMs(1, policy, 100, () => 0)).toBe(125);
    expect(retryDelayMs(1, policy, 600_000, () => 0)).toBe(30_000);
  });
});
