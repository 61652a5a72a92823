import { incidentChangeEvents, type TIncidentChangeEvent } from "@/domain/incidents/incident-change-events.ts";
import { INCIDENT_KIND_LABELS } from "@/domain/incidents/incident-kinds.ts";
import { INCIDENT_STATUS_LABELS, isFiledStatus, statusTimestamps } from "@/domain/incidents/incident-statuses.ts";
import { AppError } from "@/server/http/problem.ts";
import { incidentNotFound, requireIncident } from "./get-incident.ts";
import { eventSourceOf, type TReporter } from "./incident-reporter.ts";
import { ZUpdateIncidentInput, type TIncidentDetail, type TUpdateIncidentInput } from "./incidents.schemas.ts";
import { findIncidentRow, findServicesBySlugs, findTeamBySlug, updateIncidentRow, type TIncidentPatch, type TNewTimelineEntry } from "./incidents.repository.ts";

/**
 * Edits an incident: any field, its status (stamping mitigated/resolved times), its
 * services. Every change people care about gets a timeline line; filing a draft and
 * resolving put the incident in its services' history; a service added later gets it too.
 */
export async function updateIncident(organizationId: string, id: string, rawInput: TUpdateIncidentInput, editor: TReporter, now: Date): Promise<TIncidentDetail> {
  const input = ZUpdateIncidentInput.parse(rawInput);
  const current = await findIncidentRow(organizationId, id);
  if (!current) throw incidentNotFound(id);

  const patch: TIncidentPatch = {};
  const timeline: TNewTimelineEntry[] = [];
  const note = (text: string) => timeline.push({ at: now, kind: "status", text, author: editor.name });
  const subject = { id, kind: input.kind ?? current.kind, title: input.title ?? current.title };
  const events: TIncidentChangeEvent[] = [];
  const currentServiceIds = current.services.map((link) => link.service.id);

  if (input.title !== undefined && input.title !== current.title) patch.title = input.title;
  if (input.description !== undefined) patch.description = input.description || null;
  if (input.startedAt !== undefined) patch.startedAt = new Date(input.startedAt);
  if (input.kind !== undefined && input.kind !== current.kind) {
    patch.kind = input.kind;
    note(`Kind changed: ${INCIDENT_KIND_LABELS[current.kind]} → ${INCIDENT_KIND_LABELS[input.kind]}.`);
  }
  if (input.ownerTeam !== undefined) {
    if (input.ownerTeam === null) patch.ownerTeamId = null;
    else {
      const team = await findTeamBySlug(organizationId, input.ownerTeam);
      if (!team) throw new AppError(422, "Unknown team", `No team "${input.ownerTeam}" in this organization.`, { team: input.ownerTeam });
      if (team.id !== current.ownerTeam?.id) note(`Owner team: ${team.name}.`);
      patch.ownerTeamId = team.id;
    }
  }

  const addSlugs = input.addServices ?? [];
  const removeSlugs = input.removeServices ?? [];
  const named = await findServicesBySlugs(organizationId, [...addSlugs, ...removeSlugs]);
  const unknown = [...addSlugs, ...removeSlugs].filter((slug) => !named.some((service) => service.slug === slug));
  if (unknown.length > 0) throw new AppError(422, "Unknown service", `No service ${unknown.map((slug) => `"${slug}"`).join(", ")} in this organization.`, { services: unknown });
  const added = named.filter((service) => addSlugs.includes(service.slug) && !currentServiceIds.includes(service.id));
  const removed = named.filter((service) => removeSlugs.includes(service.slug) && currentServiceIds.includes(service.id));
  if (added.length > 0) note(`Affected: ${added.map((service) => service.slug).join(", ")}.`);
  if (removed.length > 0) note(`Not affected after all: ${removed.map((service) => service.slug).join(", ")}.`);

  const nextStatus = input.status ?? current.status;
  const filed = isFiledStatus(nextStatus);
  const startedAt = patch.startedAt ?? current.startedAt;
  if (input.status !== undefined && input.status !== current.status) {
    patch.status = input.status;
    Object.assign(patch, statusTimestamps(current, input.status, now));
    note(current.status === "draft" && filed ? `Filed (${INCIDENT_STATUS_LABELS[input.status]}).` : `Status: ${INCIDENT_STATUS_LABELS[current.status]} → ${INCIDENT_STATUS_LABELS[input.status]}.`);
    if (current.status === "draft" && filed) {
      events.push(...incidentChangeEvents(subject, currentServiceIds, { type: "incident_reported", at: startedAt, actor: editor.name }));
    }
    if (input.status === "resolved" && subject.kind !== "near_miss") {
      events.push(...incidentChangeEvents(subject, [...currentServiceIds, ...added.map((service) => service.id)], { type: "incident_resolved", at: now, actor: editor.name }));
    }
  }
  if (filed && added.length > 0) {
    events.push(...incidentChangeEvents(subject, added.map((service) => service.id), { type: "incident_reported", at: startedAt, actor: editor.name }));
  }

  const ok = await updateIncidentRow(organizationId, id, {
    patch,
    addServices: added.map((service) => ({ serviceId: service.id, addedBecause: "reported" })),
    removeServiceIds: removed.map((service) => service.id),
    timeline,
    events,
    source: eventSourceOf(editor),
  });
  if (!ok) throw incidentNotFound(id);
  return requireIncident(organizationId, id, now);
}
