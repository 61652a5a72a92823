/**
 * "Did someone change something recently?" — the changes on an incident's affected
 * services and their direct neighbours (what they call, what calls them) in the hours
 * before it started. Pure: the caller reads the events of the window and the graph's
 * neighbours; this decides what counts, how it is related and in which order it shows.
 */

export const CHANGED_NEARBY_DEFAULT_HOURS = 6;
/** Changes a few minutes after the start still matter (clocks differ, reports come late). */
export const CHANGED_NEARBY_GRACE_MS = 15 * 60_000;

export type TNearbyChangeCategory = "deploy" | "gate" | "config" | "scale";
/** How the changed service relates to the incident: affected itself, something an affected service calls, or a caller of one. */
export type TNearbyRelation = "affected" | "dependency" | "dependent" | "organization";

const CATEGORY_OF_TYPE: Record<string, TNearbyChangeCategory> = {
  deploy_started: "deploy",
  deploy_succeeded: "deploy",
  deploy_failed: "deploy",
  image_changed: "deploy",
  rollout_complete: "deploy",
  rollout_failed: "deploy",
  workload_created: "deploy",
  workload_deleted: "deploy",
  deploy_requested: "gate",
  deploy_gate_decision: "gate",
  deploy_approved: "gate",
  deploy_rejected: "gate",
  deploy_cancelled: "gate",
  deploy_expired: "gate",
  policy_changed: "config",
  config_changed: "config",
  service_kept: "config",
  scaled: "scale",
};

/** The category of a change-event type, or null for what is not a change people make (SLO transitions, incidents). */
export function nearbyChangeCategory(type: string): TNearbyChangeCategory | null {
  return CATEGORY_OF_TYPE[type] ?? null;
}

/** The change-event types worth reading for the panel (so the query can filter by them). */
export const NEARBY_CHANGE_TYPES: readonly string[] = Object.keys(CATEGORY_OF_TYPE);

export interface TChangedNearbyWindow {
  from: Date;
  to: Date;
}

/** [start − hours, start + grace]: the hours before the incident, and its first minutes. */
export function changedNearbyWindow(startedAt: Date, hoursBefore: number = CHANGED_NEARBY_DEFAULT_HOURS): TChangedNearbyWindow {
  if (!Number.isFinite(hoursBefore) || hoursBefore <= 0) throw new RangeError(`hoursBefore must be a positive number of hours (got ${hoursBefore})`);
  return { from: new Date(startedAt.getTime() - hoursBefore * 3_600_000), to: new Date(startedAt.getTime() + CHANGED_NEARBY_GRACE_MS) };
}

export interface TNeighbourhood {
  /** Services the incident affects. */
  affectedIds: readonly string[];
  /** Edges among known services, caller → callee (declared or observed). */
  edges: readonly { callerId: string | null; calleeId: string }[];
}

/** Every service whose changes the panel shows, with its closest relation (affected wins over neighbour). */
export function nearbyServices(neighbourhood: TNeighbourhood): Map<string, TNearbyRelation> {
  const affected = new Set(neighbourhood.affectedIds);
  const related = new Map<string, TNearbyRelation>();
  for (const id of affected) related.set(id, "affected");
  for (const edge of neighbourhood.edges) {
    if (edge.callerId === null) continue;
    if (affected.has(edge.callerId) && !related.has(edge.calleeId)) related.set(edge.calleeId, "dependency");
    if (affected.has(edge.calleeId) && !related.has(edge.callerId)) related.set(edge.callerId, "dependent");
  }
  return related;
}

export interface TNearbyEventInput {
  id: string;
  /** Null for organization-wide changes (the policy set). */
  serviceId: string | null;
  type: string;
  title: string;
  occurredAt: Date;
  actor: string | null;
}

export interface TNearbyChange<TEvent extends TNearbyEventInput = TNearbyEventInput> {
  event: TEvent;
  category: TNearbyChangeCategory;
  relation: TNearbyRelation;
  /** Minutes before the incident started (negative: after). */
  minutesBefore: number;
}

/**
 * The changes to show, newest first (the closest to the start is the likeliest suspect):
 * inside the window, of a category people change, on a nearby service or organization-wide.
 */
export function selectChangedNearby<TEvent extends TNearbyEventInput>(
  startedAt: Date,
  window: TChangedNearbyWindow,
  related: ReadonlyMap<string, TNearbyRelation>,
  events: readonly TEvent[],
): TNearbyChange<TEvent>[] {
  const changes: TNearbyChange<TEvent>[] = [];
  for (const event of events) {
    const at = event.occurredAt.getTime();
    if (at < window.from.getTime() || at > window.to.getTime()) continue;
    const category = nearbyChangeCategory(event.type);
    if (category === null) continue;
    const relation = event.serviceId === null ? "organization" : related.get(event.serviceId);
    if (relation === undefined) continue;
    changes.push({ event, category, relation, minutesBefore: Math.round((startedAt.getTime() - at) / 60_000) });
  }
  return changes.sort((a, b) => b.event.occurredAt.getTime() - a.event.occurredAt.getTime() || (a.event.id < b.event.id ? 1 : -1));
}
