import { countDependencies } from "@/server/catalog/catalog-dependencies.repository.ts";
import { countActiveIncidents } from "@/server/incidents/count-active-incidents.ts";
import { buildServiceGraph, focusServiceGraph, OUTSIDE_NODE_ID, type TGraphModel, type TGraphNodeModel } from "@/domain/graph/build-service-graph.ts";
import { GRAPH_NODE_HEIGHT, GRAPH_NODE_WIDTH, layoutServiceGraph, type TGraphLayout } from "@/domain/graph/layout-service-graph.ts";
import { simulatorState } from "@/server/demo/demo-faults.ts";
import type { TSloStatusValue } from "@/domain/graph/slo-status-order.ts";
import { selectTeamView } from "@/domain/graph/select-team-view.ts";
import { sharedAggregate } from "./graph-aggregate-cache.ts";
import { findGraphTotals, findTeamGraphRows, type TTeamGraphEdgeRow, type TTeamGraphNodeRow } from "./graph-aggregates.repository.ts";
import { findNeighbourhoodIds, findServiceGraphRows, findServiceGraphRowsAmong, findServiceIdBySlug, findTeamServiceIds } from "./graph.repository.ts";
import {
  GRAPH_FULL_MAX_SERVICES,
  GRAPH_TEAM_VIEW_MAX_EDGES,
  GRAPH_TEAM_VIEW_MAX_TEAMS,
  GRAPH_VIEW_MAX_NODES,
  type TGraphNode,
  type TServiceGraph,
  type TServiceGraphQuery,
} from "./graph.schemas.ts";

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

const RANK_STATUS: readonly TSloStatusValue[] = ["healthy", "at_risk", "no_data", "breached"];
const NO_TEAM = "~none";

function teamNodeId(slug: string | null): string {
  return slug === OUTSIDE_NODE_ID ? OUTSIDE_NODE_ID : `team:${slug ?? NO_TEAM}`;
}

/**
 * Teams as nodes and the calls between teams as edges (rates summed, success weighted by rate),
 * at most GRAPH_TEAM_VIEW_MAX_TEAMS teams: those of the busiest relations first (selectTeamView).
 */
function buildTeamGraph(
  teams: readonly TTeamGraphNodeRow[],
  rows: readonly TTeamGraphEdgeRow[],
): { model: TGraphModel; serviceCounts: Map<string, number>; teamsLeftOut: boolean } {
  const inbound = new Map<string, number>();
  const edges = rows.map((row) => {
    const source = teamNodeId(row.callerTeam);
    const target = teamNodeId(row.calleeTeam);
    if (row.requestRate !== null) inbound.set(target, (inbound.get(target) ?? 0) + row.requestRate);
    return {
      id: `${source}->${target}`,
      source,
      target,
      isObserved: row.observedCount > 0,
      isDeclared: row.declaredCount > 0,
      requestRate: row.requestRate,
      successRatio: row.successRatio,
      latencyP99Ms: null,
      isStale: row.staleCount > 0 && row.staleCount === row.observedCount,
      callCount: row.callCount,
    };
  });
  const selected = selectTeamView(
    teams.map((team) => ({ id: teamNodeId(team.slug), serviceCount: team.serviceCount, team })),
    edges,
    GRAPH_TEAM_VIEW_MAX_TEAMS,
    new Set([OUTSIDE_NODE_ID]),
  );
  const serviceCounts = new Map<string, number>();
  const nodes: TGraphNodeModel[] = selected.teams.map(({ id, team }) => {
    serviceCounts.set(id, team.serviceCount);
    const name = team.name ?? "No owner team";
    return {
      id,
      kind: "team" as const,
      slug: team.slug,
      name,
      tier: null,
      ownerTeam: team.slug ? { slug: team.slug, name } : null,
      sloStatus: team.worstRank === null ? null : (RANK_STATUS[team.worstRank] ?? null),
      inboundRate: inbound.get(id) ?? null,
    };
  });
  if (selected.relations.some((e) => e.source === OUTSIDE_NODE_ID)) {
    nodes.push({ id: OUTSIDE_NODE_ID, kind: "outside", slug: null, name: "Outside the mesh", tier: null, ownerTeam: null, sloStatus: null, inboundRate: null });
  }
  return {
    // selectTeamView keeps only relations between drawn teams (or from outside, drawn above).
    model: { nodes, edges: selected.relations },
    serviceCounts,
    teamsLeftOut: selected.teams.length < teams.length,
  };
}

type TGraphPart = { model: TGraphModel; view: TServiceGraph["view"]; truncated: boolean; serviceCounts?: Map<string, number>; teamTotal?: number };

/** The part of the graph the query asks for, read bounded from the database; null when the focus or team names nothing. */
async function readGraphPart(organizationId: string, query: TServiceGraphQuery, serviceTotal: number): Promise<TGraphPart | null> {
  if (query.focus !== undefined) {
    const focusId = await findServiceIdBySlug(organizationId, query.focus);
    if (!focusId) return null;
    const ids = await findNeighbourhoodIds(organizationId, focusId, query.depth, GRAPH_VIEW_MAX_NODES);
    const rows = await findServiceGraphRowsAmong(organizationId, ids.slice(0, GRAPH_VIEW_MAX_NODES), focusId);
    return { model: focusServiceGraph(buildServiceGraph(rows.services, rows.edges), query.focus, query.depth), view: "focus", truncated: ids.length > GRAPH_VIEW_MAX_NODES };
  }
  if (query.team !== undefined) {
    const ids = await findTeamServiceIds(organizationId, query.team, GRAPH_VIEW_MAX_NODES);
    if (!ids) return null;
    const rows = await findServiceGraphRowsAmong(organizationId, ids.slice(0, GRAPH_VIEW_MAX_NODES));
    return { model: buildServiceGraph(rows.services, rows.edges), view: "team", truncated: ids.length > GRAPH_VIEW_MAX_NODES };
  }
  if (query.view === "teams" || serviceTotal > GRAPH_FULL_MAX_SERVICES) {
    const rows = await sharedAggregate(`teams|${organizationId}`, () => findTeamGraphRows(organizationId, GRAPH_TEAM_VIEW_MAX_EDGES));
    const { model, serviceCounts, teamsLeftOut } = buildTeamGraph(rows.teams, rows.edges);
    return { model, view: "teams", truncated: rows.edgeTotal > rows.edges.length || teamsLeftOut, serviceCounts, teamTotal: rows.teams.length };
  }
  const rows = await findServiceGraphRows(organizationId);
  return { model: buildServiceGraph(rows.services, rows.edges), view: "all", truncated: false };
}

/**
 * The /graph page's data, always bounded: a service's neighbourhood (`focus`, callers and
 * callees up to `depth` hops), one team's services (`team`), or with neither the whole
 * graph of a small organization and the team-level view of a large one. Laid out left
 * to right. Null when the focus or team names nothing. The full graph is only ever
 * streamed, by GET /api/v1/graph/export.
 */
export async function getServiceGraph(organizationId: string, query: TServiceGraphQuery, now = new Date()): Promise<TServiceGraph | null> {
  const [totals, dependencies] = await Promise.all([
    sharedAggregate(`totals|${organizationId}`, () => findGraphTotals(organizationId)),
    // The count home and the console show too (one query everywhere).
    sharedAggregate(`dependencies|${organizationId}`, () => countDependencies(organizationId)),
  ]);
  const part = await readGraphPart(organizationId, query, totals.services);
  if (!part) return null;
  const layout = cachedLayout(organizationId, part.model);
  const incidents = await countActiveIncidents(organizationId);
  return {
    nodes: part.model.nodes.map((node): TGraphNode => {
      const position = layout.positions.get(node.id) ?? { x: 0, y: 0 };
      const serviceCount = part.serviceCounts?.get(node.id);
      const openIncidents = node.kind === "service" && node.slug !== null ? incidents.get(node.slug) : undefined;
      // Object.assign, not a literal of spreads: on Node 20's V8 `{ ...node, ...more, x }` takes a slow
      // path (about 2.6 KB allocated and 7 µs a node, measured; this form 0.37 KB and 0.3 µs): 101 team
      // nodes a render, 250 in a focused view. Same keys, same order (server/diagnostics/README.md).
      return Object.assign(
        {},
        node,
        serviceCount === undefined ? null : { serviceCount },
        openIncidents === undefined ? null : { openIncidents },
        { x: position.x, y: position.y, width: GRAPH_NODE_WIDTH, height: GRAPH_NODE_HEIGHT },
      );
    }),
    edges: part.model.edges,
    view: part.view,
    focus: part.view === "focus" ? (query.focus ?? null) : null,
    team: part.view === "team" ? (query.team ?? null) : null,
    depth: query.depth,
    truncated: part.truncated,
    ...(part.teamTotal === undefined ? {} : { teamTotal: part.teamTotal }),
    totals: { services: totals.services, edges: dependencies },
    maxRequestRate: part.view === "teams" ? maxRate(part.model) : totals.maxRequestRate,
    isStale: totals.isStale,
    isSimulated: simulatorState().active,
    layoutEngine: layout.engine,
    generatedAt: now.toISOString(),
  };
}

/** Team relations sum many calls: their thickness scales against each other, not against one service's edge. */
function maxRate(model: TGraphModel): number | null {
  const rates = model.edges.map((e) => e.requestRate).filter((r): r is number => r !== null);
  return rates.length ? Math.max(...rates) : null;
}
