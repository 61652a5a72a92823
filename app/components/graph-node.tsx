"use client";

import { Handle, Position, useStore, type Node, type NodeProps } from "@xyflow/react";
import type { TGraphNode } from "@/server/graph/graph.schemas.ts";
import { formatRequestRate } from "./format.ts";
import { NODE_LABEL_MIN_ZOOM } from "./graph-style.ts";
import "./incidents.css";

export type TServiceNodeData = { node: TGraphNode; isFocus: boolean };
export type TServiceFlowNode = Node<TServiceNodeData, "service">;

const STATUS_TEXT = { healthy: "healthy", at_risk: "at risk", breached: "breached", no_data: "no data" } as const;

// Subscribing to a boolean (not the zoom itself) re-renders nodes only when labels appear or vanish.
const isZoomedIn = (state: { transform: [number, number, number] }) => state.transform[2] >= NODE_LABEL_MIN_ZOOM;

/**
 * One service on the graph, coloured by its worst SLO status (no SLOs: neutral, never
 * green). Text is dropped when zoomed far out: unreadable there, and it is what makes a
 * 300-service graph slow to pan.
 */
export function GraphServiceNode({ data }: NodeProps<TServiceFlowNode>) {
  const showLabel = useStore(isZoomedIn);
  const { node, isFocus } = data;
  const status = node.kind === "outside" ? "outside" : (node.sloStatus ?? "none");
  const owner = node.kind === "team" ? `${node.serviceCount ?? 0} services` : node.ownerTeam?.name;
  const meta = [owner, node.inboundRate !== null ? formatRequestRate(node.inboundRate) : null].filter(Boolean).join(" · ");
  const title =
    node.kind === "outside"
      ? "Callers outside the mesh (browsers, mobile apps, partners, unmeshed jobs)"
      : node.kind === "team"
        ? `Team ${node.name}: ${node.sloStatus ? `worst SLO ${STATUS_TEXT[node.sloStatus]}` : "no SLOs"}${meta ? ` · ${meta}` : ""}`
        : `${node.name}${node.tier ? ` (tier ${node.tier})` : ""}: ${node.sloStatus ? `SLO ${STATUS_TEXT[node.sloStatus]}` : "no SLOs"}${meta ? ` · ${meta}` : ""}`;
  return (
    <div className={`graph-node graph-node-${status}${isFocus ? " graph-node-focus" : ""}`} title={title} data-service={node.kind === "service" ? (node.slug ?? undefined) : undefined} data-team={node.kind === "team" ? (node.slug ?? undefined) : undefined}>
      <Handle type="target" position={Position.Left} isConnectable={false} className="graph-handle" />
      {node.openIncidents ? (
        <span className="graph-node-incident" title={`${node.openIncidents} open incident${node.openIncidents === 1 ? "" : "s"}`} data-open-incidents={node.openIncidents}>
          !
        </span>
      ) : null}
      {showLabel ? (
        <>
          <span className="graph-node-name">{node.name}</span>
          <span className="graph-node-meta">{node.kind === "outside" ? "unknown callers" : meta || "no traffic seen"}</span>
        </>
      ) : null}
      <Handle type="source" position={Position.Right} isConnectable={false} className="graph-handle" />
    </div>
  );
}
