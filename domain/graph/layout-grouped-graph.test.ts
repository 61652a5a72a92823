import { describe, expect, it } from "vitest";
import { buildLayoutInput } from "./build-layout-input.ts";
import { clusterGraphNodes } from "./cluster-graph-nodes.ts";
import { GROUP_TITLE_HEIGHT, layoutGroupedGraph } from "./layout-grouped-graph.ts";

const size = { width: 200, height: 60 };
const team = (slug: string) => ({ slug, name: slug });
const nodes = [
  { id: "web", kind: "service" as const, ownerTeam: team("front") },
  { id: "checkout", kind: "service" as const, ownerTeam: team("shop") },
  { id: "cart", kind: "service" as const, ownerTeam: team("shop") },
  { id: "payments", kind: "service" as const, ownerTeam: team("shop") },
  { id: "auth", kind: "service" as const, ownerTeam: team("platform") },
];
const edges = [
  { source: "web", target: "checkout" },
  { source: "web", target: "cart" },
  { source: "checkout", target: "payments" },
  { source: "cart", target: "auth" },
  { source: "payments", target: "auth" },
];

type TBox = { x: number; y: number; width: number; height: number };
const overlaps = (a: TBox, b: TBox) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
const boxOf = (layout: ReturnType<typeof layoutGroupedGraph>, id: string): TBox => ({ ...(layout.positions.get(id) ?? { x: NaN, y: NaN }), ...size });

describe("layoutGroupedGraph", () => {
  it("unclustered: callers left of callees, no two services overlapping", () => {
    const layout = layoutGroupedGraph(buildLayoutInput(nodes, edges, size, null));
    expect(layout.groups).toEqual([]);
    for (const edge of edges) expect(boxOf(layout, edge.source).x).toBeLessThan(boxOf(layout, edge.target).x);
    for (const a of nodes) for (const b of nodes) if (a.id < b.id) expect(overlaps(boxOf(layout, a.id), boxOf(layout, b.id))).toBe(false);
  });

  it("by team: each cluster's frame holds exactly its services, below its title, and frames do not overlap", () => {
    const clustering = clusterGraphNodes(nodes, "team");
    const layout = layoutGroupedGraph(buildLayoutInput(nodes, edges, size, clustering));
    expect(layout.groups.map((g) => g.label).sort()).toEqual(["front", "platform", "shop"]);
    for (const cluster of clustering.clusters) {
      const frame = layout.groups.find((g) => g.id === cluster.id);
      if (!frame) throw new Error(`no frame for ${cluster.id}`);
      for (const node of nodes) {
        const box = boxOf(layout, node.id);
        const inside = box.x >= frame.x && box.y >= frame.y + GROUP_TITLE_HEIGHT && box.x + box.width <= frame.x + frame.width && box.y + box.height <= frame.y + frame.height;
        expect(inside, `${node.id} in ${cluster.label}`).toBe(cluster.nodeIds.includes(node.id));
      }
    }
    for (const a of layout.groups) for (const b of layout.groups) if (a.id < b.id) expect(overlaps(a, b)).toBe(false);
    // The calls between teams still read left to right: front → shop → platform.
    const x = (label: string) => layout.groups.find((g) => g.label === label)?.x ?? NaN;
    expect(x("front")).toBeLessThan(x("shop"));
    expect(x("shop")).toBeLessThan(x("platform"));
  });

  it("lays out a 250-service view with 1,000 calls, in 100 teams too, without overlaps", () => {
    const many = Array.from({ length: 250 }, (_, i) => ({ id: `svc-${i}`, kind: "service" as const, ownerTeam: team(`team-${i % 12}`) }));
    let seed = 7;
    const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    const calls = Array.from({ length: 1000 }, () => ({ source: `svc-${Math.floor(random() * 250)}`, target: `svc-${Math.floor(random() * 250)}` }));
    const manyTeams = many.map((n, i) => ({ ...n, ownerTeam: team(`team-${i % 100}`) }));
    for (const [view, clustering] of [
      [many, null],
      [many, clusterGraphNodes(many, "team")],
      [manyTeams, clusterGraphNodes(manyTeams, "team")],
    ] as const) {
      const layout = layoutGroupedGraph(buildLayoutInput(view, calls, size, clustering));
      expect(layout.positions.size).toBe(250);
      for (const at of layout.positions.values()) expect(Number.isFinite(at.x) && Number.isFinite(at.y)).toBe(true);
      for (const a of layout.groups) for (const b of layout.groups) if (a.id < b.id) expect(overlaps(a, b)).toBe(false);
    }
  });
});
