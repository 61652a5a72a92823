import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isSlug, toSlug } from "./to-slug.ts";

describe("toSlug", () => {
  it.each([
    ["checkout", "checkout"],
    ["Checkout", "checkout"],
    ["payment_provider.adapter", "payment-provider-adapter"],
    ["a", "a"],
  ])("%s → %s", (name, slug) => {
    expect(toSlug(name)).toBe(slug);
  });

  it("gives a valid slug for every name Backstage accepts", () => {
    const backstageName = fc
      .stringMatching(/^[A-Za-z0-9]+([-_.][A-Za-z0-9]+)*$/)
      .filter((name) => name.length <= 63);
    fc.assert(fc.property(backstageName, (name) => isSlug(toSlug(name))));
  });
});

describe("isSlug", () => {
  it.each([
    ["checkout", true],
    ["api-gateway", true],
    ["a1", true],
    ["-checkout", false],
    ["checkout-", false],
    ["Checkout", false],
    ["check_out", false],
    ["", false],
    ["a".repeat(63), true],
    ["a".repeat(64), false],
  ])("%j → %s", (value, expected) => {
    expect(isSlug(value)).toBe(expected);
  });
});
