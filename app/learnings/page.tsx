import type { Metadata } from "next";
import Link from "next/link";
import { EmptyState } from "@/app/components/empty-state.tsx";
import { IncidentKindBadge } from "@/app/components/incident-badges.tsx";
import { RelativeTime } from "@/app/components/relative-time.tsx";
import { ReportingStatsCard } from "@/app/components/reporting-stats-card.tsx";
import { INCIDENT_KIND_LABELS, INCIDENT_KINDS } from "@/domain/incidents/incident-kinds.ts";
import { getRequestOrganization } from "@/server/identity/get-request-organization.ts";
import { getReportingStats, getTeamReportingStats } from "@/server/incidents/get-reporting-stats.ts";
import { ZLearningListQuery } from "@/server/incidents/incidents.schemas.ts";
import { listLearningFilterOptions } from "@/server/incidents/list-form-options.ts";
import { listLearnings, listMostReadThisMonth } from "@/server/incidents/list-learnings.ts";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Learnings" };

type TSearchParams = Record<string, string | string[] | undefined>;

/** Every learning, newest first; search, filters, most read this month, and how reporting goes per team. */
export default async function LearningsPage({ searchParams }: { searchParams: Promise<TSearchParams> }) {
  const organization = await getRequestOrganization();
  const params = await searchParams;
  const first = (key: string) => (Array.isArray(params[key]) ? params[key][0] : params[key]) || undefined;
  const parsed = ZLearningListQuery.safeParse({ q: first("q"), service: first("service"), team: first("team"), kind: first("kind") });
  const query = parsed.success ? parsed.data : ZLearningListQuery.parse({});
  const now = new Date();
  const [learnings, mostRead, stats, teamStats, options] = await Promise.all([
    listLearnings(organization.id, { ...query, limit: 100 }),
    listMostReadThisMonth(organization.id, now),
    getReportingStats(organization.id, null, now),
    getTeamReportingStats(organization.id, now),
    listLearningFilterOptions(organization.id),
  ]);
  const isFiltered = Boolean(query.q || query.service || query.team || query.kind);

  return (
    <>
      <div className="page-header">
        <div>
          <h1>Learnings</h1>
          <p className="subtitle">What every incident and near miss taught us, in one sentence each. Newest first.</p>
        </div>
        <Link className="button button-primary" href="/incidents/new">
          Report incident / near miss
        </Link>
      </div>
      <div className="incident-grid">
        <div>
          <section className="card">
            <form className="learning-filters" role="search" action="/learnings">
              <div className="field field-grow">
                <label htmlFor="learning-q">Search</label>
                <input id="learning-q" name="q" type="search" className="input" defaultValue={query.q ?? ""} placeholder="retries, config, timeouts…" />
              </div>
              <div className="field">
                <label htmlFor="learning-service">Service</label>
                <select id="learning-service" name="service" className="select" defaultValue={query.service ?? ""}>
                  <option value="">Any</option>
                  {options.services.map((service) => (
                    <option key={service.slug} value={service.slug}>
                      {service.name}
                    </option>
                  ))}
                </select>
              </div>
              <div className="field">
                <label htmlFor="learning-team">Team</label>
                <select id="learning-team" name="team" className="select" defaultValue={query.team ?? ""}>
                  <option value="">Any</option>
                  {options.teams.map((team) => (
                    <option key={team.slug} value={team.slug}>
                      {team.name}
                    </option>
                  ))}
                </select>
              </div>
              <div className="field">
                <label htmlFor="learning-kind">Kind</label>
                <select id="learning-kind" name="kind" className="select" defaultValue={query.kind ?? ""}>
                  <option value="">Any</option>
                  {INCIDENT_KINDS.map((kind) => (
                    <option key={kind} value={kind}>
                      {INCIDENT_KIND_LABELS[kind]}
                    </option>
                  ))}
                </select>
              </div>
              <button type="submit" className="button">
                Filter
              </button>
              {isFiltered ? (
                <Link className="button" href="/learnings">
                  Clear
                </Link>
              ) : null}
            </form>
            {learnings.length === 0 ? (
              <EmptyState title={isFiltered ? "No learning matches" : "No learnings yet"}>
                {isFiltered ? "Try fewer filters or another word." : "Write one sentence on any incident or near miss: it appears here."}
              </EmptyState>
            ) : (
              <ul className="learning-list" aria-label="Learnings, newest first">
                {learnings.map((learning) => (
                  <li key={learning.incidentId}>
                    <p className="learning-text">
                      <Link href={`/incidents/${learning.incidentId}`}>{learning.learning}</Link>
                    </p>
                    <div className="incident-meta">
                      <IncidentKindBadge kind={learning.kind} />
                      <span>{learning.incidentTitle}</span>
                      {learning.services.length > 0 ? <span className="mono">{learning.services.map((service) => service.slug).join(", ")}</span> : null}
                      {learning.ownerTeam ? <span>{learning.ownerTeam.name}</span> : null}
                      <RelativeTime iso={learning.publishedAt} />
                      <span>
                        read {learning.readCount} time{learning.readCount === 1 ? "" : "s"}
                      </span>
                    </div>
                  </li>
                ))}
              </ul>
            )}
          </section>
        </div>
        <div className="incident-side">
          <section className="card" aria-labelledby="most-read-heading">
            <div className="card-body">
              <h2 id="most-read-heading" className="card-title">
                Most read this month
              </h2>
              <p className="muted" style={{ margin: 0 }}>
                Readers in the last 30 days, each counted once a day.
              </p>
              {mostRead.length === 0 ? (
                <p className="muted">No reads yet this month.</p>
              ) : (
                <ol>
                  {mostRead.map((learning) => (
                    <li key={learning.incidentId}>
                      <Link href={`/incidents/${learning.incidentId}`}>{learning.learning}</Link> <span className="muted">
                        ({learning.readsThisMonth} read{learning.readsThisMonth === 1 ? "" : "s"})
                      </span>
                    </li>
                  ))}
                </ol>
              )}
            </div>
          </section>
          <section className="card" aria-labelledby="reporting-heading">
            <div className="card-body">
              <h2 id="reporting-heading" className="card-title">
                Reporting
              </h2>
              <p className="muted" style={{ margin: 0 }}>
                Reports filed per week. A rising count is a good sign: people report SEV3s and near misses instead of hiding them.
              </p>
            </div>
            {stats ? <ReportingStatsCard stats={stats} title={organization.name} /> : null}
            {teamStats.map((team) => (
              <ReportingStatsCard key={team.scope.kind === "team" ? team.scope.slug : "org"} stats={team} title={team.scope.kind === "team" ? team.scope.name : organization.name} />
            ))}
          </section>
        </div>
      </div>
    </>
  );
}
