import Link from "next/link";
import type { TServiceIncidents } from "@/server/incidents/get-service-incidents.ts";
import { IncidentKindBadge } from "./incident-badges.tsx";
import { IncidentList } from "./incident-list.tsx";

/** The service page's incidents: the report button, what is going on, and open action items until done. */
export function ServiceIncidentsPanel({ slug, serviceName, incidents }: { slug: string; serviceName: string; incidents: TServiceIncidents }) {
  const shown = incidents.recent.slice(0, 5);
  return (
    <section className="section" aria-labelledby="incidents-heading">
      <div className="section-header incident-panel-header">
        <h2 id="incidents-heading">
          Incidents and near misses {incidents.active.length > 0 ? <span className="count">{incidents.active.length} open</span> : null}
        </h2>
        <span className="incident-inline">
          <Link className="muted" href={`/learnings?service=${encodeURIComponent(slug)}`}>
            Learnings
          </Link>
          <Link className="button button-primary incident-report-button" href={`/incidents/new?service=${encodeURIComponent(slug)}`}>
            Report incident / near miss
          </Link>
        </span>
      </div>
      <div className="card">
        {incidents.actionItems.length > 0 ? (
          <div className="card-body">
            <h3 className="stat-label">
              Open action items {incidents.overdue > 0 ? <span className="incident-item-overdue">({incidents.overdue} overdue)</span> : null}
            </h3>
            <ul className="incident-items" aria-label={`Open action items for ${serviceName}`}>
              {incidents.actionItems.map((item) => (
                <li key={item.id}>
                  <IncidentKindBadge kind={item.incidentKind} />
                  <Link className="incident-item-title" href={`/incidents/${item.incidentId}`}>
                    {item.title}
                  </Link>
                  <span className="incident-meta">
                    {item.ownerName ?? item.ownerTeam?.name ? <span>{item.ownerName ?? item.ownerTeam?.name}</span> : null}
                    {item.dueOn ? <span className={item.isOverdue ? "incident-item-overdue" : undefined}>due {item.dueOn}</span> : null}
                  </span>
                </li>
              ))}
            </ul>
          </div>
        ) : null}
        <IncidentList incidents={shown} emptyTitle="Nothing reported" empty={`No incident or near miss has named ${serviceName} yet.`} />
      </div>
    </section>
  );
}
