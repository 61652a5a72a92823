"use client";

import "@xyflow/react/dist/style.css";
import { Background, Controls, MarkerType, MiniMap, ReactFlow, type Edge } from "@xyflow/react";
import { useEffect, useMemo, useSyncExternalStore } from "react";
import type { TGraphClusterBy } from "@/domain/graph/cluster-graph-nodes.ts";
import type { TGraphEdge, TServiceGraph } from "@/server/graph/graph.schemas.ts";
import { formatLatencyMs, formatRequestRate, formatSuccessRatio } from "./format.ts";
import { layoutForPage, NODE_HEIGHT, NODE_WIDTH, type TClientLayout } from "./graph-client-layout.ts";
import { GraphClusterNode, type TClusterFlowNode } from "./graph-cluster-node.tsx";
import { GraphServiceNode, type TServiceFlowNode } from "./graph-node.tsx";
import { GRAPH_STATUS_STYLES, graphStatusKey } from "./graph-status-palette.ts";
import { EDGE_LABEL_MAX_EDGES, edgeColour, edgeStrokeWidth, GRAPH_RENDERED_MARK, READABLE_ZOOM } from "./graph-style.ts";

// Stable across renders, as React Flow asks: a new object would remount every node.
const NODE_TYPES = { service: GraphServiceNode, cluster: GraphClusterNode };
/** At a readable zoom most views are bigger than the screen: the minimap shows where you are. */
const MINIMAP_MIN_NODES = 12;
/**
 * Up to this many nodes and edges every one is in the DOM (tests and screen readers see
 * them all); above, only those in view. Edges count too: the bench measured a 60-node,
 * 250-edge view panning at p95 83–100 ms with every edge drawn.
 */
const RENDER_ALL_MAX_NODES = 100;
const RENDER_ALL_MAX_EDGES = 150;

type TFlowNode = TServiceFlowNode | TClusterFlowNode;

const EMPTY_LAYOUT: TClientLayout = { positions: new Map(), groups: [], counts: new Map(), millis: 0 };

const subscribeNever = () => () => {};
/** False while the server renders the page, true in the browser (without a hydration mismatch). */
function useIsBrowser(): boolean {
  return useSyncExternalStore(
    subscribeNever,
    () => true,
    () => false,
  );
}

/**
 * The graph itself, drawn by React Flow from a layout made here in the browser
 * (graph-client-layout.ts: dagre, grouped by team or namespace when asked). It opens at
 * a zoom where names are readable (READABLE_ZOOM, ≥ 12 px on screen): a view that fits
 * the screen at that zoom is fitted, a bigger one opens on its focus (or its middle) and
 * the minimap shows the rest. Clicking a service focuses the graph on it.
 */
export function GraphCanvas({
  graph,
  clusterBy,
  onFocus,
  onTeam,
}: {
  graph: TServiceGraph;
  clusterBy: TGraphClusterBy | null;
  onFocus: (slug: string) => void;
  onTeam: (slug: string) => void;
}) {
  const { edges: graphEdges, nodes: graphNodes, maxRequestRate, focus } = graph;
  // Laid out again only when the shape changes (ids), not on every refetch of the numbers.
  const topology = useMemo(() => `${graphNodes.map((n) => n.id).join(",")}|${graphEdges.map((e) => e.id).join(",")}`, [graphNodes, graphEdges]);
  // Only in the browser: laying out on the server would hold its event loop (shared with
  // the deploy gate) for up to a second at 100 services.
  const isBrowser = useIsBrowser();
  const layout = useMemo(
    () => (isBrowser ? layoutForPage({ nodes: graphNodes, edges: graphEdges }, clusterBy) : EMPTY_LAYOUT),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- keyed on the topology string on purpose: the numbers change every refetch, the shape rarely
    [topology, clusterBy, isBrowser],
  );

  // The server renders only the skeleton below (the layout is made in the browser): React
  // Flow's node and edge objects would be built there for nothing, on the event loop the
  // deploy gate shares (hundreds of KB of garbage per render of a large view).
  const nodes = useMemo<TFlowNode[]>(() => {
    if (!isBrowser) return [];
    const frames: TClusterFlowNode[] = layout.groups.map((group) => ({
      id: group.id,
      type: "cluster",
      position: { x: group.x, y: group.y },
      width: group.width,
      height: group.height,
      data: { label: group.label ?? "", count: layout.counts.get(group.id) ?? 0 },
      draggable: false,
      selectable: false,
      focusable: false,
      zIndex: -1,
      ariaLabel: `Group ${group.label ?? ""}`,
    }));
    const services: TServiceFlowNode[] = graphNodes.map((node) => ({
      id: node.id,
      type: "service",
      position: layout.positions.get(node.id) ?? { x: 0, y: 0 },
      width: NODE_WIDTH,
      height: NODE_HEIGHT,
      data: { node, isFocus: node.id === focus },
      draggable: false,
      selectable: node.kind !== "outside",
      ariaLabel: node.kind === "outside" ? "Callers outside the mesh" : node.kind === "team" ? `Team ${node.name}` : `Service ${node.name}`,
    }));
    return [...frames, ...services];
  }, [graphNodes, focus, layout, isBrowser]);
  // Keyed on the edges, nodes and scale only (not the whole answer, which is new on every
  // refetch), and names looked up in a map: the old per-edge scans of every node and edge
  // made this memo quadratic, 66 % of a large graph's render.
  const edges = useMemo<Edge[]>(() => {
    if (!isBrowser) return [];
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
        labelStyle: { fontSize: 13, fill: "#344054" },
        labelBgStyle: { fill: "#ffffff", fillOpacity: 0.9 },
        labelBgPadding: [4, 2] as [number, number],
        ariaLabel: edgeDescription(edge, names),
      };
    });
  }, [graphEdges, graphNodes, maxRequestRate, isBrowser]);

  // Open on the focus and its direct neighbours when the whole view cannot be read at once.
  const fitNodes = useMemo(() => {
    if (!focus || !isBrowser) return undefined;
    const near = new Set([focus]);
    for (const edge of graphEdges) {
      if (edge.source === focus) near.add(edge.target);
      if (edge.target === focus) near.add(edge.source);
    }
    return [...near].map((id) => ({ id }));
  }, [focus, graphEdges, isBrowser]);

  const viewKey = `${graph.view}|${focus ?? graph.team ?? "all"}|${graph.depth}|${clusterBy ?? "none"}`;
  useEffect(() => {
    // Reset per view so the bench and tests can wait for this view's first frame.
    performance.clearMarks(GRAPH_RENDERED_MARK);
  }, [viewKey]);

  if (!isBrowser) {
    return (
      <div className="graph-canvas graph-canvas-loading" aria-busy="true" aria-label="Laying out the service graph">
        <span className="skeleton graph-skeleton" />
      </div>
    );
  }
  return (
    <div className="graph-canvas" data-testid="service-graph" data-layout-ms={Math.round(layout.millis)} data-view={viewKey}>
      <ReactFlow<TFlowNode>
        // Remount when the view (not the numbers) changes, so it fits the new neighbourhood.
        key={viewKey}
        nodes={nodes}
        edges={edges}
        nodeTypes={NODE_TYPES}
        fitView
        fitViewOptions={{ padding: 0.08, minZoom: READABLE_ZOOM, maxZoom: 1.1, nodes: fitNodes }}
        minZoom={0.05}
        maxZoom={2}
        nodesDraggable={false}
        nodesConnectable={false}
        edgesFocusable={false}
        onlyRenderVisibleElements={graphNodes.length > RENDER_ALL_MAX_NODES || graphEdges.length > RENDER_ALL_MAX_EDGES}
        onInit={() => requestAnimationFrame(() => performance.mark(GRAPH_RENDERED_MARK))}
        onNodeClick={(_, node) => {
          if (node.type !== "service") return;
          const clicked = (node as TServiceFlowNode).data.node;
          if (clicked.kind === "service" && clicked.slug) onFocus(clicked.slug);
          else if (clicked.kind === "team" && clicked.slug) onTeam(clicked.slug);
        }}
        proOptions={{ hideAttribution: true }}
      >
        <Background gap={24} size={1} color="#e4e7ec" />
        <Controls showInteractive={false} position="bottom-right" />
        {graphNodes.length > MINIMAP_MIN_NODES ? (
          <MiniMap<TFlowNode>
            pannable
            zoomable
            position="bottom-left"
            nodeColor={(node) => (node.type === "service" ? GRAPH_STATUS_STYLES[graphStatusKey((node as TServiceFlowNode).data.node)].stripe : "#e4e7ec")}
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
