import { describe, expect, it } from "vitest";
import { float8ArrayLiteral, textArrayLiteral } from "./pg-array-literal.ts";

describe("Postgres array literals for bulk binds", () => {
  it("quotes every text element and escapes backslashes and double quotes", () => {
    expect(textArrayLiteral(["a", 'say "hi"', "back\\slash", "", "{,}", null])).toBe('{"a","say \\"hi\\"","back\\\\slash","","{,}",NULL}');
  });

  it("writes numbers as their shortest round-trip decimal, with Postgres's spellings of the non-finite ones", () => {
    expect(float8ArrayLiteral([1.5, 0.1 + 0.2, -0, 1e-300, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, null])).toBe(
      "{1.5,0.30000000000000004,0,1e-300,NaN,Infinity,-Infinity,NULL}",
    );
  });

  it("writes an empty array as {}", () => {
    expect(textArrayLiteral([])).toBe("{}");
    expect(float8ArrayLiteral([])).toBe("{}");
  });
});
