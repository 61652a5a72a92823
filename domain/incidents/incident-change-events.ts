import { INCIDENT_KIND_LABELS, type TIncidentKind } from "./incident-kinds.ts";

/**
 * Entries for the history of every service an incident affected, so each service's page
 * (and the "what changed nearby" of later incidents, which skips these types) tells it.
 * dedupeKey = incident:<id>:<moment>:<service>: a retried write adds nothing.
 */
export const INCIDENT_EVENT_TYPES = ["incident_reported", "incident_resolved", "learning_published"] as const;
export type TIncidentEventType = (typeof INCIDENT_EVENT_TYPES)[number];

export interface TIncidentEventSubject {
  id: string;
  kind: TIncidentKind;
  title: string;
}

export interface TIncidentChangeEvent {
  serviceId: string;
  type: TIncidentEventType;
  title: string;
  details: Record<string, unknown>;
  actor: string | null;
  dedupeKey: string;
  occurredAt: Date;
}

export function incidentChangeEvents(
  incident: TIncidentEventSubject,
  serviceIds: readonly string[],
  moment: { type: TIncidentEventType; at: Date; actor: string | null; learning?: string },
): TIncidentChangeEvent[] {
  const label = INCIDENT_KIND_LABELS[incident.kind];
  const title =
    moment.type === "incident_reported"
      ? `${label} reported: ${incident.title}`
      : moment.type === "incident_resolved"
        ? `${label} resolved: ${incident.title}`
        : `Learning: ${moment.learning ?? incident.title}`;
  return [...new Set(serviceIds)].map((serviceId) => ({
    serviceId,
    type: moment.type,
    title: title.slice(0, 500),
    details: { incidentId: incident.id, kind: incident.kind, incidentTitle: incident.title },
    actor: moment.actor,
    // A learning can be re-published after an edit; its entry stays the first one.
    dedupeKey: `incident:${incident.id}:${moment.type === "incident_resolved" ? `resolved:${moment.at.toISOString()}` : moment.type}:${serviceId}`,
    occurredAt: moment.at,
  }));
}
