import { z } from "zod";
import type { TSloStatus, TTeamRef } from "@/server/catalog/catalog.schemas.ts";

export const GRAPH_MAX_DEPTH = 3;
/** Up to this many services, the unfocused graph is the whole service graph; above, the team-level view. */
export const GRAPH_FULL_MAX_SERVICES = 250;
/** A focused or team view draws at most this many services (nearest hops first). */
export const GRAPH_VIEW_MAX_NODES = 250;
/** The team-level view draws at most this many team-to-team relations (the busiest). */
export const GRAPH_TEAM_VIEW_MAX_EDGES = 300;
/** The team-level view draws at most this many teams: those of the busiest relations first, then the largest. */
export const GRAPH_TEAM_VIEW_MAX_TEAMS = 250;

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
  /** A team's services and the calls between them (ignored with `focus`). */
  team: z
    .string()
    .trim()
    .regex(/^[a-z0-9][a-z0-9-]*$/, "team must be a team slug such as payments")
    .optional(),
  /** `teams`: the team-level view whatever the organization's size. */
  view: z.enum(["teams"]).optional(),
});
export type TServiceGraphQuery = z.infer<typeof ZServiceGraphQuery>;

export interface TGraphNode {
  /** The service slug, "~outside" for callers outside the mesh, or "team:<slug>" in the team-level view. */
  id: string;
  kind: "service" | "outside" | "team";
  slug: string | null;
  name: string;
  tier: number | null;
  ownerTeam: TTeamRef | null;
  /** Worst SLO status; null when the service has no SLOs (drawn neutral, not healthy). */
  sloStatus: TSloStatus | null;
  inboundRate: number | null;
  /** Kubernetes namespace of the service's workloads (first by name), for grouping; null when none seen. */
  namespace?: string | null;
  /** Team nodes: how many services the team owns. */
  serviceCount?: number;
  /** Service nodes with open or mitigated incidents: how many (absent when none). */
  openIncidents?: number;
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
  /** Team-level view: how many service-to-service calls this relation stands for. */
  callCount?: number;
}

export interface TServiceGraph {
  nodes: TGraphNode[];
  edges: TGraphEdge[];
  /**
   * What is drawn: `all` (a small organization's whole graph), `focus` (a service's
   * neighbourhood), `team` (one team's services), `teams` (teams and the calls between them).
   */
  view: "all" | "focus" | "team" | "teams";
  focus: string | null;
  team: string | null;
  depth: number;
  /** Some services, teams or relations were left out to keep the view bounded (GRAPH_VIEW_MAX_NODES, GRAPH_TEAM_VIEW_MAX_EDGES, GRAPH_TEAM_VIEW_MAX_TEAMS). */
  truncated: boolean;
  /** Team-level view: how many teams the organization has (services without a team count as one); the drawn ones are its team nodes. */
  teamTotal?: number;
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
