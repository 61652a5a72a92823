import { worstSloStatus, type TSloStatusValue } from "./slo-status-order.ts";

/**
 * The service graph as the /graph page draws it: one node per service (plus one for
 * callers outside the mesh), one edge per caller → callee pair with the mesh's numbers
 * when the mesh saw it and a flag when the catalog declares it. Pure: the repository
 * hands rows in, the layout (layout-service-graph.ts) adds positions.
 */

/** Callers outside the mesh; "~" cannot appear in a slug, so this id never collides with a service. */
export const OUTSIDE_NODE_ID = "~outside";

export interface TGraphServiceInput {
  id: string;
  slug: string;
  name: string;
  tier: number | null;
  ownerTeam: { slug: string; name: string } | null;
  sloStatuses: readonly TSloStatusValue[];
  /** Kubernetes namespace of its workloads (for grouping); null or absent when none was seen. */
  namespace?: string | null;
}

export interface TGraphEdgeInput {
  callerId: string | null;
  calleeId: string;
  source: "mesh" | "declared";
  requestRate: number | null;
  successRatio: number | null;
  latencyP99Ms: number | null;
  isStale: boolean;
}

export interface TGraphNodeModel {
  id: string;
  /** "team": the team-level view of a large organization (server/graph/get-service-graph.ts). */
  kind: "service" | "outside" | "team";
  slug: string | null;
  name: string;
  tier: number | null;
  ownerTeam: { slug: string; name: string } | null;
  /** Worst SLO status; null = no SLOs (neutral, not healthy). */
  sloStatus: TSloStatusValue | null;
  /** Σ inbound mesh request rate; null when the mesh saw no inbound traffic. */
  inboundRate: number | null;
  /** Kubernetes namespace of the service's workloads, for grouping; absent on team and outside nodes. */
  namespace?: string | null;
}

export interface TGraphEdgeModel {
  id: string;
  source: string;
  target: string;
  /** The mesh observed it (numbers below are the mesh's). */
  isObserved: boolean;
  /** The catalog declares it. */
  isDeclared: boolean;
  requestRate: number | null;
  successRatio: number | null;
  latencyP99Ms: number | null;
  isStale: boolean;
  /** Team-level view: how many service-to-service calls the relation stands for. */
  callCount?: number;
}

export interface TGraphModel {
  nodes: TGraphNodeModel[];
  edges: TGraphEdgeModel[];
}

export function buildServiceGraph(services: readonly TGraphServiceInput[], edgeRows: readonly TGraphEdgeInput[]): TGraphModel {
  const slugById = new Map(services.map((s) => [s.id, s.slug]));
  const inbound = new Map<string, number>();
  const edges = new Map<string, TGraphEdgeModel>();
  for (const row of edgeRows) {
    const target = slugById.get(row.calleeId);
    const source = row.callerId === null ? OUTSIDE_NODE_ID : slugById.get(row.callerId);
    if (!target || !source || source === target) continue;
    const id = `${source}->${target}`;
    const edge = edges.get(id) ?? {
      id,
      source,
      target,
      isObserved: false,
      isDeclared: false,
      requestRate: null,
      successRatio: null,
      latencyP99Ms: null,
      isStale: false,
    };
    edges.set(id, edge);
    if (row.source === "declared") {
      edge.isDeclared = true;
      continue;
    }
    edge.isObserved = true;
    edge.requestRate = row.requestRate;
    edge.successRatio = row.successRatio;
    edge.latencyP99Ms = row.latencyP99Ms;
    edge.isStale = row.isStale;
    if (row.requestRate !== null) inbound.set(target, (inbound.get(target) ?? 0) + row.requestRate);
  }

  const nodes: TGraphNodeModel[] = services.map((s) => ({
    id: s.slug,
    kind: "service",
    slug: s.slug,
    name: s.name,
    tier: s.tier,
    ownerTeam: s.ownerTeam,
    sloStatus: worstSloStatus(s.sloStatuses),
    inboundRate: inbound.get(s.slug) ?? null,
    namespace: s.namespace ?? null,
  }));
  if ([...edges.values()].some((e) => e.source === OUTSIDE_NODE_ID)) {
    nodes.push({ id: OUTSIDE_NODE_ID, kind: "outside", slug: null, name: "Outside the mesh", tier: null, ownerTeam: null, sloStatus: null, inboundRate: null });
  }
  nodes.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { nodes, edges: [...edges.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)) };
}

/**
 * The neighbourhood of `focus`: its callers up to `depth` hops (who is hit when it
 * breaks) and its callees up to `depth` hops (what it needs). Directed on purpose: an
 * undirected walk from a service reaches the shared platform services in two hops and
 * from there almost everything. Edges are kept within each side (callers calling each
 * other, callees calling each other) but not across: a caller's own calls to the focus's
 * dependencies are another story, and drawing them buries the one being asked about.
 */
export function focusServiceGraph(graph: TGraphModel, focus: string, depth: number): TGraphModel {
  const callers = new Map<string, string[]>();
  const callees = new Map<string, string[]>();
  const link = (map: Map<string, string[]>, from: string, to: string) => {
    const list = map.get(from);
    if (list) list.push(to);
    else map.set(from, [to]);
  };
  for (const edge of graph.edges) {
    link(callees, edge.source, edge.target);
    link(callers, edge.target, edge.source);
  }
  const walk = (next: ReadonlyMap<string, string[]>): Set<string> => {
    const reached = new Set<string>([focus]);
    let frontier = [focus];
    for (let hop = 0; hop < depth && frontier.length > 0; hop += 1) {
      const found: string[] = [];
      for (const node of frontier) {
        for (const neighbour of next.get(node) ?? []) {
          if (reached.has(neighbour)) continue;
          reached.add(neighbour);
          found.push(neighbour);
        }
      }
      frontier = found;
    }
    return reached;
  };
  const upstream = walk(callers);
  const downstream = walk(callees);
  const keep = new Set([...upstream, ...downstream]);
  return {
    nodes: graph.nodes.filter((n) => keep.has(n.id)),
    edges: graph.edges.filter(
      (e) => (upstream.has(e.source) && upstream.has(e.target)) || (downstream.has(e.source) && downstream.has(e.target)),
    ),
  };
}
