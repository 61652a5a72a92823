import { planAlertmanagerNotification, type TAlertmanagerPayload } from "@/domain/incidents/alertmanager-payload.ts";
import { incidentChangeEvents } from "@/domain/incidents/incident-change-events.ts";
import { statusTimestamps } from "@/domain/incidents/incident-statuses.ts";
import { requireIncident } from "./get-incident.ts";
import type { TReporter } from "./incident-reporter.ts";
import type { TIncidentDetail } from "./incidents.schemas.ts";
import { findActiveIncidentIdByAlertGroup, findIncidentRow, findServicesBySlugs, insertTimelineEntries, updateIncidentRow } from "./incidents.repository.ts";
import { reportIncident } from "./report-incident.ts";

export type TAlertmanagerOutcome = "opened" | "updated" | "resolved" | "ignored";

/**
 * One Alertmanager webhook notification, applied to its alert group's incident:
 * - firing, no open incident for the group → open one (kind from the severity label,
 *   services from the alerts' service labels, every alert on the timeline);
 * - firing again (a repeat, a redelivery, more alerts in the group) → the same incident,
 *   with only the alert states not seen before added to its timeline;
 * - resolved → resolve it; a redelivered "resolved", or one for a group with no open
 *   incident, changes nothing.
 * Alertmanager resends a group every repeat_interval and on every change, and retries a
 * failed delivery, so all of it is idempotent: the group's key (`alertmanager:<groupKey>`)
 * holds one open incident at a time (freed when it resolves, so the group's next firing
 * episode is a new incident), and timeline entries carry dedupe keys.
 */
export async function receiveAlertmanagerNotification(
  organizationId: string,
  payload: TAlertmanagerPayload,
  now: Date,
): Promise<{ outcome: TAlertmanagerOutcome; incident: TIncidentDetail | null }> {
  const plan = planAlertmanagerNotification(payload, now);
  const reporter: TReporter = { via: "alertmanager", name: payload.receiver ? `Alertmanager (${payload.receiver})` : "Alertmanager", personId: null };
  const timeline = plan.timeline.map((entry) => ({ ...entry, kind: "alert", author: reporter.name, sourceLabel: entry.sourceUrl ? "alert source" : null, dedupeKey: `alertmanager:${plan.groupKey}:${entry.dedupeKey}` }));
  const existingId = await findActiveIncidentIdByAlertGroup(organizationId, plan.groupKey);

  if (plan.status === "firing") {
    if (existingId !== null) {
      await insertTimelineEntries(organizationId, existingId, timeline);
      return { outcome: "updated", incident: await requireIncident(organizationId, existingId, now) };
    }
    const { incident, created } = await reportIncident(
      organizationId,
      { title: plan.title, kind: plan.kind, description: plan.description ?? undefined, services: plan.serviceSlugs, startedAt: plan.startedAt.toISOString(), sourceUrl: safeUrl(plan.sourceUrl) },
      reporter,
      { now, dedupeKey: groupDedupeKey(plan.groupKey), alertGroupKey: plan.groupKey, servicesBecause: "alert", unknownServices: "note", status: "open" },
    );
    // A concurrent delivery opened it first: this one is an update of that incident.
    await insertTimelineEntries(organizationId, incident.id, timeline);
    return { outcome: created ? "opened" : "updated", incident: await requireIncident(organizationId, incident.id, now) };
  }

  if (existingId === null) return { outcome: "ignored", incident: null };
  const current = await findIncidentRow(organizationId, existingId);
  if (!current) return { outcome: "ignored", incident: null };
  const serviceIds = current.services.map((link) => link.service.id);
  // Services named only by the resolving alerts join too (a group gains alerts over time).
  const named = await findServicesBySlugs(organizationId, plan.serviceSlugs);
  const added = named.filter((service) => !serviceIds.includes(service.id));
  await updateIncidentRow(organizationId, existingId, {
    patch: { status: "resolved", ...statusTimestamps(current, "resolved", now), dedupeKey: null },
    addServices: added.map((service) => ({ serviceId: service.id, addedBecause: "alert" })),
    removeServiceIds: [],
    timeline: [...timeline, { at: now, kind: "status", text: "Resolved: every alert of the group resolved.", author: reporter.name, dedupeKey: `alertmanager:${plan.groupKey}:${existingId}:resolved` }],
    events: [
      ...incidentChangeEvents(current, added.map((service) => service.id), { type: "incident_reported", at: current.startedAt, actor: reporter.name }),
      ...incidentChangeEvents(current, [...serviceIds, ...added.map((service) => service.id)], { type: "incident_resolved", at: now, actor: reporter.name }),
    ],
    source: "api",
  });
  return { outcome: "resolved", incident: await requireIncident(organizationId, existingId, now) };
}

export function groupDedupeKey(groupKey: string): string {
  return `alertmanager:${groupKey}`;
}

/** Alertmanager's externalURL is often an internal host name without a scheme we accept; keep only http(s) URLs. */
function safeUrl(text: string | null): string | undefined {
  if (!text) return undefined;
  try {
    const url = new URL(text);
    return url.protocol === "http:" || url.protocol === "https:" ? url.toString() : undefined;
  } catch {
    return undefined;
  }
}
