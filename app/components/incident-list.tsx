import Link from "next/link";
import type { TIncidentSummary } from "@/server/incidents/incidents.schemas.ts";
import { EmptyState } from "./empty-state.tsx";
import { IncidentKindBadge, IncidentStatusLabel } from "./incident-badges.tsx";
import { RelativeTime } from "./relative-time.tsx";

/** Incidents and near misses, newest first: kind, title, status, services, and the learning when there is one. */
export function IncidentList({ incidents, emptyTitle, empty }: { incidents: TIncidentSummary[]; emptyTitle: string; empty: string }) {
  if (incidents.length === 0) return <EmptyState title={emptyTitle}>{empty}</EmptyState>;
  return (
    <ul className="incident-list" aria-label="Incidents, newest first">
      {incidents.map((incident) => (
        <li key={incident.id} data-incident-id={incident.id}>
          <IncidentKindBadge kind={incident.kind} />
          <Link className="incident-title" href={`/incidents/${incident.id}`}>
            {incident.title}
          </Link>
          <IncidentStatusLabel status={incident.status} />
          <span className="incident-meta">
            <RelativeTime iso={incident.startedAt} />
            {incident.services.length > 0 ? <span>{incident.services.map((service) => service.slug).join(", ")}</span> : null}
            {incident.ownerTeam ? <span>{incident.ownerTeam.name}</span> : null}
            {incident.openActionItems > 0 ? <span>{incident.openActionItems} open action item{incident.openActionItems === 1 ? "" : "s"}</span> : null}
          </span>
          {incident.learning ? <span className="incident-learning">Learned: {incident.learning}</span> : null}
        </li>
      ))}
    </ul>
  );
}
