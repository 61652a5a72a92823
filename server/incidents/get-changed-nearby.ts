import { changedNearbyWindow, CHANGED_NEARBY_DEFAULT_HOURS, nearbyServices, NEARBY_CHANGE_TYPES, selectChangedNearby, type TNearbyChangeCategory, type TNearbyRelation } from "@/domain/incidents/changed-nearby.ts";
import { findIncidentRow } from "./incidents.repository.ts";
import { findChangeEventsBetween, findEdgesTouching } from "./incidents-insights.repository.ts";

export interface TNearbyChangeDto {
  id: string;
  type: string;
  category: TNearbyChangeCategory;
  relation: TNearbyRelation;
  title: string;
  occurredAt: string;
  minutesBefore: number;
  actor: string | null;
  service: { slug: string; name: string } | null;
}

export interface TChangedNearby {
  from: string;
  to: string;
  hours: number;
  changes: TNearbyChangeDto[];
  /** How many services were looked at (affected + direct dependencies + dependents). */
  servicesConsidered: number;
}

const MAX_CHANGES = 200;

/**
 * "What changed nearby": deploys, gate decisions, config and scale changes on the
 * incident's services and their direct dependencies and dependents in the hours before it
 * started, from the history Plumbline already keeps. Null when there is no such incident.
 */
export async function getChangedNearby(organizationId: string, incidentId: string, hours: number = CHANGED_NEARBY_DEFAULT_HOURS): Promise<TChangedNearby | null> {
  const incident = await findIncidentRow(organizationId, incidentId);
  if (!incident) return null;
  const window = changedNearbyWindow(incident.startedAt, hours);
  const affectedIds = incident.services.map((link) => link.service.id);
  const edges = await findEdgesTouching(organizationId, affectedIds, window.from);
  const related = nearbyServices({ affectedIds, edges });
  const events = await findChangeEventsBetween(organizationId, { serviceIds: [...related.keys()], types: NEARBY_CHANGE_TYPES, from: window.from, to: window.to, take: MAX_CHANGES });
  const changes = selectChangedNearby(incident.startedAt, window, related, events);
  return {
    from: window.from.toISOString(),
    to: window.to.toISOString(),
    hours,
    servicesConsidered: related.size,
    changes: changes.map(({ event, category, relation, minutesBefore }) => ({
      id: event.id,
      type: event.type,
      category,
      relation,
      title: event.title,
      occurredAt: event.occurredAt.toISOString(),
      minutesBefore,
      actor: event.actor,
      service: event.service,
    })),
  };
}
