/**
 * Groups the services of a graph view by owner team or by Kubernetes namespace, so a
 * large view reads as a few labelled clusters instead of one tangle. Pure: the page
 * draws a frame per cluster, build-layout-input.ts lays each cluster out on its own.
 */

export const GRAPH_CLUSTER_BY = ["team", "namespace"] as const;
export type TGraphClusterBy = (typeof GRAPH_CLUSTER_BY)[number];

export interface TClusterableNode {
  id: string;
  kind: "service" | "outside" | "team";
  ownerTeam: { slug: string; name: string } | null;
  /** The namespace of the service's workloads; null when Kubernetes has not seen it. */
  namespace?: string | null;
}

export interface TGraphCluster {
  /** `cluster:team:<slug>` or `cluster:namespace:<name>`; never a service id (services have no colon). */
  id: string;
  label: string;
  nodeIds: string[];
}

export interface TClusteredNodes {
  clusters: TGraphCluster[];
  /** Nodes drawn outside any cluster: callers outside the mesh, and team nodes (already aggregates). */
  loose: string[];
}

const NO_KEY = "~none";

function clusterOf(node: TClusterableNode, by: TGraphClusterBy): { key: string; label: string } {
  if (by === "team") return node.ownerTeam ? { key: node.ownerTeam.slug, label: node.ownerTeam.name } : { key: NO_KEY, label: "No owner team" };
  return node.namespace ? { key: node.namespace, label: `namespace ${node.namespace}` } : { key: NO_KEY, label: "No namespace seen" };
}

/** Clusters biggest first (then by label), their services in the order given. */
export function clusterGraphNodes(nodes: readonly TClusterableNode[], by: TGraphClusterBy): TClusteredNodes {
  const clusters = new Map<string, TGraphCluster>();
  const loose: string[] = [];
  for (const node of nodes) {
    if (node.kind !== "service") {
      loose.push(node.id);
      continue;
    }
    const { key, label } = clusterOf(node, by);
    const id = `cluster:${by}:${key}`;
    const cluster = clusters.get(id);
    if (cluster) cluster.nodeIds.push(node.id);
    else clusters.set(id, { id, label, nodeIds: [node.id] });
  }
  const sorted = [...clusters.values()].sort((a, b) => b.nodeIds.length - a.nodeIds.length || a.label.localeCompare(b.label, "en"));
  return { clusters: sorted, loose };
}
