import { presentSloStatus } from "@/domain/slo/slo-status-vocabulary.ts";
import type { TSloStatusValue } from "@/domain/graph/slo-status-order.ts";

/**
 * Every colour and status word the service graph uses, in one place, so the status
 * vocabulary (healthy / at risk / breached / no data) and its colours can be swapped
 * together. Each status has a word (colour is never the only signal), a pale fill, and a
 * strong border/stripe; graph-status-palette.test.ts checks the WCAG AA contrast of
 * every pair a reader depends on. The words are the SLO status values' (DESIGN.md,
 * "Second wave"); once the shared vocabulary is in domain/, take them from it here.
 */

/** A node's key: its worst SLO status, `none` (no SLOs defined: neutral, never green), or `outside` the mesh. */
export type TGraphStatusKey = TSloStatusValue | "none" | "outside";

export interface TGraphStatusStyle {
  /** The word shown on the node and in the legend. */
  word: string;
  fill: string;
  /** Border and the thick left stripe: the colour a reader scans for. */
  stripe: string;
  isDashed: boolean;
}

/** `.graph-canvas` background (--surface-muted) and the legend's (--surface). */
export const GRAPH_CANVAS_BACKGROUND = "#f9fafb";
export const GRAPH_LEGEND_BACKGROUND = "#ffffff";
/** Node name and the line under it. */
export const GRAPH_NODE_TEXT = "#101828";
export const GRAPH_NODE_META_TEXT = "#344054";

export const GRAPH_STATUS_STYLES: Record<TGraphStatusKey, TGraphStatusStyle> = {
  breached: { word: presentSloStatus("breached").word, fill: "#fee4e2", stripe: "#b42318", isDashed: false },
  at_risk: { word: presentSloStatus("at_risk").word, fill: "#fef0c7", stripe: "#b54708", isDashed: false },
  no_data: { word: presentSloStatus("no_data").word, fill: "#eaecf0", stripe: "#475467", isDashed: true },
  healthy: { word: presentSloStatus("healthy").word, fill: "#d1fadf", stripe: "#067647", isDashed: false },
  none: { word: "no SLOs", fill: "#ffffff", stripe: "#667085", isDashed: false },
  outside: { word: "outside the mesh", fill: GRAPH_CANVAS_BACKGROUND, stripe: "#667085", isDashed: true },
};

/** Legend order: worst first, as a reader triages. */
export const GRAPH_LEGEND_STATUSES: readonly TGraphStatusKey[] = ["breached", "at_risk", "no_data", "healthy", "none"];

export function graphStatusKey(node: { kind: "service" | "outside" | "team"; sloStatus: TSloStatusValue | null }): TGraphStatusKey {
  if (node.kind === "outside") return "outside";
  return node.sloStatus ?? "none";
}

/** Edge colours by the caller's success ratio; each stands out from the canvas (≥ 3:1). */
export const EDGE_COLOURS = {
  ok: "#667085",
  degraded: "#b54708",
  failing: "#d92d20",
  /** Declared in the catalog, never observed: dashed as well, so not told by colour alone. */
  declared: "#7d8696",
} as const;

/** Cluster frames (group by team or namespace): a quiet outline and a readable title. */
export const CLUSTER_STYLE = { border: "#98a2b3", fill: "#f2f4f7", title: "#344054" } as const;
