import { describe, expect, it } from "vitest";
import { compactNumberRecord } from "./compact-number-record.ts";

describe("compactNumberRecord", () => {
  it("builds the record from entries, keeping threshold keys as text and dropping non-numbers", () => {
    expect(compactNumberRecord([["100", 12.5], ["250", 1e21], ["500", Number.NaN], ["x\"y", 1]])).toEqual({ "100": 12.5, "250": 1e21, 'x"y': 1 });
    expect(compactNumberRecord([])).toEqual({});
  });
});
