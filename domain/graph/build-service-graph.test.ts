import { describe, expect, it } from "vitest";
import { buildServiceGraph, focusServiceGraph, OUTSIDE_NODE_ID, type TGraphEdgeInput } from "./build-service-graph.ts";

const service = (slug: string, statuses: ("healthy" | "at_risk" | "breached" | "no_data")[] = []) => ({
  id: `id-${slug}`,
  slug,
  name: slug.toUpperCase(),
  tier: 1,
  ownerTeam: null,
  sloStatuses: statuses,
});
const mesh = (caller: string | null, callee: string, rate: number, success = 1): TGraphEdgeInput => ({
  callerId: caller ? `id-${caller}` : null,
  calleeId: `id-${callee}`,
  source: "mesh",
  requestRate: rate,
  successRatio: success,
  latencyP99Ms: 40,
  isStale: false,
});
const declared = (caller: string, callee: string): TGraphEdgeInput => ({
  callerId: `id-${caller}`,
  calleeId: `id-${callee}`,
  source: "declared",
  requestRate: null,
  successRatio: null,
  latencyP99Ms: null,
  isStale: false,
});

// web → gateway → {cart, search}; cart → {pricing, db}; pricing → flags; search → flags; gateway → flags
const SERVICES = ["web", "gateway", "cart", "search", "pricing", "db", "flags"].map((s) => service(s));
SERVICES[2] = service("cart", ["healthy", "breached"]);
const EDGES = [
  mesh(null, "web", 100),
  mesh("web", "gateway", 90),
  declared("web", "gateway"),
  mesh("gateway", "cart", 40, 0.98),
  mesh("gateway", "search", 30),
  declared("cart", "pricing"),
  mesh("cart", "db", 60),
  mesh("pricing", "flags", 10),
  mesh("search", "flags", 10),
  mesh("gateway", "flags", 50),
];

describe("buildServiceGraph", () => {
  const graph = buildServiceGraph(SERVICES, EDGES);

  it("merges declared and observed facts per pair and adds a node for callers outside the mesh", () => {
    expect(graph.edges.find((e) => e.id === "web->gateway")).toMatchObject({ isObserved: true, isDeclared: true, requestRate: 90 });
    expect(graph.edges.find((e) => e.id === "cart->pricing")).toMatchObject({ isObserved: false, isDeclared: true, requestRate: null });
    expect(graph.edges.find((e) => e.id === `${OUTSIDE_NODE_ID}->web`)).toMatchObject({ source: OUTSIDE_NODE_ID, isObserved: true });
    expect(graph.nodes.find((n) => n.id === OUTSIDE_NODE_ID)).toMatchObject({ kind: "outside", sloStatus: null });
  });

  it("colours a node by its worst SLO status, and leaves services without SLOs neutral", () => {
    expect(graph.nodes.find((n) => n.id === "cart")?.sloStatus).toBe("breached");
    expect(graph.nodes.find((n) => n.id === "web")?.sloStatus).toBeNull();
  });

  it("sums inbound mesh traffic per node", () => {
    expect(graph.nodes.find((n) => n.id === "flags")?.inboundRate).toBe(70);
    expect(graph.nodes.find((n) => n.id === "pricing")?.inboundRate).toBeNull();
  });

  it.each([
    [1, ["cart", "db", "gateway", "pricing"], ["cart->db", "cart->pricing", "gateway->cart"]],
    [2, ["cart", "db", "flags", "gateway", "pricing", "web"], ["cart->db", "cart->pricing", "gateway->cart", "pricing->flags", "web->gateway"]],
  ])("focuses on a service's callers and callees up to depth %i, without edges across the two sides", (depth, nodes, edges) => {
    const focused = focusServiceGraph(graph, "cart", depth);
    expect(focused.nodes.map((n) => n.id).sort()).toEqual(nodes);
    // gateway → flags joins a caller to a callee's callee: not part of cart's story.
    expect(focused.edges.map((e) => e.id).sort()).toEqual(edges);
  });
});
