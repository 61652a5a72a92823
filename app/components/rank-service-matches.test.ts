import { describe, expect, it } from "vitest";
import { rankServiceMatches } from "./rank-service-matches.ts";

const s = (slug: string, name = slug) => ({ slug, name });

describe("rankServiceMatches", () => {
  it("exact, then prefix, then contained, then description-only matches; the API's order within each", () => {
    const api = [s("api-gateway"), s("cart"), s("checkout-worker"), s("legacy-checkout"), s("checkout"), s("orders")];
    expect(rankServiceMatches("Checkout", api).map((x) => x.slug)).toEqual(["checkout", "checkout-worker", "legacy-checkout", "api-gateway", "cart", "orders"]);
  });

  it("matches the display name as well as the slug", () => {
    expect(rankServiceMatches("pay", [s("ledger"), s("psp", "Payments provider")]).map((x) => x.slug)).toEqual(["psp", "ledger"]);
  });

  it("an empty query keeps the order given", () => {
    expect(rankServiceMatches("  ", [s("b"), s("a")]).map((x) => x.slug)).toEqual(["b", "a"]);
  });
});
