import type { TChangedNearby } from "@/server/incidents/get-changed-nearby.ts";
import { EmptyState } from "./empty-state.tsx";
import "./incidents.css";

const RELATION_TEXT = { affected: "affected", dependency: "dependency", dependent: "dependent", organization: "organization-wide" } as const;

function describeWhen(minutesBefore: number): string {
  if (minutesBefore < 0) return `${-minutesBefore} min after`;
  if (minutesBefore < 60) return `${minutesBefore} min before`;
  const hours = Math.floor(minutesBefore / 60);
  const minutes = minutesBefore % 60;
  return `${hours} h${minutes ? ` ${minutes} min` : ""} before`;
}

/** "Did someone change something recently?": changes on the affected services and their neighbours, closest to the start first. */
export function ChangedNearbyPanel({ nearby }: { nearby: TChangedNearby }) {
  return (
    <section className="card section" aria-labelledby="nearby-heading">
      <div className="card-body">
        <h2 id="nearby-heading" className="card-title">
          What changed nearby
        </h2>
        <p className="muted" style={{ margin: 0 }}>
          Deploys, gate decisions, config and scale changes on the affected services, what they call and what calls them, in the {nearby.hours} h before it started ({nearby.servicesConsidered} service{nearby.servicesConsidered === 1 ? "" : "s"} looked at).
        </p>
      </div>
      {nearby.changes.length === 0 ? (
        <EmptyState title="No changes recorded nearby">Nothing was deployed, approved, scaled or reconfigured around these services in that window{nearby.servicesConsidered === 0 ? " (add the affected services first)" : ""}.</EmptyState>
      ) : (
        <ol className="incident-nearby" aria-label="Changes nearby, closest to the start first">
          {nearby.changes.map((change) => (
            <li key={change.id} data-change-type={change.type}>
              <span className="incident-nearby-when">{describeWhen(change.minutesBefore)}</span>
              <span className={`incident-nearby-cat incident-nearby-cat-${change.category}`}>{change.category}</span>
              <span>{change.title}</span>
              <span className="incident-meta">
                {change.service ? <span className="mono">{change.service.slug}</span> : null}
                <span>{RELATION_TEXT[change.relation]}</span>
                {change.actor ? <span>by {change.actor}</span> : null}
              </span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
