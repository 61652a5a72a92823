import { describe, expect, it } from "vitest";
import { clusterGraphNodes, type TClusterableNode } from "./cluster-graph-nodes.ts";

const payments = { slug: "payments", name: "Payments" };
const platform = { slug: "platform", name: "Platform" };

const nodes: TClusterableNode[] = [
  { id: "checkout", kind: "service", ownerTeam: payments, namespace: "shop" },
  { id: "auth", kind: "service", ownerTeam: platform, namespace: "identity" },
  { id: "payments", kind: "service", ownerTeam: payments, namespace: "shop" },
  { id: "legacy", kind: "service", ownerTeam: null, namespace: null },
  { id: "ledger", kind: "service", ownerTeam: payments },
  { id: "~outside", kind: "outside", ownerTeam: null, namespace: null },
];

describe("clusterGraphNodes", () => {
  it("groups services by owner team, biggest team first, services in the given order", () => {
    const { clusters, loose } = clusterGraphNodes(nodes, "team");
    expect(clusters).toEqual([
      { id: "cluster:team:payments", label: "Payments", nodeIds: ["checkout", "payments", "ledger"] },
      { id: "cluster:team:~none", label: "No owner team", nodeIds: ["legacy"] },
      { id: "cluster:team:platform", label: "Platform", nodeIds: ["auth"] },
    ]);
    expect(loose).toEqual(["~outside"]);
  });

  it("groups by namespace; services Kubernetes never saw (no or null namespace) share one cluster", () => {
    const { clusters } = clusterGraphNodes(nodes, "namespace");
    expect(clusters.map((c) => [c.label, c.nodeIds])).toEqual([
      ["namespace shop", ["checkout", "payments"]],
      ["No namespace seen", ["legacy", "ledger"]],
      ["namespace identity", ["auth"]],
    ]);
  });

  it("puts every node in exactly one place", () => {
    for (const by of ["team", "namespace"] as const) {
      const { clusters, loose } = clusterGraphNodes(nodes, by);
      const placed = [...clusters.flatMap((c) => c.nodeIds), ...loose];
      expect(placed.sort()).toEqual(nodes.map((n) => n.id).sort());
    }
  });

  it("leaves team nodes (the team-level view is already one node per team) unclustered", () => {
    const { clusters, loose } = clusterGraphNodes([{ id: "team:payments", kind: "team", ownerTeam: payments }], "team");
    expect(clusters).toEqual([]);
    expect(loose).toEqual(["team:payments"]);
  });

  it("a team slug and a namespace with the same name never share a cluster id", () => {
    const byTeam = clusterGraphNodes(nodes, "team").clusters.map((c) => c.id);
    const byNamespace = clusterGraphNodes(nodes, "namespace").clusters.map((c) => c.id);
    expect(byTeam.filter((id) => byNamespace.includes(id))).toEqual([]);
  });
});
