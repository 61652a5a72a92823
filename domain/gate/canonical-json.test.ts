import { describe, expect, it } from "vitest";
import { canonicalJson, sameCanonicalJson } from "./canonical-json.ts";

describe("canonicalJson", () => {
  it("sorts keys at every level and drops undefined members", () => {
    expect(canonicalJson({ b: 1, a: { d: [{ z: 1, y: 2 }], c: undefined } })).toBe('{"a":{"d":[{"y":2,"z":1}]},"b":1}');
  });
  it("gives the same text for the same content in any key order", () => {
    expect(canonicalJson({ service: "payments", version: "1.0", environment: "prod" })).toBe(
      canonicalJson({ environment: "prod", version: "1.0", service: "payments" }),
    );
  });
  it("keeps array order and nulls: they carry meaning", () => {
    expect(canonicalJson([2, 1, null])).toBe("[2,1,null]");
    expect(canonicalJson({ a: null })).not.toBe(canonicalJson({}));
  });
});

describe("sameCanonicalJson", () => {
  // Values as JSON columns hold them, and the edges where JSON.stringify changes a value.
  const values: unknown[] = [
    null,
    undefined,
    0,
    -0,
    1,
    1.5,
    Number.NaN,
    Number.POSITIVE_INFINITY,
    Number.NEGATIVE_INFINITY,
    "",
    "1",
    "null",
    true,
    false,
    [],
    {},
    [null],
    [undefined],
    [Number.NaN],
    [1, 2],
    [2, 1],
    { a: 1 },
    { a: 1, b: undefined },
    { b: undefined },
    { a: null },
    { a: Number.POSITIVE_INFINITY },
    { a: [undefined] },
    { a: [null] },
    { a: 1, b: { c: [1, { d: 2, e: 3 }] } },
    { b: { c: [1, { e: 3, d: 2 }] }, a: 1 },
    { b: { c: [1, { e: 3, d: 2.5 }] }, a: 1 },
    { "1h": 0.5, "5m": null, "30d": 2 },
    { "30d": 2, "5m": null, "1h": 0.5 },
    new Date(0),
    "1970-01-01T00:00:00.000Z",
    { at: new Date(0) },
    { at: "1970-01-01T00:00:00.000Z" },
    { f: () => 1 },
    [() => 1],
    Object.assign(Object.create(null) as object, { a: 1 }),
    new Map([["a", 1]]),
  ];

  it("agrees with comparing canonicalJson texts for every pair", () => {
    for (const a of values) {
      for (const b of values) {
        expect({ a, b, same: sameCanonicalJson(a, b) }).toEqual({ a, b, same: canonicalJson(a) === canonicalJson(b) });
      }
    }
  });

  it("compares burn rates and alerts whatever their key order", () => {
    const stored = [{ severity: "page", longWindow: "1h", shortWindow: "5m", threshold: 14.4, firing: false, insufficientData: true }];
    const next = [{ firing: false, insufficientData: true, longWindow: "1h", severity: "page", shortWindow: "5m", threshold: 14.4 }];
    expect(sameCanonicalJson(stored, next)).toBe(true);
    expect(sameCanonicalJson(stored, [{ ...next[0], firing: true }])).toBe(false);
  });
});
