import { buildLayoutInput } from "@/domain/graph/build-layout-input.ts";
import { clusterGraphNodes, type TGraphClusterBy } from "@/domain/graph/cluster-graph-nodes.ts";
import { layoutGroupedGraph, type TGroupedLayout } from "@/domain/graph/layout-grouped-graph.ts";
import type { TServiceGraph } from "@/server/graph/graph.schemas.ts";

/** Node size on the page, in graph units: room for a 15 px name (graph-node.tsx). */
export const NODE_WIDTH = 240;
export const NODE_HEIGHT = 60;

export interface TClientLayout extends TGroupedLayout {
  /** Cluster id → how many services it frames. */
  counts: Map<string, number>;
  /** How long the layout took in this browser, for the page's data attribute and the bench. */
  millis: number;
}

/**
 * The page lays the view out itself (the server's positions are kept for API users):
 * the layout is the costliest step, and the browser has a core of its own while the
 * server's event loop is shared with the deploy gate.
 */
export function layoutForPage(graph: Pick<TServiceGraph, "nodes" | "edges">, clusterBy: TGraphClusterBy | null): TClientLayout {
  const started = performance.now();
  const clustering = clusterBy === null ? null : clusterGraphNodes(graph.nodes, clusterBy);
  const layout = layoutGroupedGraph(buildLayoutInput(graph.nodes, graph.edges, { width: NODE_WIDTH, height: NODE_HEIGHT }, clustering));
  const counts = new Map((clustering?.clusters ?? []).map((c) => [c.id, c.nodeIds.length]));
  return { ...layout, counts, millis: performance.now() - started };
}
