import { z } from "zod";
import type { TSloStatus, TTeamRef } from "@/server/catalog/catalog.schemas.ts";

export const GRAPH_MAX_DEPTH = 3;

export const ZServiceGraphQuery = z.object({
  focus: z
    .string()
    .trim()
    .regex(/^[a-z0-9][a-z0-9-]*$/, "focus must be a service slug such as payments")
    .optional(),
  depth: z.coerce
    .number()
    .int("depth must be 1, 2 or 3")
    .min(1, "depth must be 1, 2 or 3")
    .max(GRAPH_MAX_DEPTH, "depth must be 1, 2 or 3")
    .default(2),
});
export type TServiceGraphQuery = z.infer<typeof ZServiceGraphQuery>;

export interface TGraphNode {
  /** The service slug, or "~outside" for callers outside the mesh. */
  id: string;
  kind: "service" | "outside";
  slug: string | null;
  name: string;
  tier: number | null;
  ownerTeam: TTeamRef | null;
  /** Worst SLO status; null when the service has no SLOs (drawn neutral, not healthy). */
  sloStatus: TSloStatus | null;
  inboundRate: number | null;
  /** Top-left corner in graph coordinates (server-side layout). */
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface TGraphEdge {
  id: string;
  source: string;
  target: string;
  /** Seen in mesh traffic; rate, success and p99 are the mesh's. */
  isObserved: boolean;
  /** Declared in the catalog. Declared but not observed is drawn dashed. */
  isDeclared: boolean;
  requestRate: number | null;
  successRatio: number | null;
  latencyP99Ms: number | null;
  isStale: boolean;
}

export interface TServiceGraph {
  nodes: TGraphNode[];
  edges: TGraphEdge[];
  focus: string | null;
  depth: number;
  /** The whole organization's graph, whatever the focus. */
  totals: { services: number; edges: number };
  /** Highest edge rate in the whole graph, so thickness does not jump when focusing. */
  maxRequestRate: number | null;
  /** Some mesh data is stale: the numbers are the last ones known. */
  isStale: boolean;
  /** The mesh numbers come from the demo's simulator, not a real mesh. */
  isSimulated: boolean;
  layoutEngine: "dagre" | "layered-fast";
  generatedAt: string;
}
