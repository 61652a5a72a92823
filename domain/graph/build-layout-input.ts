import type { TGraphCluster } from "./cluster-graph-nodes.ts";

/**
 * What the layout engine is given for one view of the graph: groups of nodes (one per
 * cluster, one per unclustered node, or a single group when nothing is clustered), the
 * edges inside each group, and the edges between groups summed into one weighted edge
 * per pair. Each group is laid out on its own and the groups then placed as boxes, so a
 * cluster stays together and the calls between clusters do not pull it apart. Pure.
 */

export interface TLayoutNode {
  id: string;
  width: number;
  height: number;
}

export interface TLayoutGroup {
  id: string;
  /** The cluster's title, drawn on its frame; null for an unframed group. */
  label: string | null;
  nodes: TLayoutNode[];
  edges: { source: string; target: string }[];
}

export interface TLayoutInput {
  groups: TLayoutGroup[];
  /** Calls between groups: one edge per ordered pair, weight = how many calls it stands for. */
  groupEdges: { source: string; target: string; weight: number }[];
}

export const UNCLUSTERED_GROUP_ID = "group:all";

export function buildLayoutInput(
  nodes: readonly { id: string }[],
  edges: readonly { source: string; target: string }[],
  size: { width: number; height: number },
  clustering: { clusters: readonly TGraphCluster[]; loose: readonly string[] } | null,
): TLayoutInput {
  const known = new Set(nodes.map((n) => n.id));
  const groupOf = new Map<string, string>();
  const groups: TLayoutGroup[] = [];
  const addGroup = (id: string, label: string | null, ids: readonly string[]) => {
    const members = ids.filter((nodeId) => known.has(nodeId) && !groupOf.has(nodeId));
    if (members.length === 0) return;
    for (const nodeId of members) groupOf.set(nodeId, id);
    groups.push({ id, label, nodes: members.map((nodeId) => ({ id: nodeId, ...size })), edges: [] });
  };
  if (clustering) {
    for (const cluster of clustering.clusters) addGroup(cluster.id, cluster.label, cluster.nodeIds);
    for (const nodeId of clustering.loose) addGroup(`group:${nodeId}`, null, [nodeId]);
  }
  // Anything the clustering did not mention (or no clustering at all) is laid out unframed together.
  addGroup(UNCLUSTERED_GROUP_ID, null, nodes.map((n) => n.id));

  const byId = new Map(groups.map((g) => [g.id, g]));
  const between = new Map<string, { source: string; target: string; weight: number }>();
  const seen = new Set<string>();
  for (const edge of edges) {
    const from = groupOf.get(edge.source);
    const to = groupOf.get(edge.target);
    const key = `${edge.source}\u0000${edge.target}`;
    if (!from || !to || edge.source === edge.target || seen.has(key)) continue;
    seen.add(key);
    if (from === to) {
      byId.get(from)?.edges.push({ source: edge.source, target: edge.target });
      continue;
    }
    const pair = `${from}\u0000${to}`;
    const existing = between.get(pair);
    if (existing) existing.weight += 1;
    else between.set(pair, { source: from, target: to, weight: 1 });
  }
  return { groups, groupEdges: [...between.values()] };
}
