import { describe, expect, it } from "vitest";
import { buildLayoutInput, UNCLUSTERED_GROUP_ID } from "./build-layout-input.ts";
import { clusterGraphNodes } from "./cluster-graph-nodes.ts";

const size = { width: 200, height: 60 };
const team = (slug: string) => ({ slug, name: slug });
const nodes = [
  { id: "web", kind: "service" as const, ownerTeam: team("front") },
  { id: "checkout", kind: "service" as const, ownerTeam: team("shop") },
  { id: "payments", kind: "service" as const, ownerTeam: team("shop") },
  { id: "auth", kind: "service" as const, ownerTeam: team("platform") },
  { id: "~outside", kind: "outside" as const, ownerTeam: null },
];
const edges = [
  { source: "~outside", target: "web" },
  { source: "web", target: "checkout" },
  { source: "web", target: "auth" },
  { source: "checkout", target: "payments" },
  { source: "checkout", target: "auth" },
  { source: "payments", target: "auth" },
  { source: "payments", target: "payments" },
  { source: "checkout", target: "payments" },
  { source: "checkout", target: "gone-service" },
];

describe("buildLayoutInput", () => {
  it("without clustering: one unframed group with every node and every usable edge once", () => {
    const input = buildLayoutInput(nodes, edges, size, null);
    expect(input.groups).toHaveLength(1);
    const [group] = input.groups;
    expect(group).toMatchObject({ id: UNCLUSTERED_GROUP_ID, label: null });
    expect(group?.nodes.map((n) => n.id)).toEqual(["web", "checkout", "payments", "auth", "~outside"]);
    expect(group?.nodes[0]).toEqual({ id: "web", width: 200, height: 60 });
    // The self-call, the duplicate and the edge to a service not in the view are left out.
    expect(group?.edges).toHaveLength(6);
    expect(input.groupEdges).toEqual([]);
  });

  it("by team: a group per cluster, a group per loose node, edges inside a cluster kept, edges between summed", () => {
    const input = buildLayoutInput(nodes, edges, size, clusterGraphNodes(nodes, "team"));
    expect(input.groups.map((g) => [g.id, g.label, g.nodes.map((n) => n.id)])).toEqual([
      ["cluster:team:shop", "shop", ["checkout", "payments"]],
      ["cluster:team:front", "front", ["web"]],
      ["cluster:team:platform", "platform", ["auth"]],
      ["group:~outside", null, ["~outside"]],
    ]);
    expect(input.groups[0]?.edges).toEqual([{ source: "checkout", target: "payments" }]);
    expect(input.groupEdges).toEqual(
      expect.arrayContaining([
        { source: "group:~outside", target: "cluster:team:front", weight: 1 },
        { source: "cluster:team:front", target: "cluster:team:shop", weight: 1 },
        { source: "cluster:team:front", target: "cluster:team:platform", weight: 1 },
        // checkout → auth and payments → auth: two calls, one weighted edge.
        { source: "cluster:team:shop", target: "cluster:team:platform", weight: 2 },
      ]),
    );
    expect(input.groupEdges).toHaveLength(4);
  });

  it("places a node the clustering missed in the unframed group rather than dropping it", () => {
    const input = buildLayoutInput(nodes, edges, size, { clusters: [{ id: "cluster:team:shop", label: "shop", nodeIds: ["checkout", "payments"] }], loose: [] });
    const placed = input.groups.flatMap((g) => g.nodes.map((n) => n.id));
    expect(placed.sort()).toEqual(nodes.map((n) => n.id).sort());
    expect(input.groups.at(-1)?.id).toBe(UNCLUSTERED_GROUP_ID);
  });
});
