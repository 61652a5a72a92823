"use client";

import "@xyflow/react/dist/style.css";
import { Background, Controls, MarkerType, MiniMap, ReactFlow, type Edge } from "@xyflow/react";
import { useMemo } from "react";
import type { TGraphEdge, TServiceGraph } from "@/server/graph/graph.schemas.ts";
import { formatLatencyMs, formatRequestRate, formatSuccessRatio } from "./format.ts";
import { GraphServiceNode, type TServiceFlowNode } from "./graph-node.tsx";
import { EDGE_LABEL_MAX_EDGES, edgeColour, edgeStrokeWidth } from "./graph-style.ts";

// Stable across renders, as React Flow asks: a new object would remount every node.
const NODE_TYPES = { service: GraphServiceNode };
/** A small graph fits the screen; the minimap only earns its space on big ones. */
const MINIMAP_MIN_NODES = 60;
const MINIMAP_COLOURS: Record<string, string> = {
  healthy: "#75e0a7",
  at_risk: "#fec84b",
  breached: "#f97066",
  no_data: "#d0d5dd",
};

/**
 * The graph itself. Positions come from the server (dagre, cached by topology), so the
 * browser only draws; with `onlyRenderVisibleElements` a few hundred services pan
 * smoothly. Clicking a service focuses the graph on it.
 */
export function GraphCanvas({
  graph,
  onFocus,
  onTeam,
}: {
  graph: TServiceGraph;
  onFocus: (slug: string) => void;
  onTeam: (slug: string) => void;
}) {
  const nodes = useMemo<TServiceFlowNode[]>(
    () =>
      graph.nodes.map((node) => ({
        id: node.id,
        type: "service",
        position: { x: node.x, y: node.y },
        width: node.width,
        height: node.height,
        data: { node, isFocus: node.id === graph.focus },
        draggable: false,
        selectable: node.kind !== "outside",
        ariaLabel: node.kind === "outside" ? "Callers outside the mesh" : node.kind === "team" ? `Team ${node.name}` : `Service ${node.name}`,
      })),
    [graph.nodes, graph.focus],
  );
  // Keyed on the edges, nodes and scale only (not the whole answer, which is new on every
  // refetch), and names looked up in a map: the old per-edge scans of every node and edge
  // made this memo quadratic, 66 % of a large graph's render.
  const { edges: graphEdges, nodes: graphNodes, maxRequestRate } = graph;
  const edges = useMemo<Edge[]>(() => {
    const showLabels = graphEdges.length <= EDGE_LABEL_MAX_EDGES;
    const names = new Map(graphNodes.map((node) => [node.id, node.name]));
    return graphEdges.map((edge) => {
      const colour = edgeColour(edge);
      const label = showLabels && edge.isObserved && edge.requestRate !== null ? formatRequestRate(edge.requestRate) : undefined;
      return {
        id: edge.id,
        source: edge.source,
        target: edge.target,
        type: "default",
        focusable: false,
        className: edge.isObserved ? "graph-edge-mesh" : "graph-edge-declared",
        style: {
          stroke: colour,
          strokeWidth: edgeStrokeWidth(edge.requestRate, maxRequestRate),
          strokeDasharray: edge.isObserved ? undefined : "6 5",
          opacity: edge.isStale ? 0.45 : 1,
        },
        // Fixed-size arrowheads: in stroke-width units a busy edge would get a huge one.
        markerEnd: { type: MarkerType.ArrowClosed, color: colour, width: 16, height: 16, markerUnits: "userSpaceOnUse" },
        label,
        labelStyle: { fontSize: 11, fill: "#475467" },
        labelBgStyle: { fill: "#ffffff", fillOpacity: 0.85 },
        labelBgPadding: [4, 2] as [number, number],
        ariaLabel: edgeDescription(edge, names),
      };
    });
  }, [graphEdges, graphNodes, maxRequestRate]);

  return (
    <div className="graph-canvas" data-testid="service-graph">
      <ReactFlow
        // Remount when the view (not the numbers) changes, so it fits the new neighbourhood.
        key={`${graph.view}|${graph.focus ?? graph.team ?? "all"}|${graph.depth}`}
        nodes={nodes}
        edges={edges}
        nodeTypes={NODE_TYPES}
        fitView
        fitViewOptions={{ padding: 0.12, maxZoom: 1.1 }}
        minZoom={0.05}
        maxZoom={2}
        nodesDraggable={false}
        nodesConnectable={false}
        edgesFocusable={false}
        onlyRenderVisibleElements
        onNodeClick={(_, node) => {
          const clicked = node.data.node;
          if (clicked.kind === "service" && clicked.slug) onFocus(clicked.slug);
          else if (clicked.kind === "team" && clicked.slug) onTeam(clicked.slug);
        }}
        proOptions={{ hideAttribution: true }}
      >
        <Background gap={24} size={1} color="#e4e7ec" />
        <Controls showInteractive={false} position="bottom-right" />
        {graph.nodes.length > MINIMAP_MIN_NODES ? (
          <MiniMap
            pannable
            zoomable
            position="bottom-left"
            nodeColor={(node) => MINIMAP_COLOURS[String((node.data as { node?: { sloStatus?: string | null } }).node?.sloStatus)] ?? "#e4e7ec"}
            maskColor="rgb(246 247 249 / 0.7)"
          />
        ) : null}
      </ReactFlow>
    </div>
  );
}

function edgeDescription(edge: TGraphEdge, names: ReadonlyMap<string, string>): string {
  const from = names.get(edge.source) ?? edge.source;
  const to = names.get(edge.target) ?? edge.target;
  const calls = edge.callCount !== undefined ? ` (${edge.callCount} ${edge.callCount === 1 ? "call relation" : "call relations"})` : "";
  if (!edge.isObserved) return `${from} calls ${to}${calls} (declared, no traffic observed)`;
  return `${from} calls ${to}${calls}: ${formatRequestRate(edge.requestRate)}, ${formatSuccessRatio(edge.successRatio)} success, p99 ${formatLatencyMs(edge.latencyP99Ms)}${edge.isDeclared ? ", also declared" : ""}`;
}
