import { describe, expect, it } from "vitest";
import { safeNextPath } from "./safe-next-path.ts";

describe("safeNextPath", () => {
  it.each([
    ["/deploys/1", "/deploys/1"],
    ["/invitations/abc?x=1", "/invitations/abc?x=1"],
    ["/services?team=payments#slo", "/services?team=payments#slo"],
    ["/services?q=a%20b", "/services?q=a%20b"],
    ["/a/../b", "/b"],
    ["/", "/"],
  ])("keeps the same-site path %j → %j", (input, expected) => {
    expect(safeNextPath(input)).toBe(expected);
  });

  it.each([
    ["tab", "/\t/evil.example"],
    ["encoded tab", "/%09/evil.example"],
    ["newline", "/\n/evil.example"],
    ["encoded newline", "/%0A/evil.example"],
    ["carriage return", "/\r/evil.example"],
    ["NUL", "/%00/evil.example"],
    ["backslash", "\\evil.example"],
    ["slash backslash", "/\\evil.example"],
    ["encoded backslash", "/%5Cevil.example"],
    ["double slash", "//evil.example"],
    ["double slash with path", "//evil.example/deploys"],
    ["encoded double slash", "%2F%2Fevil.example"],
    ["slash then encoded slash", "/%2F/evil.example"],
    ["slash then encoded slash (lower case)", "/%2f/evil.example"],
    ["double-encoded slash", "/%252F/evil.example"],
    ["dot segment to double slash", "/.//evil.example"],
    ["absolute URL", "https://evil.example/"],
    ["scheme-relative with backslashes", "\\\\evil.example"],
    ["javascript:", "javascript:alert(1)"],
    ["data:", "data:text/html,<script>alert(1)</script>"],
    ["relative path", "deploys/1"],
    ["empty", ""],
    ["broken percent-encoding", "/%E0%A4%A"],
    ["too long", `/${"a".repeat(3000)}`],
    ["not a string", undefined],
    ["an array", ["/a"]],
  ])("refuses %s", (_name, input) => {
    expect(safeNextPath(input)).toBe("/");
  });
});
