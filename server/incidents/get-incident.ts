import { compareActionItems } from "@/domain/incidents/action-items.ts";
import { notFound } from "@/server/http/problem.ts";
import { toActionItem, toIncidentDetail, toTimelineEntry } from "./incident-dto.ts";
import type { TIncidentDetail } from "./incidents.schemas.ts";
import { findIncidentRow, findTimeline } from "./incidents.repository.ts";
import { findActionItems } from "./incidents-postmortem.repository.ts";

/** One incident with its timeline, postmortem and action items; null when the organization has none with this id. */
export async function getIncident(organizationId: string, id: string, now: Date): Promise<TIncidentDetail | null> {
  const row = await findIncidentRow(organizationId, id);
  if (!row) return null;
  const [timeline, items] = await Promise.all([findTimeline(organizationId, id), findActionItems(organizationId, id)]);
  return toIncidentDetail(row, timeline.map(toTimelineEntry), [...items].sort(compareActionItems).map((item) => toActionItem(item, now)));
}

/** getIncident for entry points: a missing incident (or another organization's) is a 404. */
export async function requireIncident(organizationId: string, id: string, now: Date): Promise<TIncidentDetail> {
  const incident = await getIncident(organizationId, id, now);
  if (!incident) throw incidentNotFound(id);
  return incident;
}

export function incidentNotFound(id: string) {
  return notFound("Incident", `No incident ${JSON.stringify(id)} in this organization. GET /api/v1/incidents lists them.`);
}
