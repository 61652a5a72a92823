import { describe, expect, it } from "vitest";
import type { TServiceSummary } from "./catalog.schemas.ts";
import { sortServices } from "./sort-services.ts";

function service(slug: string, over: Partial<TServiceSummary> = {}): TServiceSummary {
  return {
    slug,
    name: slug,
    description: null,
    tier: null,
    lifecycle: null,
    system: null,
    ownerTeam: null,
    dependencyCount: 0,
    dependentCount: 0,
    sloStatus: null,
    budgetRemaining: null,
    workloadCount: 0,
    ...over,
  };
}

const rows = [
  service("cart", { tier: 2, dependentCount: 3, ownerTeam: { slug: "checkout", name: "Checkout" }, budgetRemaining: 0.5 }),
  service("auth", { tier: 1, dependentCount: 9, ownerTeam: { slug: "identity", name: "Identity" } }),
  service("blog", { dependentCount: 0, budgetRemaining: -0.2 }),
  service("ads", { tier: 3, dependentCount: 3, ownerTeam: { slug: "ads", name: "Ads" }, budgetRemaining: 0.9 }),
];
const slugs = (list: TServiceSummary[]) => list.map((s) => s.slug);

describe("sortServices", () => {
  it.each([
    ["name", "asc", ["ads", "auth", "blog", "cart"]],
    ["name", "desc", ["cart", "blog", "auth", "ads"]],
    ["tier", "asc", ["auth", "cart", "ads", "blog"]],
    ["tier", "desc", ["ads", "cart", "auth", "blog"]],
    ["team", "asc", ["ads", "cart", "auth", "blog"]],
    ["dependents", "desc", ["auth", "ads", "cart", "blog"]],
    ["budget", "asc", ["blog", "cart", "ads", "auth"]],
  ] as const)("by %s %s", (sort, order, expected) => {
    expect(slugs(sortServices(rows, sort, order))).toEqual(expected);
  });

  it("does not mutate its input", () => {
    const copy = [...rows];
    sortServices(rows, "tier", "desc");
    expect(rows).toEqual(copy);
  });
});
