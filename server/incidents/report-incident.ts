import { incidentChangeEvents } from "@/domain/incidents/incident-change-events.ts";
import { initialStatus, type TIncidentStatus } from "@/domain/incidents/incident-statuses.ts";
import type { TAffectedReason } from "@/domain/incidents/suggest-affected-services.ts";
import { AppError } from "@/server/http/problem.ts";
import { requireIncident } from "./get-incident.ts";
import { CHANNEL_LABELS, eventSourceOf, type TReporter } from "./incident-reporter.ts";
import { ZReportIncidentInput, type TIncidentDetail, type TReportIncidentInput } from "./incidents.schemas.ts";
import { findServicesBySlugs, findTeamBySlug, insertIncident, type TNewTimelineEntry } from "./incidents.repository.ts";

export interface TReportOptions {
  now: Date;
  /** Makes the report idempotent: an API Idempotency-Key, an alert group, a draft's trigger. */
  dedupeKey?: string | null;
  /** Drafts (Plumbline's near-miss proposals) wait for their owner to file or dismiss them. */
  status?: TIncidentStatus;
  draftTrigger?: Record<string, unknown> | null;
  alertGroupKey?: string | null;
  /** Why the services are affected (an alert named them; default: the reporter chose them). */
  servicesBecause?: TAffectedReason;
  /** A first timeline entry with a link (a Slack message, an alert). */
  firstEntry?: Omit<TNewTimelineEntry, "kind"> & { kind?: string };
  /** Unknown service slugs: refuse the report (API, web) or leave them out with a timeline note (alerts, whose labels name anything). */
  unknownServices?: "reject" | "note";
}

/**
 * Files a report: the one operation behind the web form, the API, Slack, Alertmanager and
 * Plumbline's drafts. Only the sentence is required; the owner team defaults to the first
 * affected service's owner. The report lands in every affected service's history.
 */
export async function reportIncident(
  organizationId: string,
  rawInput: TReportIncidentInput,
  reporter: TReporter,
  options: TReportOptions,
): Promise<{ incident: TIncidentDetail; created: boolean }> {
  const input = ZReportIncidentInput.parse(rawInput);
  const services = await findServicesBySlugs(organizationId, input.services);
  const found = new Set(services.map((service) => service.slug));
  const unknown = input.services.filter((slug) => !found.has(slug));
  if (unknown.length > 0 && (options.unknownServices ?? "reject") === "reject") {
    throw new AppError(422, "Unknown service", `No service ${unknown.map((slug) => `"${slug}"`).join(", ")} in this organization. GET /api/v1/services lists them.`, { services: unknown });
  }
  // Keep the reporter's order: the first service named is the one the report is about.
  const ordered = input.services.flatMap((slug) => services.filter((service) => service.slug === slug)).filter((service, index, all) => all.indexOf(service) === index);

  let ownerTeamId: string | null = ordered.find((service) => service.ownerTeamId !== null)?.ownerTeamId ?? null;
  if (input.ownerTeam) {
    const team = await findTeamBySlug(organizationId, input.ownerTeam);
    if (!team) throw new AppError(422, "Unknown team", `No team "${input.ownerTeam}" in this organization. GET /api/v1/teams lists them.`, { team: input.ownerTeam });
    ownerTeamId = team.id;
  }

  const now = options.now;
  const startedAt = input.startedAt ? new Date(input.startedAt) : now;
  const status = options.status ?? initialStatus(input.kind);
  const timeline: TNewTimelineEntry[] = [
    { at: now, kind: status === "draft" ? "drafted" : "reported", text: `${status === "draft" ? "Drafted" : "Reported"} through ${CHANNEL_LABELS[reporter.via]}${reporter.name ? ` by ${reporter.name}` : ""}.`, author: reporter.name },
  ];
  if (options.firstEntry) timeline.push({ kind: "note", ...options.firstEntry });
  if (unknown.length > 0) timeline.push({ at: now, kind: "note", text: `Named service${unknown.length === 1 ? "" : "s"} not in the catalog: ${unknown.join(", ")}.`, author: null });

  const { id, created } = await insertIncident(
    organizationId,
    {
      kind: input.kind,
      status,
      title: input.title,
      description: input.description ?? null,
      ownerTeamId,
      reporterPersonId: reporter.personId,
      reportedBy: reporter.name,
      reportedVia: reporter.via,
      startedAt,
      resolvedAt: status === "resolved" ? startedAt : null,
      dedupeKey: options.dedupeKey ?? null,
      alertGroupKey: options.alertGroupKey ?? null,
      sourceUrl: input.sourceUrl ?? null,
      draftTrigger: options.draftTrigger ?? null,
      services: ordered.map((service) => ({ serviceId: service.id, addedBecause: options.servicesBecause ?? "reported" })),
      timeline,
    },
    (incidentId) => ({
      // A draft is not a report yet: it enters the services' history when it is filed.
      events:
        status === "draft"
          ? []
          : incidentChangeEvents({ id: incidentId, kind: input.kind, title: input.title }, ordered.map((service) => service.id), { type: "incident_reported", at: startedAt, actor: reporter.name }),
      source: eventSourceOf(reporter),
    }),
  );
  return { incident: await requireIncident(organizationId, id, now), created };
}
