import { describe, expect, it } from "vitest";
import { canonicalJson } from "./canonical-json.ts";

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
