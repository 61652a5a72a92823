"use client";

import type { Node, NodeProps } from "@xyflow/react";
import { CLUSTER_STYLE } from "./graph-status-palette.ts";

export type TClusterNodeData = { label: string; count: number };
export type TClusterFlowNode = Node<TClusterNodeData, "cluster">;

/** The frame behind one team's or namespace's services when the graph is grouped. */
export function GraphClusterNode({ data }: NodeProps<TClusterFlowNode>) {
  return (
    <div className="graph-cluster" style={{ borderColor: CLUSTER_STYLE.border, background: `${CLUSTER_STYLE.fill}b3` }}>
      <span className="graph-cluster-title" style={{ color: CLUSTER_STYLE.title }}>
        {data.label} <span className="graph-cluster-count">· {data.count === 1 ? "1 service" : `${data.count} services`}</span>
      </span>
    </div>
  );
}
