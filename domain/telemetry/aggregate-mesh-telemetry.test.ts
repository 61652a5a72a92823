import { describe, expect, it } from "vitest";
import { aggregateEdgeSamples, aggregateServiceCounts } from "./aggregate-mesh-telemetry.ts";
import { createWorkloadResolver } from "./resolve-workload-service.ts";
import type { EdgeSample, WorkloadRef } from "./telemetry-types.ts";

const w = (namespace: string, name: string): WorkloadRef => ({ namespace, name });
const services = [
  { id: "s-web", slug: "web" },
  { id: "s-cart", slug: "cart" },
  { id: "s-pay", slug: "payments" },
];
const resolve = createWorkloadResolver({
  services,
  workloads: [
    { namespace: "shop", name: "web-stable", serviceId: "s-web", isDeleted: false },
    { namespace: "shop", name: "web-canary", serviceId: "s-web", isDeleted: false },
    // A deleted row must not beat a live one for the same workload.
    { namespace: "shop", name: "cart-v2", serviceId: "s-pay", isDeleted: true },
    { namespace: "shop", name: "cart-v2", serviceId: "s-cart", isDeleted: false },
  ],
});
const edge = (caller: WorkloadRef | null, callee: WorkloadRef, rate: number, success: number | null, p: [number, number, number] | null = null): EdgeSample => ({
  callerWorkload: caller,
  calleeWorkload: callee,
  requestRate: rate,
  successRatio: success,
  latencyP50Ms: p?.[0] ?? null,
  latencyP95Ms: p?.[1] ?? null,
  latencyP99Ms: p?.[2] ?? null,
});

describe("createWorkloadResolver", () => {
  it.each([
    [w("shop", "web-stable"), "web"],
    [w("shop", "cart-v2"), "cart"],
    // No Workload row: the service whose slug is the workload name (Prometheus-only setups).
    [w("pay", "payments"), "payments"],
    [w("other", "unknown-thing"), null],
  ])("%j → %s", (workload, slug) => {
    expect(resolve(workload).service?.slug ?? null).toBe(slug);
  });
});

describe("aggregateEdgeSamples", () => {
  it("merges the workloads of one service: rates add, success weighted by rate, percentiles the maximum", () => {
    const { edges } = aggregateEdgeSamples(
      [
        edge(w("shop", "web-stable"), w("shop", "cart-v2"), 30, 0.99, [10, 40, 90]),
        edge(w("shop", "web-canary"), w("shop", "cart-v2"), 10, 0.91, [12, 35, 150]),
      ],
      resolve,
    );
    expect(edges).toHaveLength(1);
    expect(edges[0]).toMatchObject({ key: "mesh:web->cart", callerId: "s-web", calleeId: "s-cart", requestRate: 40, latencyP50Ms: 12, latencyP95Ms: 40, latencyP99Ms: 150 });
    expect(edges[0]?.successRatio).toBeCloseTo((30 * 0.99 + 10 * 0.91) / 40, 12);
  });

  it("keeps callers outside the mesh and callers no service claims as unknown, and merges them", () => {
    const result = aggregateEdgeSamples([edge(null, w("shop", "web-stable"), 5, 1), edge(w("batch", "exporter"), w("shop", "web-stable"), 1, 0.5)], resolve);
    expect(result.edges).toMatchObject([{ key: "mesh:unknown->web", callerId: null, callerSlug: null, requestRate: 6 }]);
    expect(result.edges[0]?.successRatio).toBeCloseTo(5.5 / 6, 12);
    expect(result.unmappedCallers).toEqual([w("batch", "exporter")]);
  });

  it("drops self-edges and edges to callees no service claims", () => {
    const result = aggregateEdgeSamples([edge(w("shop", "web-stable"), w("shop", "web-canary"), 3, 1), edge(w("shop", "web-stable"), w("db", "redis"), 9, 1)], resolve);
    expect(result.edges).toEqual([]);
    expect(result.selfEdgesDropped).toBe(1);
    expect(result.unmappedCallees).toEqual([w("db", "redis")]);
  });

  it("keeps traffic per callee version (canonical revision) while the service edge adds the versions up", () => {
    const version = (name: string, revision: string): WorkloadRef => ({
      namespace: "shop",
      name,
      hints: { dialect: "istio", workloadLabel: "destination_workload", labels: {}, canonicalRevision: revision },
    });
    const { edges } = aggregateEdgeSamples(
      [
        edge(w("shop", "web-stable"), version("cart-v2", "v2"), 30, 0.99),
        edge(w("shop", "web-canary"), version("cart-v2", "v2"), 10, 0.95),
        edge(w("shop", "web-stable"), { ...version("cart-v2", "v3"), name: "cart-v2" }, 5, 0.5),
      ],
      resolve,
    );
    expect(edges[0]).toMatchObject({ key: "mesh:web->cart", requestRate: 45 });
    expect(edges[0]?.calleeVersions?.map((v) => [v.version, v.requestRate])).toEqual([
      ["v2", 40],
      ["v3", 5],
    ]);
    expect(edges[0]?.calleeVersions?.[0]?.successRatio).toBeCloseTo((30 * 0.99 + 10 * 0.95) / 40, 12);
    expect(edges[0]?.calleeVersions?.[1]?.successRatio).toBe(0.5);
    // No version labels (Linkerd): no breakdown, rather than one invented version.
    expect(aggregateEdgeSamples([edge(w("shop", "web-stable"), w("shop", "cart-v2"), 1, 1)], resolve).edges[0]?.calleeVersions).toBeNull();
  });

  it("leaves the success ratio unknown when no sample could judge it, never 1", () => {
    const { edges } = aggregateEdgeSamples([edge(w("shop", "web-stable"), w("pay", "payments"), 0, null)], resolve);
    expect(edges[0]).toMatchObject({ requestRate: 0, successRatio: null, latencyP99Ms: null });
  });
});

describe("aggregateServiceCounts", () => {
  it("sums workloads per service and window, keeps only thresholds every workload answered, caps good at total, widens interpolated buckets", () => {
    const { rows, unmapped } = aggregateServiceCounts(
      [
        { workload: w("shop", "web-stable"), window: "5m", total: 900, good: 890, latencyGood: { "100": 800, "250": 880 }, latencyInterpolated: { "100": [50, 200], "250": [200, 300] } },
        { workload: w("shop", "web-canary"), window: "5m", total: 100, good: 101, latencyGood: { "100": 60 }, latencyInterpolated: { "100": [20, 150] } },
        { workload: w("shop", "web-stable"), window: "1h", total: 10_000, good: 9990 },
        { workload: w("x", "nobody"), window: "5m", total: 5, good: 5 },
      ],
      resolve,
    );
    expect(rows).toEqual([
      { serviceId: "s-web", window: "5m", total: 1000, good: 990, latencyGood: { "100": 860 }, latencyInterpolated: { "100": [20, 200] } },
      { serviceId: "s-web", window: "1h", total: 10_000, good: 9990, latencyGood: {}, latencyInterpolated: {} },
    ]);
    expect(unmapped).toEqual([w("x", "nobody")]);
  });

  it("takes one workload's counts as the service's with the same rules: good and each threshold capped at total, unknown counts and their buckets dropped", () => {
    const { rows } = aggregateServiceCounts(
      [
        { workload: w("shop", "cart-v2"), window: "5m", total: 50, good: 60, latencyGood: { "100": 70, "250": Number.NaN, "500": 40 }, latencyInterpolated: { "250": [200, 300], "500": [250, 1000] } },
        { workload: w("shop", "cart-v2"), window: "1h", total: 600, good: 590, latencyGood: { "100": 500, "250": 580 }, latencyInterpolated: { "250": [200, 300] } },
      ],
      resolve,
    );
    expect(rows).toEqual([
      { serviceId: "s-cart", window: "5m", total: 50, good: 50, latencyGood: { "100": 50, "500": 40 }, latencyInterpolated: { "500": [250, 1000] } },
      { serviceId: "s-cart", window: "1h", total: 600, good: 590, latencyGood: { "100": 500, "250": 580 }, latencyInterpolated: { "250": [200, 300] } },
    ]);
  });
});
