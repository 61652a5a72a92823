import type { TGraphEdge } from "@/server/graph/graph.schemas.ts";
import { EDGE_COLOURS } from "./graph-status-palette.ts";

/** How an edge is drawn: thickness by request rate (log scale), colour by success, dashes for declared-only. */

const MIN_WIDTH = 1.25;
const MAX_WIDTH = 5;

/** Log scale against the busiest edge of the whole graph, so 1 req/s and 1,000 req/s both stay visible. */
export function edgeStrokeWidth(rate: number | null, maxRate: number | null): number {
  if (rate === null || rate <= 0 || maxRate === null || maxRate <= 0) return MIN_WIDTH;
  const share = Math.log10(1 + rate) / Math.log10(1 + maxRate);
  return MIN_WIDTH + (MAX_WIDTH - MIN_WIDTH) * Math.min(1, Math.max(0, share));
}

export { EDGE_COLOURS };

/** Below 99.9 % an edge is worth a look, below 99 % it is failing callers. */
export function edgeColour(edge: Pick<TGraphEdge, "isObserved" | "successRatio">): string {
  if (!edge.isObserved) return EDGE_COLOURS.declared;
  if (edge.successRatio === null) return EDGE_COLOURS.ok;
  if (edge.successRatio < 0.99) return EDGE_COLOURS.failing;
  if (edge.successRatio < 0.999) return EDGE_COLOURS.degraded;
  return EDGE_COLOURS.ok;
}

/** Labels are only worth their clutter on small graphs (a focused neighbourhood). */
export const EDGE_LABEL_MAX_EDGES = 24;
/** Below this zoom node text is unreadable anyway; drawing it only costs frames. */
export const NODE_LABEL_MIN_ZOOM = 0.35;
/**
 * The zoom the graph opens at, at least: node names are 15 px and details 13.5 px in graph
 * units, so at 0.9 they are 13.5 px and 12.2 px on screen (≥ 12 px, readable). A view too
 * big to fit at this zoom opens on its focus instead, and the minimap shows the rest.
 */
export const READABLE_ZOOM = 0.9;
/** A performance mark the page sets when a view is laid out and fitted; bench/graph-render.bench.ts waits for it. */
export const GRAPH_RENDERED_MARK = "plumbline:graph-rendered";
