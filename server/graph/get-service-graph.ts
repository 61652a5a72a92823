import { buildServiceGraph, focusServiceGraph, type TGraphModel } from "@/domain/graph/build-service-graph.ts";
import { GRAPH_NODE_HEIGHT, GRAPH_NODE_WIDTH, layoutServiceGraph, type TGraphLayout } from "@/domain/graph/layout-service-graph.ts";
import { simulatorState } from "@/server/demo/demo-faults.ts";
import { findServiceGraphRows } from "./graph.repository.ts";
import type { TServiceGraph, TServiceGraphQuery } from "./graph.schemas.ts";

// Layouts by topology: a few seconds for hundreds of nodes, and the topology changes far
// less often than the rates drawn on it. Keyed by organization and the exact node and
// edge ids, so nothing is shared across tenants or served for a different shape.
const LAYOUT_CACHE_SIZE = 32;
const LAYOUT_CACHE_KEY = Symbol.for("plumbline.graph.layouts");
type GlobalWithLayouts = typeof globalThis & { [LAYOUT_CACHE_KEY]?: Map<string, TGraphLayout> };

function cachedLayout(organizationId: string, graph: TGraphModel): TGraphLayout {
  const g = globalThis as GlobalWithLayouts;
  const cache = (g[LAYOUT_CACHE_KEY] ??= new Map());
  const key = `${organizationId}|${graph.nodes.map((n) => n.id).join(",")}|${graph.edges.map((e) => e.id).join(",")}`;
  const hit = cache.get(key);
  if (hit) {
    // Refresh its place: a Map iterates in insertion order, so the first key is the least recently used.
    cache.delete(key);
    cache.set(key, hit);
    return hit;
  }
  const layout = layoutServiceGraph(
    graph.nodes.map((n) => n.id),
    graph.edges,
  );
  cache.set(key, layout);
  if (cache.size > LAYOUT_CACHE_SIZE) cache.delete(cache.keys().next().value as string);
  return layout;
}

/**
 * The /graph page's data: the whole organization's service graph, or the neighbourhood
 * of `focus` (callers and callees up to `depth` hops), laid out left to right. Null when
 * the focus names no service.
 */
export async function getServiceGraph(organizationId: string, query: TServiceGraphQuery, now = new Date()): Promise<TServiceGraph | null> {
  const rows = await findServiceGraphRows(organizationId);
  const full = buildServiceGraph(rows.services, rows.edges);
  if (query.focus !== undefined && !full.nodes.some((n) => n.id === query.focus)) return null;
  const shown = query.focus === undefined ? full : focusServiceGraph(full, query.focus, query.depth);
  const layout = cachedLayout(organizationId, shown);
  const rates = full.edges.map((e) => e.requestRate).filter((r): r is number => r !== null);
  return {
    nodes: shown.nodes.map((node) => {
      const position = layout.positions.get(node.id) ?? { x: 0, y: 0 };
      return { ...node, ...position, width: GRAPH_NODE_WIDTH, height: GRAPH_NODE_HEIGHT };
    }),
    edges: shown.edges,
    focus: query.focus ?? null,
    depth: query.depth,
    totals: { services: full.nodes.filter((n) => n.kind === "service").length, edges: full.edges.length },
    maxRequestRate: rates.length ? Math.max(...rates) : null,
    isStale: full.edges.some((e) => e.isStale),
    isSimulated: simulatorState().active,
    layoutEngine: layout.engine,
    generatedAt: now.toISOString(),
  };
}
