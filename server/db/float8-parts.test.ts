import { describe, expect, it } from "vitest";
import { float8PartsArrayLiterals } from "./float8-parts.ts";

/** Reads the two literals back the way float8FromParts does in SQL. */
function readBack(literals: { mantissas: string; exponents: string }): (number | null)[] {
  const mantissas = literals.mantissas.slice(1, -1).split(",");
  const exponents = literals.exponents.slice(1, -1).split(",");
  return mantissas.map((m, i) => {
    const e = exponents[i];
    if (m === "NULL") return null;
    if (e === "NULL") return m === "0" ? Number.NaN : Number(m) > 0 ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY;
    return Number(m) * 2 ** Number(e);
  });
}

/** A fixed sequence of doubles spread over every exponent, from raw bits (xorshift, seeded). */
function spreadDoubles(count: number): number[] {
  const bits = new Uint32Array(2);
  const view = new Float64Array(bits.buffer);
  let state = 0x9e3779b9;
  const next = () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return state >>> 0;
  };
  const result: number[] = [];
  while (result.length < count) {
    bits[0] = next();
    bits[1] = next();
    if (Number.isFinite(view[0])) result.push(view[0] ?? 0);
  }
  return result;
}

describe("doubles as integer mantissas and binary exponents", () => {
  it("writes odd mantissas with their exponents, round values short", () => {
    expect(float8PartsArrayLiterals([1, 1.5, -3, 0.5, 1024, 0.1])).toEqual({
      mantissas: "{1,3,-3,1,1,3602879701896397}",
      exponents: "{0,-1,0,-1,10,-55}",
    });
  });

  it("writes zero, null and the non-finite values as the SQL reader expects", () => {
    expect(float8PartsArrayLiterals([0, -0, null, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY])).toEqual({
      mantissas: "{0,0,NULL,0,1,-1}",
      exponents: "{0,0,NULL,NULL,NULL,NULL}",
    });
  });

  it("gives back every double exactly: subnormals, the extremes and values from every exponent", () => {
    const values = [
      Number.MIN_VALUE,
      3 * Number.MIN_VALUE,
      2.2250738585072014e-308,
      2.225073858507201e-308,
      Number.MAX_VALUE,
      -Number.MAX_VALUE,
      Number.MAX_SAFE_INTEGER,
      2 ** 52 + 1,
      0.1 + 0.2,
      1 / 3,
      123456789.123456789,
      ...spreadDoubles(20_000),
    ];
    expect(readBack(float8PartsArrayLiterals(values))).toEqual(values);
  });

  it("writes an empty array as {}", () => {
    expect(float8PartsArrayLiterals([])).toEqual({ mantissas: "{}", exponents: "{}" });
  });
});
