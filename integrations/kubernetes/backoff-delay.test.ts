import { describe, expect, it } from "vitest";
import { backoffDelay, DEFAULT_BACKOFF } from "./backoff-delay.ts";

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
