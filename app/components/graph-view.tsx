"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useSearchParams } from "next/navigation";
import { useCallback, useEffect } from "react";
import { GRAPH_CLUSTER_BY, type TGraphClusterBy } from "@/domain/graph/cluster-graph-nodes.ts";
import { GRAPH_FULL_MAX_SERVICES, GRAPH_MAX_DEPTH, GRAPH_VIEW_MAX_NODES, type TServiceGraph } from "@/server/graph/graph.schemas.ts";
import { EmptyState } from "./empty-state.tsx";
import { fetchJson } from "./fetch-json.ts";
import { formatRelativeTime, formatRequestRate } from "./format.ts";
import { GraphCanvas } from "./graph-canvas.tsx";
import { GraphLegend } from "./graph-legend.tsx";
import { GraphServiceSearch } from "./graph-service-search.tsx";
import { LiveIndicator } from "./live-indicator.tsx";
import { SloStatusBadge } from "./slo-status-badge.tsx";

const REFRESH_MS = 15_000;
const DEPTHS = [1, 2, 3] as const;

function readDepth(value: string | null): number {
  const depth = Number(value);
  return DEPTHS.includes(depth as 1 | 2 | 3) ? depth : 2;
}

function readGroup(value: string | null): TGraphClusterBy | null {
  return GRAPH_CLUSTER_BY.find((by) => by === value) ?? null;
}

type TGraphTarget = { focus: string | null; team: string | null };

function graphUrl(target: TGraphTarget, depth: number, group: TGraphClusterBy | null): string {
  const params = new URLSearchParams();
  if (target.focus) {
    params.set("focus", target.focus);
    params.set("depth", String(depth));
  } else if (target.team) params.set("team", target.team);
  if (group) params.set("group", group);
  const query = params.toString();
  return query ? `/graph?${query}` : "/graph";
}

/**
 * The service graph page, always a bounded view: one service's neighbourhood, one team's
 * services, or (unfocused) a small organization's whole graph or a large one's teams.
 * The view lives in the URL (`?focus=<slug>&depth=2`, `?team=<slug>`, `&group=team`) so it can be
 * shared; changing it pushes a history entry (Back returns to the previous view) and
 * fetches from the API without a server round trip for the page.
 */
export function GraphView({
  initialGraph,
  renderedAt,
  missingFocus,
  missingKind,
}: {
  initialGraph: TServiceGraph;
  renderedAt: number;
  /** A focus or team in the link that names nothing here. */
  missingFocus: string | null;
  missingKind: "service" | "team";
}) {
  const searchParams = useSearchParams();
  const focus = missingFocus !== null ? null : searchParams.get("focus");
  const team = missingFocus !== null || focus !== null ? null : searchParams.get("team");
  const depth = readDepth(searchParams.get("depth"));
  const group = readGroup(searchParams.get("group"));

  // Drop a focus that names no service from the URL, so refreshing does not ask again.
  useEffect(() => {
    if (missingFocus !== null) window.history.replaceState(null, "", graphUrl({ focus: null, team: null }, depth, group));
  }, [missingFocus, depth, group]);

  const matchesInitial = initialGraph.focus === focus && initialGraph.team === team && (focus === null || initialGraph.depth === depth);
  const graph = useQuery({
    queryKey: ["graph", focus, team, focus ? depth : null],
    queryFn: ({ signal }) => {
      const params = new URLSearchParams();
      if (focus) params.set("focus", focus);
      else if (team) params.set("team", team);
      params.set("depth", String(depth));
      return fetchJson<TServiceGraph>(`/api/v1/graph?${params.toString()}`, signal);
    },
    initialData: matchesInitial ? initialGraph : undefined,
    initialDataUpdatedAt: matchesInitial ? renderedAt : undefined,
    placeholderData: keepPreviousData,
    refetchInterval: REFRESH_MS,
  });
  const data = graph.data ?? initialGraph;

  const navigate = useCallback(
    (nextFocus: string | null, nextDepth: number, nextTeam: string | null = null, nextGroup: TGraphClusterBy | null = group) => {
      window.history.pushState(null, "", graphUrl({ focus: nextFocus, team: nextTeam }, nextDepth, nextGroup));
    },
    [group],
  );
  const teamNode = data.team ? data.nodes.find((n) => n.ownerTeam?.slug === data.team) : undefined;
  const focusedNode = data.focus ? data.nodes.find((n) => n.id === data.focus) : undefined;
  const isSwitching = graph.isPlaceholderData && graph.isFetching;

  return (
    <div className="graph-page">
      <div className="page-header">
        <div>
          <div className="title-row">
            <h1>Service graph</h1>
            {data.isSimulated ? (
              <span className="badge badge-muted" title="Plumbline is in demo mode: traffic comes from a built-in simulator, not a real mesh">
                simulated traffic (demo)
              </span>
            ) : null}
          </div>
          <p className="subtitle">
            Who calls whom, how much, and how well. {data.totals.services.toLocaleString("en")} services,{" "}
            {data.totals.edges.toLocaleString("en")} dependencies.
          </p>
        </div>
        <LiveIndicator updatedAt={graph.dataUpdatedAt || renderedAt} isFetching={graph.isFetching} error={graph.error} />
      </div>

      {missingFocus !== null ? (
        <div className="callout callout-warning page-callout" role="status">
          No {missingKind} <code>{missingFocus}</code> in this catalog, so {data.view === "all" ? "the whole graph" : "the team-level view"} is shown.
        </div>
      ) : null}
      {data.isStale ? (
        <div className="callout callout-warning page-callout mesh-stale-banner" role="status">
          <h3>Mesh telemetry is stale</h3>
          The telemetry source is not answering; rates and success ratios are the last ones known. Service pages say since when and why.
        </div>
      ) : null}

      <div className="card graph-card">
        <div className="toolbar toolbar-center graph-toolbar">
          {focusedNode ? (
            <>
              <div className="graph-focus" aria-live="polite">
                <span className="muted">Neighbourhood of</span>
                <Link className="graph-focus-name" href={`/services/${encodeURIComponent(focusedNode.id)}`}>
                  {focusedNode.name}
                </Link>
                <SloStatusBadge status={focusedNode.sloStatus} />
                {focusedNode.inboundRate !== null ? <span className="muted">{formatRequestRate(focusedNode.inboundRate)} in</span> : null}
              </div>
              <div className="field graph-depth">
                <label htmlFor="graph-depth">Depth</label>
                <select id="graph-depth" className="select" value={depth} onChange={(event) => navigate(data.focus, Number(event.target.value))}>
                  {DEPTHS.map((d) => (
                    <option key={d} value={d}>
                      {d === 1 ? "1 hop" : `${d} hops`}
                    </option>
                  ))}
                </select>
              </div>
              {depth < GRAPH_MAX_DEPTH ? (
                <button type="button" className="button" onClick={() => navigate(data.focus, depth + 1)}>
                  Widen to {depth + 1} hops
                </button>
              ) : null}
              <button type="button" className="button" onClick={() => navigate(null, depth)}>
                Show all
              </button>
              <Link className="button" href={`/services/${encodeURIComponent(focusedNode.id)}`}>
                Open service page →
              </Link>
            </>
          ) : data.view === "team" ? (
            <>
              <div className="graph-focus" aria-live="polite">
                <span className="muted">Services of</span>
                <Link className="graph-focus-name" href={`/teams/${encodeURIComponent(data.team ?? "")}`}>
                  {teamNode?.ownerTeam?.name ?? data.team}
                </Link>
              </div>
              <button type="button" className="button" onClick={() => navigate(null, depth)}>
                Show all
              </button>
            </>
          ) : (
            <span className="muted graph-hint">
              {data.view === "teams"
                ? "Teams and the calls between them. Click a team to see its services, or focus a service."
                : "Click a service to see its callers and callees."}
            </span>
          )}
          {data.view !== "teams" ? (
            <div className="field graph-group">
              <label htmlFor="graph-group">Group by</label>
              <select
                id="graph-group"
                className="select"
                value={group ?? ""}
                onChange={(event) => navigate(data.focus, depth, data.team, readGroup(event.target.value))}
              >
                <option value="">Nothing</option>
                <option value="team">Team</option>
                <option value="namespace">Namespace</option>
              </select>
            </div>
          ) : null}
          <GraphServiceSearch onSelect={(slug) => navigate(slug, depth)} />
          <span className="toolbar-meta">
            {isSwitching
              ? "Loading…"
              : data.view === "teams"
                ? teamsShown(data)
                : `${data.nodes.filter((n) => n.kind === "service").length} shown`}
            {data.truncated ? <span className="badge badge-muted" title="The view is bounded: the nearest services, or the busiest relations and their teams, are drawn">partial</span> : null}
            {data.isStale ? <span className="badge badge-stale">stale</span> : null}
          </span>
        </div>
        <GraphExplanation graph={data} />
        {data.nodes.length === 0 ? (
          <EmptyState title="No services yet">
            Import a catalog (<code>plumbline import catalog-info.yaml</code>) or connect Kubernetes discovery, and the graph draws itself.
          </EmptyState>
        ) : (
          <>
            {data.edges.length === 0 ? (
              <p className="empty-inline graph-no-edges">
                No call relations yet: declare <code>dependsOn</code> in the catalog, or point Plumbline at your mesh&apos;s Prometheus
                (<code>PROMETHEUS_URL</code>). Generated {formatRelativeTime(data.generatedAt)}.
              </p>
            ) : null}
            <GraphCanvas graph={data} clusterBy={data.view === "teams" ? null : group} onFocus={(slug) => navigate(slug, depth)} onTeam={(slug) => navigate(null, depth, slug)} />
          </>
        )}
        <GraphLegend />
      </div>
    </div>
  );
}

/**
 * Why the graph shows what it shows: a large organization is never drawn whole (it
 * would be unreadable and slow), so say so and say how to see more.
 */
/** The toolbar's count in the team-level view: "12 teams shown", or "250 of 2,000 teams shown" when some are left out. */
function teamsShown(graph: TServiceGraph): string {
  const drawn = graph.nodes.filter((n) => n.kind === "team").length;
  return graph.teamTotal !== undefined && graph.teamTotal > drawn ? `${drawn} of ${graph.teamTotal.toLocaleString("en")} teams shown` : `${drawn} teams shown`;
}

function GraphExplanation({ graph }: { graph: TServiceGraph }) {
  const total = graph.totals.services.toLocaleString("en");
  const shown = graph.nodes.filter((n) => n.kind === "service").length;
  const teamsDrawn = graph.nodes.filter((n) => n.kind === "team").length;
  const teamsLeftOut = graph.view === "teams" && graph.teamTotal !== undefined && graph.teamTotal > teamsDrawn;
  if (graph.view === "teams" && graph.totals.services > GRAPH_FULL_MAX_SERVICES) {
    return (
      <p className="graph-explain" role="note">
        {total} services are too many to read in one picture, so the graph opens on teams and the calls between them.
        {teamsLeftOut ? ` Of ${graph.teamTotal?.toLocaleString("en")} teams, the ${teamsDrawn} in the busiest relations (then the largest) are drawn.` : ""} Find a service
        (search, top right) or click a team to see a neighbourhood of up to {GRAPH_VIEW_MAX_NODES} services, nearest first, then widen it hop by
        hop. The whole graph is a download: <a href="/api/v1/graph/export">NDJSON export</a>.
      </p>
    );
  }
  if (teamsLeftOut) {
    return (
      <p className="graph-explain" role="note">
        Of {graph.teamTotal?.toLocaleString("en")} teams, the {teamsDrawn} in the busiest relations (then the largest) are drawn. Click a team to see its services.
      </p>
    );
  }
  if (graph.view === "focus") {
    return (
      <p className="graph-explain" role="note">
        Callers and callees of the focused service up to {graph.depth === 1 ? "1 hop" : `${graph.depth} hops`} away: {shown} of {total} services
        {graph.truncated ? `; more are reachable, so the nearest ${GRAPH_VIEW_MAX_NODES} are drawn` : ""}.
        {graph.depth < GRAPH_MAX_DEPTH ? " Widen to see further." : ""}
      </p>
    );
  }
  if (graph.view === "team" && graph.truncated) {
    return (
      <p className="graph-explain" role="note">
        This team owns more than {GRAPH_VIEW_MAX_NODES} services; the first {shown} by name are drawn. Find a service to see its neighbourhood.
      </p>
    );
  }
  return null;
}
