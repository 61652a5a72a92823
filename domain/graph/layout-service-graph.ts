import dagre from "@dagrejs/dagre";

export const GRAPH_NODE_WIDTH = 176;
export const GRAPH_NODE_HEIGHT = 50;
const NODE_GAP = 16;
const RANK_GAP = 72;

/**
 * Above this many nodes or edges, layoutLayeredFast. dagre runs on the request's event
 * loop: measured on the 2-core build machine it takes ~1 s at 30 nodes / 60 edges and
 * 3 s at 60 / 120 (cached per topology afterwards, but the first request stalls every
 * other one, the deploy gate's too), while the layered layout takes < 20 ms at 250 / 2,000.
 */
export const DAGRE_MAX_NODES = 40;
export const DAGRE_MAX_EDGES = 100;
/** Above this, the cheaper longest-path ranker (network simplex grows steeply). */
const NETWORK_SIMPLEX_MAX_NODES = 120;

export interface TNodePosition {
  /** Top-left corner, as React Flow places nodes (dagre reports centres). */
  x: number;
  y: number;
}

export interface TGraphLayout {
  positions: Map<string, TNodePosition>;
  engine: "dagre" | "layered-fast";
}

/**
 * Left-to-right layered layout (callers left of callees). Positions depend only on the
 * topology, so callers cache them by a topology key: rates change every few seconds, the
 * shape of the graph rarely. dagre up to DAGRE_MAX_NODES (its crossing minimisation is
 * what makes the picture readable, and what costs seconds at a few hundred nodes); above
 * that a linear-time layering with barycentre ordering, less pretty but instant.
 */
export function layoutServiceGraph(nodeIds: readonly string[], edges: readonly { source: string; target: string }[]): TGraphLayout {
  const known = new Set(nodeIds);
  const usable = edges.filter((e) => e.source !== e.target && known.has(e.source) && known.has(e.target));
  if (nodeIds.length > DAGRE_MAX_NODES || usable.length > DAGRE_MAX_EDGES) return { positions: layoutLayeredFast(nodeIds, usable), engine: "layered-fast" };

  const graph = new dagre.graphlib.Graph({ multigraph: false });
  graph.setGraph({
    rankdir: "LR",
    nodesep: NODE_GAP,
    ranksep: RANK_GAP,
    edgesep: 8,
    marginx: 16,
    marginy: 16,
    ranker: nodeIds.length > NETWORK_SIMPLEX_MAX_NODES ? "longest-path" : "network-simplex",
  });
  graph.setDefaultEdgeLabel(() => ({}));
  for (const id of nodeIds) graph.setNode(id, { width: GRAPH_NODE_WIDTH, height: GRAPH_NODE_HEIGHT });
  for (const edge of usable) graph.setEdge(edge.source, edge.target);
  dagre.layout(graph);
  const positions = new Map<string, TNodePosition>();
  for (const id of nodeIds) {
    const node = graph.node(id);
    positions.set(id, { x: Math.round(node.x - GRAPH_NODE_WIDTH / 2), y: Math.round(node.y - GRAPH_NODE_HEIGHT / 2) });
  }
  return { positions, engine: "dagre" };
}

/**
 * Layers by longest path from the callers-of-nobody (edges closing a cycle are ignored),
 * then orders each layer by the mean position of its callers, sweeping twice. O(V + E)
 * per sweep.
 */
export function layoutLayeredFast(
  nodeIds: readonly string[],
  edges: readonly { source: string; target: string }[],
  size: { width: number; height: number } = { width: GRAPH_NODE_WIDTH, height: GRAPH_NODE_HEIGHT },
): Map<string, TNodePosition> {
  const index = new Map(nodeIds.map((id, i) => [id, i]));
  const out: number[][] = nodeIds.map(() => []);
  const inn: number[][] = nodeIds.map(() => []);
  for (const edge of edges) {
    const s = index.get(edge.source);
    const t = index.get(edge.target);
    if (s === undefined || t === undefined) continue;
    out[s]?.push(t);
    inn[t]?.push(s);
  }
  // Kahn's order; nodes left in cycles are appended in input order and their back edges ignored.
  const indegree = inn.map((list) => list.length);
  const order: number[] = [];
  const placed = new Uint8Array(nodeIds.length);
  for (let i = 0; i < nodeIds.length; i += 1) if (indegree[i] === 0) order.push(i);
  for (let k = 0; k < order.length; k += 1) {
    const node = order[k] as number;
    placed[node] = 1;
    for (const next of out[node] ?? []) {
      indegree[next] = (indegree[next] ?? 0) - 1;
      if (indegree[next] === 0) order.push(next);
    }
  }
  for (let i = 0; i < nodeIds.length; i += 1) if (!placed[i]) order.push(i);
  const position = new Int32Array(nodeIds.length);
  order.forEach((node, k) => {
    position[node] = k;
  });
  const rank = new Int32Array(nodeIds.length);
  for (const node of order) {
    for (const prev of inn[node] ?? []) {
      if ((position[prev] ?? 0) < (position[node] ?? 0)) rank[node] = Math.max(rank[node] ?? 0, (rank[prev] ?? 0) + 1);
    }
  }
  const layers: number[][] = [];
  for (const node of order) (layers[rank[node] ?? 0] ??= []).push(node);
  const slot = new Float64Array(nodeIds.length);
  for (const layer of layers) layer?.forEach((node, i) => (slot[node] = i));
  for (let sweep = 0; sweep < 2; sweep += 1) {
    for (const layer of layers) {
      if (!layer) continue;
      const key = (node: number) => {
        const preds = inn[node] ?? [];
        return preds.length ? preds.reduce((sum, p) => sum + (slot[p] ?? 0), 0) / preds.length : (slot[node] ?? 0);
      };
      const keys = new Map(layer.map((node) => [node, key(node)]));
      layer.sort((a, b) => (keys.get(a) ?? 0) - (keys.get(b) ?? 0));
      layer.forEach((node, i) => (slot[node] = i));
    }
  }
  const tallest = Math.max(1, ...layers.map((layer) => layer?.length ?? 0));
  const positions = new Map<string, TNodePosition>();
  layers.forEach((layer, r) => {
    // Centre each layer against the tallest one, as dagre does.
    const offset = ((tallest - layer.length) * (size.height + NODE_GAP)) / 2;
    layer.forEach((node, i) => {
      positions.set(nodeIds[node] as string, { x: 16 + r * (size.width + RANK_GAP), y: Math.round(16 + offset + i * (size.height + NODE_GAP)) });
    });
  });
  return positions;
}
