"use client";

import { Handle, Position, useStore, type Node, type NodeProps } from "@xyflow/react";
import type { TGraphNode } from "@/server/graph/graph.schemas.ts";
import { formatRequestRate } from "./format.ts";
import { GRAPH_NODE_META_TEXT, GRAPH_NODE_TEXT, GRAPH_STATUS_STYLES, graphStatusKey } from "./graph-status-palette.ts";
import { NODE_LABEL_MIN_ZOOM } from "./graph-style.ts";
import "./incidents.css";

export type TServiceNodeData = { node: TGraphNode; isFocus: boolean };
export type TServiceFlowNode = Node<TServiceNodeData, "service">;

// Subscribing to a boolean (not the zoom itself) re-renders nodes only when labels appear or vanish.
const isZoomedIn = (state: { transform: [number, number, number] }) => state.transform[2] >= NODE_LABEL_MIN_ZOOM;

/**
 * One service (or team) on the graph: its name, then its status in words, owner and
 * inbound rate; coloured by its worst SLO status (no SLOs: neutral, never green) from
 * graph-status-palette.ts. Text is dropped when zoomed far out: unreadable there, and
 * it is what makes a large view slow to pan.
 */
export function GraphServiceNode({ data }: NodeProps<TServiceFlowNode>) {
  const showLabel = useStore(isZoomedIn);
  const { node, isFocus } = data;
  const key = graphStatusKey(node);
  const style = GRAPH_STATUS_STYLES[key];
  const owner = node.kind === "team" ? `${node.serviceCount ?? 0} services` : node.ownerTeam?.name;
  const rate = node.inboundRate !== null ? formatRequestRate(node.inboundRate) : null;
  const meta = node.kind === "outside" ? "unknown callers" : [style.word, owner, rate].filter(Boolean).join(" · ");
  const title =
    node.kind === "outside"
      ? "Callers outside the mesh (browsers, mobile apps, partners, unmeshed jobs)"
      : `${node.kind === "team" ? `Team ${node.name}` : node.name}${node.tier ? ` (tier ${node.tier})` : ""}: ${meta}`;
  return (
    <div
      className={`graph-node graph-node-${key}${isFocus ? " graph-node-focus" : ""}`}
      style={{ background: style.fill, borderColor: style.stripe, borderStyle: style.isDashed ? "dashed" : "solid", borderLeftStyle: "solid" }}
      title={title}
      data-status={key}
      data-service={node.kind === "service" ? (node.slug ?? undefined) : undefined}
      data-team={node.kind === "team" ? (node.slug ?? undefined) : undefined}
    >
      <Handle type="target" position={Position.Left} isConnectable={false} className="graph-handle" />
      {node.openIncidents ? (
        <span className="graph-node-incident" title={`${node.openIncidents} open incident${node.openIncidents === 1 ? "" : "s"}`} data-open-incidents={node.openIncidents}>
          !
        </span>
      ) : null}
      {showLabel ? (
        <>
          <span className="graph-node-name" style={{ color: GRAPH_NODE_TEXT }}>
            {node.name}
          </span>
          <span className="graph-node-meta" style={{ color: GRAPH_NODE_META_TEXT }}>
            {meta}
          </span>
        </>
      ) : null}
      <Handle type="source" position={Position.Right} isConnectable={false} className="graph-handle" />
    </div>
  );
}
