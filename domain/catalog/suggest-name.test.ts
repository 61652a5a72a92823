import { describe, expect, it } from "vitest";
import { suggestName } from "./suggest-name.ts";

describe("suggestName", () => {
  it.each([
    ["paymnts", ["payments", "checkout"], "payments"],
    ["chekout", ["payments", "checkout"], "checkout"],
    ["identity", ["payments", "checkout"], null],
    ["ab", ["ac", "zz"], "ac"],
    ["x", [], null],
  ] as const)("%s among %j → %s", (wanted, known, expected) => {
    expect(suggestName(wanted, known)).toBe(expected);
  });
});
