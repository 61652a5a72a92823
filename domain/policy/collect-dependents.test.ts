import { describe, expect, it } from "vitest";
import { collectDependents, type PolicyEdge } from "./collect-dependents.ts";

const edge = (caller: string | null, callee: string, requestRate: number | null): PolicyEdge => ({ caller, callee, requestRate });

describe("collectDependents", () => {
  it("gives direct callers their share of the service's inbound traffic, unknown callers counted in the total", () => {
    const edges = [edge("orders", "payments", 30), edge("cart", "payments", 10), edge(null, "payments", 60), edge("payments", "ledger", 5)];
    expect(collectDependents(edges, "payments", 1)).toEqual([
      { slug: "cart", depth: 1, trafficShare: 0.1, requestRate: 10, via: [] },
      { slug: "orders", depth: 1, trafficShare: 0.3, requestRate: 30, via: [] },
    ]);
  });

  it("multiplies shares along a path for transitive dependents and attributes a rate from them", () => {
    // web sends half of orders' traffic; orders sends 40 % of payments' → web accounts for 20 %.
    const edges = [edge("web", "orders", 5), edge("mobile", "orders", 5), edge("orders", "payments", 40), edge("cart", "payments", 60)];
    const dependents = collectDependents(edges, "payments", 2);
    expect(dependents.map(({ slug, depth, via }) => [slug, depth, via])).toEqual([
      ["cart", 1, []],
      ["orders", 1, []],
      ["mobile", 2, ["orders"]],
      ["web", 2, ["orders"]],
    ]);
    const web = dependents.find((dependent) => dependent.slug === "web");
    expect(web?.trafficShare).toBeCloseTo(0.2, 12);
    expect(web?.requestRate).toBeCloseTo(20, 12);
  });

  it("stops at maxDepth", () => {
    const edges = [edge("a", "b", 1), edge("b", "c", 1), edge("c", "s", 1)];
    expect(collectDependents(edges, "s", 1).map((dependent) => dependent.slug)).toEqual(["c"]);
    expect(collectDependents(edges, "s", 3).map((dependent) => [dependent.slug, dependent.depth, dependent.via])).toEqual([
      ["c", 1, []],
      ["b", 2, ["c"]],
      ["a", 3, ["b", "c"]],
    ]);
    expect(collectDependents(edges, "s", 0)).toEqual([]);
  });

  it("terminates on cycles, never lists the service itself, and ignores self-calls", () => {
    const edges = [edge("a", "s", 10), edge("s", "a", 10), edge("b", "a", 10), edge("a", "b", 10), edge("a", "a", 1000)];
    const dependents = collectDependents(edges, "s", 5);
    expect(dependents.map((dependent) => [dependent.slug, dependent.depth])).toEqual([
      ["a", 1],
      ["b", 2],
    ]);
    // a's self-calls are not part of its inbound total: s sends half, b sends half.
    expect(dependents[0]?.trafficShare).toBe(1);
    expect(dependents[1]?.trafficShare).toBe(0.5);
  });

  it("keeps the shortest depth but the strongest path's share", () => {
    // x calls s directly a little, and through y a lot.
    const edges = [edge("x", "s", 1), edge("y", "s", 99), edge("x", "y", 100)];
    const [x] = collectDependents(edges, "s", 2).filter((dependent) => dependent.slug === "x");
    expect(x).toMatchObject({ depth: 1, via: ["y"] });
    expect(x?.trafficShare).toBeCloseTo(0.99, 12);
    expect(collectDependents(edges, "s", 1).find((dependent) => dependent.slug === "x")).toEqual({ slug: "x", depth: 1, trafficShare: 0.01, requestRate: 1, via: [] });
  });

  it("leaves the share unknown when no path has measured rates, and prefers a measured path", () => {
    const edges = [edge("declared", "s", null), edge("m", "s", 10), edge("z", "declared", 3), edge("z", "m", 1), edge("other", "m", 1)];
    const bySlug = new Map(collectDependents(edges, "s", 2).map((dependent) => [dependent.slug, dependent]));
    expect(bySlug.get("declared")).toMatchObject({ trafficShare: null, requestRate: null });
    expect(bySlug.get("m")).toMatchObject({ trafficShare: 1, requestRate: 10 });
    // z reaches s through "declared" (unknown) and through m (known: half of m's traffic).
    expect(bySlug.get("z")).toMatchObject({ depth: 2, trafficShare: 0.5, requestRate: 5, via: ["m"] });
  });

  it("merges edges from several sources for the same pair", () => {
    const edges = [edge("a", "s", null), edge("a", "s", 4), edge("b", "s", 4), edge("b", "s", 2)];
    expect(collectDependents(edges, "s", 1)).toEqual([
      { slug: "a", depth: 1, trafficShare: 0.4, requestRate: 4, via: [] },
      { slug: "b", depth: 1, trafficShare: 0.6, requestRate: 6, via: [] },
    ]);
  });

  it("treats an idle service's callers as sending nothing, and broken rates as unknown", () => {
    const edges = [edge("a", "s", 0), edge("b", "s", -3), edge("c", "s", Number.NaN)];
    expect(collectDependents(edges, "s", 1).map(({ slug, trafficShare, requestRate }) => [slug, trafficShare, requestRate])).toEqual([
      ["a", 0, 0],
      ["b", null, null],
      ["c", null, null],
    ]);
  });

  it("returns nothing for a service nobody calls, and rejects a bad depth", () => {
    expect(collectDependents([edge("s", "x", 1)], "s", 3)).toEqual([]);
    expect(() => collectDependents([], "s", -1)).toThrow(RangeError);
    expect(() => collectDependents([], "s", 1.5)).toThrow(RangeError);
  });

  it("handles a graph of 10,000 services and 100,000 edges at depth 5 quickly", () => {
    const edges: PolicyEdge[] = [];
    // A deterministic pseudo-random graph (LCG) so the test is repeatable.
    // Park–Miller: its products stay below 2^53, so doubles compute it exactly.
    let seed = 42;
    const next = (below: number) => Math.floor(((seed = (seed * 48_271) % 2_147_483_647) / 2_147_483_647) * below);
    for (let index = 0; index < 100_000; index += 1) edges.push(edge(`s${next(10_000)}`, `s${next(10_000)}`, next(1000) / 10));
    const started = performance.now();
    const dependents = collectDependents(edges, "s0", 5);
    const elapsedMs = performance.now() - started;
    expect(dependents.length).toBeGreaterThan(1000);
    expect(dependents.every((dependent) => dependent.trafficShare !== null && dependent.trafficShare <= 1)).toBe(true);
    // Generous: it is about linear, and CI machines are slow and shared.
    expect(elapsedMs).toBeLessThan(5000);
  });
});
