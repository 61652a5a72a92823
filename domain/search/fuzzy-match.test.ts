import { describe, expect, it } from "vitest";
import { editDistance, fuzzyScore, normalizeForMatch, rankFuzzy } from "./fuzzy-match.ts";

const SERVICES = [
  { slug: "payments", name: "Payments" },
  { slug: "payment-gateway", name: "Payment gateway" },
  { slug: "checkout", name: "Checkout" },
  { slug: "cart", name: "Cart" },
  { slug: "api-gateway", name: "API gateway" },
  { slug: "search", name: "Search" },
  { slug: "recommendations", name: "Recommendations" },
  { slug: "ledger", name: "Ledger" },
];
const find = (query: string) => rankFuzzy(query, SERVICES, (service) => [service.slug, service.name], 5).map((service) => service.slug);

describe("rankFuzzy over service names and slugs", () => {
  it.each([
    ["payments", ["payments", "payment-gateway"]],
    ["Payments", ["payments", "payment-gateway"]],
    ["pay", ["payments", "payment-gateway"]],
    ["gateway", ["api-gateway", "payment-gateway"]],
    ["API Gateway", ["api-gateway"]],
    ["chekout", ["checkout"]],
    ["checkuot", ["checkout"]],
    ["paymnts", ["payments"]],
    ["recomendations", ["recommendations"]],
    ["ldgr", ["ledger"]],
    ["CART", ["cart"]],
  ])("%s finds %j", (query, expected) => {
    expect(find(query)).toEqual(expected);
  });

  it.each(["", "  ", "zzz", "kubernetes", "x"])("%j finds nothing", (query) => {
    expect(find(query)).toEqual([]);
  });

  it("ranks an exact name above a prefix, a prefix above a substring, a substring above a typo", () => {
    const score = (query: string, name: string) => fuzzyScore(query, name) ?? -1;
    expect(score("cart", "cart")).toBeGreaterThan(score("cart", "cartography"));
    expect(score("cart", "cartography")).toBeGreaterThan(score("cart", "smartcart"));
    expect(score("cart", "smartcart")).toBeGreaterThan(score("crat", "cart"));
  });

  it("keeps at most the limit, best first", () => {
    expect(rankFuzzy("a", SERVICES, (service) => [service.slug], 2)).toHaveLength(2);
  });
});

describe("editDistance", () => {
  it.each([
    ["checkout", "checkout", 0],
    ["chekout", "checkout", 1],
    ["checkuot", "checkout", 1],
    ["ckeckuot", "checkout", 2],
  ])("%s → %s is %i", (a, b, distance) => {
    expect(editDistance(a, b, 3)).toBe(distance);
  });

  it("stops past the maximum", () => {
    expect(editDistance("payments", "recommendations", 2)).toBe(3);
  });
});

describe("normalizeForMatch", () => {
  it("ignores case, spaces and punctuation", () => {
    expect(normalizeForMatch(" API-Gateway v2.1 ")).toBe("apigatewayv21");
  });
});
