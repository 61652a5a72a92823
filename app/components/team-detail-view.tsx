"use client";

import type { ReactNode } from "react";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import type { TTeamDetail } from "@/server/catalog/catalog.schemas.ts";
import { EmptyState } from "./empty-state.tsx";
import { Fact } from "./fact.tsx";
import { ApiError, fetchJson } from "./fetch-json.ts";
import { formatSlackChannel } from "./format.ts";
import { LiveIndicator } from "./live-indicator.tsx";
import { MembersTable } from "./members-table.tsx";
import { ServiceTable } from "./service-table.tsx";
import { TeamLink } from "./team-link.tsx";

const REFRESH_MS = 15_000;

/** The team page: who they are, how to reach them, who is in them and what they own. */
export function TeamDetailView({
  initialTeam,
  renderedAt,
  waiting = null,
  actions,
}: {
  initialTeam: TTeamDetail;
  renderedAt: number;
  /** "Waiting for you", rendered by the page. */
  waiting?: ReactNode;
  /** Buttons beside the title (follow). */
  actions?: ReactNode;
}) {
  const slug = initialTeam.slug;
  const detail = useQuery({
    queryKey: ["team", slug],
    queryFn: ({ signal }) => fetchJson<TTeamDetail>(`/api/v1/teams/${encodeURIComponent(slug)}`, signal),
    initialData: initialTeam,
    initialDataUpdatedAt: renderedAt,
    refetchInterval: REFRESH_MS,
    retry: (failureCount, error) => !(error instanceof ApiError && error.status === 404) && failureCount < 1,
  });
  const team = detail.data;

  return (
    <>
      <nav className="breadcrumbs" aria-label="Breadcrumb">
        <Link href="/teams">Teams</Link> / <span>{team.name}</span>
      </nav>
      <div className="page-header">
        <div>
          <h1>{team.name}</h1>
          <div className="slug">{team.slug}</div>
          {team.description ? <p className="description">{team.description}</p> : null}
        </div>
        {actions}
        <LiveIndicator updatedAt={detail.dataUpdatedAt} isFetching={detail.isFetching} error={detail.error} />
      </div>

      {waiting}

      {team.personEmail ? (
        <p className="callout page-callout" role="note">
          A person, not a team: the catalog names this user as an owner, so approvals for what they own go to{" "}
          <a href={`mailto:${team.personEmail}`}>{team.personEmail}</a>.
        </p>
      ) : null}

      <section className="card" aria-label="About this team">
        <dl className="facts">
          <Fact label="Slack channel">
            {team.slackChannel ? formatSlackChannel(team.slackChannel) : <span className="muted">Not set</span>}
          </Fact>
          <Fact label="Email">
            {team.email ? (
              <a className="truncate" href={`mailto:${team.email}`} title={team.email}>
                {team.email}
              </a>
            ) : <span className="muted">Not set</span>}
          </Fact>
          <Fact label="Parent team">
            {team.parent ? <TeamLink team={team.parent} /> : <span className="muted">None</span>}
          </Fact>
          <Fact label="Child teams">
            {team.children.length > 0 ? (
              <ul className="link-list" aria-label="Child teams">
                {team.children.map((child) => (
                  <li key={child.slug}>
                    <TeamLink team={child} />
                  </li>
                ))}
              </ul>
            ) : (
              <span className="muted">None</span>
            )}
          </Fact>
          <Fact label="Owns">
            {team.serviceCount} {team.serviceCount === 1 ? "service" : "services"}
          </Fact>
        </dl>
      </section>

      <section className="section" aria-labelledby="services-heading">
        <div className="section-header">
          <h2 id="services-heading">
            Owned services <span className="count">{team.services.length}</span>
          </h2>
        </div>
        <div className="card">
          {team.services.length > 0 ? (
            <ServiceTable services={team.services} showOwner={false} caption={`Services owned by ${team.name}`} />
          ) : (
            <EmptyState title="No services owned">
              Services name their owner in the catalog (<code>spec.owner: {team.slug}</code>) or with the{" "}
              <code>plumbline.dev/owner</code> annotation.
            </EmptyState>
          )}
        </div>
      </section>

      <section className="section" aria-labelledby="members-heading">
        <div className="section-header">
          <h2 id="members-heading">
            Members <span className="count">{team.members.length}</span>
          </h2>
          <span className="muted">Owners approve deploys when a service they own is affected</span>
        </div>
        <div className="card">
          {team.members.length > 0 ? (
            <MembersTable members={team.members} />
          ) : (
            <EmptyState title="No members listed">
              Add people to this team in the catalog (Backstage <code>User</code> entities with{" "}
              <code>memberOf: {team.slug}</code>).
            </EmptyState>
          )}
        </div>
      </section>
    </>
  );
}
