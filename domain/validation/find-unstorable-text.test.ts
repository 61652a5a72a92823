import { describe, expect, it } from "vitest";
import { describeUnstorableText, findUnstorableText } from "./find-unstorable-text.ts";

describe("findUnstorableText", () => {
  it.each([
    ["a NUL in a nested string", { files: [{ file: "a.yaml", text: "name: x\u0000" }] }, { field: "files.0.text", reason: "nul" }],
    ["a lone high surrogate", { version: "1.0\uD800" }, { field: "version", reason: "lone_surrogate" }],
    ["a lone low surrogate", { service: "\uDC00checkout" }, { field: "service", reason: "lone_surrogate" }],
    ["a high surrogate at the end of a longer string", { a: { b: ["ok", "x\uD83D"] } }, { field: "a.b.1", reason: "lone_surrogate" }],
    ["the root string itself", "oops\u0000", { field: "(root)", reason: "nul" }],
    ["a key", { "bad\u0000key": 1 }, { field: "(a key)", reason: "nul" }],
  ])("finds %s", (_name, value, expected) => {
    expect(findUnstorableText(JSON.parse(JSON.stringify(value)))).toEqual(expected);
  });

  it.each([
    ["plain text", { service: "checkout", version: "1.2.3" }],
    ["emoji and other surrogate pairs", { comment: "ship it 🚀 𝔘𝔫𝔦𝔠𝔬𝔡𝔢" }],
    ["numbers, booleans and null", { a: 1, b: true, c: null, d: [1.5] }],
    ["accented and CJK text", { title: "Café 東京" }],
  ])("accepts %s", (_name, value) => {
    expect(findUnstorableText(value)).toBeNull();
  });

  it("reads lone surrogates as JSON.parse produces them from escapes", () => {
    expect(findUnstorableText(JSON.parse('{"v":"\\ud800"}'))).toEqual({ field: "v", reason: "lone_surrogate" });
    expect(findUnstorableText(JSON.parse('{"v":"\\u0000"}'))).toEqual({ field: "v", reason: "nul" });
  });

  it("says what to do", () => {
    expect(describeUnstorableText({ field: "version", reason: "nul" })).toMatch(/^version contains a NUL character .* remove it/);
  });
});
