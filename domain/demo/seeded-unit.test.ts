import { describe, expect, it } from "vitest";
import { seededUnit } from "./seeded-unit.ts";

/** The definition as first written (FNV-1a over the keys joined with "\u0000"): the values every demo was simulated with. */
function seededUnitOfJoinedKeys(seed: number, ...keys: readonly (string | number)[]): number {
  let hash = 0x811c9dc5 ^ (seed >>> 0);
  const text = keys.join("\u0000");
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return (hash >>> 0) / 4_294_967_296;
}

describe("seededUnit", () => {
  it("draws what hashing the joined keys drew, for any seed and keys (strings, numbers, empty ones, non-ASCII)", () => {
    const keyLists: (string | number)[][] = [
      [],
      [""],
      ["", ""],
      ["calls", "checkout", "payments"],
      ["svc-00042->svc-01234", 1_733_400_000],
      ["slow", "cart", 250],
      ["idle", "a->b"],
      [0.5, -3, 1e21, Number.NaN],
      ["ünïcødé", "😀", "a\u0000b"],
    ];
    for (const seed of [0, 1, 20_240_611, -7, 2 ** 32 + 5]) {
      for (const keys of keyLists) expect(seededUnit(seed, ...keys)).toBe(seededUnitOfJoinedKeys(seed, ...keys));
    }
  });

  it("stays in [0, 1) and is spread out", () => {
    const draws = Array.from({ length: 2000 }, (_, i) => seededUnit(1, "edge", i));
    expect(Math.min(...draws)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...draws)).toBeLessThan(1);
    expect(draws.filter((u) => u < 0.5).length).toBeGreaterThan(900);
    expect(draws.filter((u) => u < 0.5).length).toBeLessThan(1100);
  });
});
