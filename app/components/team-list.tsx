"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import type { TTeamSummary } from "@/server/catalog/catalog.schemas.ts";
import { EmptyState } from "./empty-state.tsx";
import { fetchJson } from "./fetch-json.ts";
import { formatSlackChannel } from "./format.ts";
import { LiveIndicator } from "./live-indicator.tsx";

const REFRESH_MS = 15_000;

/** All teams with what people look a team up for: its channel and what it owns. */
export function TeamList({ initialTeams, renderedAt }: { initialTeams: TTeamSummary[]; renderedAt: number }) {
  const teams = useQuery({
    queryKey: ["teams"],
    queryFn: ({ signal }) => fetchJson<{ teams: TTeamSummary[] }>("/api/v1/teams", signal).then((body) => body.teams),
    initialData: initialTeams,
    initialDataUpdatedAt: renderedAt,
    refetchInterval: REFRESH_MS,
  });
  const rows = teams.data;

  return (
    <div className="card">
      <div className="toolbar toolbar-center">
        <span className="muted">
          {rows.length} {rows.length === 1 ? "team" : "teams"}
        </span>
        <div className="toolbar-meta">
          <LiveIndicator updatedAt={teams.dataUpdatedAt} isFetching={teams.isFetching} error={teams.error} />
        </div>
      </div>
      {rows.length === 0 ? (
        <EmptyState title="No teams yet">
          Teams come from the catalog (Backstage <code>Group</code> entities). Import one:{" "}
          <code>npm run plumbline -- import ./catalog-info.yaml</code>
        </EmptyState>
      ) : (
        <div className="table-wrap" role="region" aria-label="Teams" tabIndex={0}>
          <table className="data">
            <caption className="visually-hidden">Teams</caption>
            <thead>
              <tr>
                <th scope="col">Team</th>
                <th scope="col">Slack channel</th>
                <th scope="col" className="num">
                  Services
                </th>
                <th scope="col" className="num">
                  Members
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((team) => (
                <tr key={team.slug} data-team={team.slug}>
                  <td>
                    <Link className="primary" href={`/teams/${encodeURIComponent(team.slug)}`}>
                      {team.name}
                    </Link>
                    {team.description ? (
                      <span className="secondary-line" title={team.description}>
                        {team.description}
                      </span>
                    ) : null}
                  </td>
                  <td>
                    {team.slackChannel ? formatSlackChannel(team.slackChannel) : <span className="muted">—</span>}
                  </td>
                  <td className="num">{team.serviceCount}</td>
                  <td className="num">{team.memberCount}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
