import { getPrisma } from "@/server/db/client.ts";
import { Prisma } from "@/server/db/generated/client.ts";
import type { TIncidentChangeEvent } from "@/domain/incidents/incident-change-events.ts";
import type { TIncidentKind } from "@/domain/incidents/incident-kinds.ts";
import type { TIncidentStatus } from "@/domain/incidents/incident-statuses.ts";
import type { TAffectedReason } from "@/domain/incidents/suggest-affected-services.ts";

// Incidents, their affected services and timelines. The only code that touches these
// tables (with incidents-postmortem.repository.ts and incidents-insights.repository.ts);
// every query is scoped by organizationId, so another organization's ids find nothing.

export type TReportChannel = "web" | "api" | "slack" | "alertmanager" | "system";
type TEventSource = "ui" | "api" | "demo";

/**
 * An incident's columns and relations. The open action items are counted with the
 * organization named: Prisma's relation `_count` is a `GROUP BY "incidentId"` over the
 * related table, every organization's rows unless its filter names one.
 */
function incidentSelect(organizationId: string) {
  return {
    id: true,
    kind: true,
    status: true,
    title: true,
    description: true,
    startedAt: true,
    mitigatedAt: true,
    resolvedAt: true,
    reportedVia: true,
    reportedBy: true,
    sourceUrl: true,
    alertGroupKey: true,
    draftTrigger: true,
    createdAt: true,
    updatedAt: true,
    ownerTeam: { select: { id: true, slug: true, name: true } },
    services: { select: { addedBecause: true, service: { select: { id: true, slug: true, name: true } } }, orderBy: { createdAt: "asc" } },
    postmortem: { select: { template: true, learning: true, sections: true, author: true, publishedAt: true, readCount: true, updatedAt: true } },
    _count: { select: { actionItems: { where: { organizationId, doneAt: null } } } },
  } as const satisfies Prisma.IncidentSelect;
}

export type TIncidentRow = Prisma.IncidentGetPayload<{ select: ReturnType<typeof incidentSelect> }>;

export interface TServiceLookup {
  id: string;
  slug: string;
  name: string;
  ownerTeamId: string | null;
}

export async function findServicesBySlugs(organizationId: string, slugs: readonly string[]): Promise<TServiceLookup[]> {
  if (slugs.length === 0) return [];
  return getPrisma().service.findMany({ where: { organizationId, slug: { in: [...new Set(slugs)] } }, select: { id: true, slug: true, name: true, ownerTeamId: true } });
}

export async function findServicesByIds(organizationId: string, ids: readonly string[]): Promise<TServiceLookup[]> {
  if (ids.length === 0) return [];
  return getPrisma().service.findMany({ where: { organizationId, id: { in: [...new Set(ids)] } }, select: { id: true, slug: true, name: true, ownerTeamId: true } });
}

export async function findTeamBySlug(organizationId: string, slug: string): Promise<{ id: string; slug: string; name: string } | null> {
  return getPrisma().team.findUnique({ where: { organizationId_slug: { organizationId, slug } }, select: { id: true, slug: true, name: true } });
}

export interface TNewTimelineEntry {
  at: Date;
  kind: string;
  text: string;
  author: string | null;
  sourceUrl?: string | null;
  sourceLabel?: string | null;
  dedupeKey?: string | null;
}

export interface TNewIncident {
  kind: TIncidentKind;
  status: TIncidentStatus;
  title: string;
  description: string | null;
  ownerTeamId: string | null;
  reporterPersonId: string | null;
  reportedBy: string | null;
  reportedVia: TReportChannel;
  startedAt: Date;
  resolvedAt: Date | null;
  dedupeKey: string | null;
  alertGroupKey: string | null;
  sourceUrl: string | null;
  draftTrigger: Record<string, unknown> | null;
  services: { serviceId: string; addedBecause: TAffectedReason }[];
  timeline: TNewTimelineEntry[];
}

/**
 * Stores a report with its services, first timeline entries and the history entries of
 * its services, in one transaction. A report whose dedupeKey is already taken stores
 * nothing and answers the incident holding it (created: false): reporters are idempotent,
 * even two at once (the unique index decides).
 */
export async function insertIncident(
  organizationId: string,
  incident: TNewIncident,
  history: (id: string) => { events: TIncidentChangeEvent[]; source: TEventSource },
): Promise<{ id: string; created: boolean }> {
  const prisma = getPrisma();
  if (incident.dedupeKey !== null) {
    const existing = await findIncidentIdByDedupeKey(organizationId, incident.dedupeKey);
    if (existing !== null) return { id: existing, created: false };
  }
  try {
    const id = await prisma.$transaction(async (tx) => {
      const row = await tx.incident.create({
        data: {
          organizationId,
          kind: incident.kind,
          status: incident.status,
          title: incident.title,
          description: incident.description,
          ownerTeamId: incident.ownerTeamId,
          reporterPersonId: incident.reporterPersonId,
          reportedBy: incident.reportedBy,
          reportedVia: incident.reportedVia,
          startedAt: incident.startedAt,
          resolvedAt: incident.resolvedAt,
          mitigatedAt: incident.resolvedAt,
          dedupeKey: incident.dedupeKey,
          alertGroupKey: incident.alertGroupKey,
          sourceUrl: incident.sourceUrl,
          draftTrigger: incident.draftTrigger === null ? Prisma.DbNull : (incident.draftTrigger as Prisma.InputJsonValue),
        },
        select: { id: true },
      });
      if (incident.services.length > 0) {
        await tx.incidentService.createMany({ data: incident.services.map((service) => ({ organizationId, incidentId: row.id, ...service })), skipDuplicates: true });
      }
      if (incident.timeline.length > 0) {
        await tx.incidentTimelineEntry.createMany({ data: incident.timeline.map((entry) => timelineData(organizationId, row.id, entry)), skipDuplicates: true });
      }
      const { events, source } = history(row.id);
      await writeChangeEvents(tx, organizationId, events, source);
      return row.id;
    });
    return { id, created: true };
  } catch (error) {
    if (incident.dedupeKey !== null && error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      const existing = await findIncidentIdByDedupeKey(organizationId, incident.dedupeKey);
      if (existing !== null) return { id: existing, created: false };
    }
    throw error;
  }
}

export async function findIncidentIdByDedupeKey(organizationId: string, dedupeKey: string): Promise<string | null> {
  const row = await getPrisma().incident.findUnique({ where: { organizationId_dedupeKey: { organizationId, dedupeKey } }, select: { id: true } });
  return row?.id ?? null;
}

export async function findIncidentRow(organizationId: string, id: string): Promise<TIncidentRow | null> {
  return getPrisma().incident.findFirst({ where: { organizationId, id }, select: incidentSelect(organizationId) });
}

export interface TIncidentFilter {
  kind?: TIncidentKind;
  status?: TIncidentStatus;
  /** Incidents affecting this service. */
  serviceId?: string;
  /** Incidents owned by this team, or affecting one of its services. */
  teamId?: string;
  /** Leave out drafts (lists of reports filed). */
  filedOnly?: boolean;
  limit: number;
}

export async function findIncidentRows(organizationId: string, filter: TIncidentFilter): Promise<TIncidentRow[]> {
  const where: Prisma.IncidentWhereInput = { organizationId };
  if (filter.kind) where.kind = filter.kind;
  if (filter.status) where.status = filter.status;
  else if (filter.filedOnly) where.status = { notIn: ["draft", "dismissed"] };
  if (filter.serviceId) where.services = { some: { serviceId: filter.serviceId } };
  if (filter.teamId) where.OR = [{ ownerTeamId: filter.teamId }, { services: { some: { service: { ownerTeamId: filter.teamId } } } }];
  return getPrisma().incident.findMany({ where, select: incidentSelect(organizationId), orderBy: [{ startedAt: "desc" }, { id: "desc" }], take: filter.limit });
}

export async function findTimeline(organizationId: string, incidentId: string) {
  return getPrisma().incidentTimelineEntry.findMany({
    where: { organizationId, incidentId },
    select: { id: true, at: true, kind: true, text: true, author: true, sourceUrl: true, sourceLabel: true },
    orderBy: [{ at: "asc" }, { createdAt: "asc" }],
  });
}

export interface TIncidentPatch {
  title?: string;
  kind?: TIncidentKind;
  status?: TIncidentStatus;
  description?: string | null;
  ownerTeamId?: string | null;
  startedAt?: Date;
  mitigatedAt?: Date | null;
  resolvedAt?: Date | null;
  /** Replaces the dedupe key (an alert group's key is freed when its incident resolves). */
  dedupeKey?: string | null;
}

/**
 * Applies an edit: the patch, services added and removed, timeline entries and history
 * entries, in one transaction. False when the organization has no such incident.
 */
export async function updateIncidentRow(
  organizationId: string,
  id: string,
  change: {
    patch: TIncidentPatch;
    addServices: { serviceId: string; addedBecause: TAffectedReason }[];
    removeServiceIds: string[];
    timeline: TNewTimelineEntry[];
    events: TIncidentChangeEvent[];
    source: TEventSource;
  },
): Promise<boolean> {
  return getPrisma().$transaction(async (tx) => {
    const updated = await tx.incident.updateMany({ where: { organizationId, id }, data: change.patch });
    if (updated.count === 0) return false;
    if (change.removeServiceIds.length > 0) await tx.incidentService.deleteMany({ where: { organizationId, incidentId: id, serviceId: { in: change.removeServiceIds } } });
    if (change.addServices.length > 0) {
      await tx.incidentService.createMany({ data: change.addServices.map((service) => ({ organizationId, incidentId: id, ...service })), skipDuplicates: true });
    }
    if (change.timeline.length > 0) {
      await tx.incidentTimelineEntry.createMany({ data: change.timeline.map((entry) => timelineData(organizationId, id, entry)), skipDuplicates: true });
    }
    await writeChangeEvents(tx, organizationId, change.events, change.source);
    return true;
  });
}

/** Adds timeline entries (a redelivered one, by dedupe key, adds nothing); answers how many were new. */
export async function insertTimelineEntries(organizationId: string, incidentId: string, entries: TNewTimelineEntry[]): Promise<number> {
  if (entries.length === 0) return 0;
  const result = await getPrisma().incidentTimelineEntry.createMany({ data: entries.map((entry) => timelineData(organizationId, incidentId, entry)), skipDuplicates: true });
  return result.count;
}

/** The open (not resolved) incident an Alertmanager group opened, if any. */
export async function findActiveIncidentIdByAlertGroup(organizationId: string, groupKey: string): Promise<string | null> {
  const row = await getPrisma().incident.findFirst({
    where: { organizationId, alertGroupKey: groupKey, status: { in: ["open", "mitigated"] } },
    select: { id: true },
    orderBy: { startedAt: "desc" },
  });
  return row?.id ?? null;
}

function timelineData(organizationId: string, incidentId: string, entry: TNewTimelineEntry): Prisma.IncidentTimelineEntryCreateManyInput {
  return {
    organizationId,
    incidentId,
    at: entry.at,
    kind: entry.kind,
    text: entry.text,
    author: entry.author,
    sourceUrl: entry.sourceUrl ?? null,
    sourceLabel: entry.sourceLabel ?? null,
    dedupeKey: entry.dedupeKey ?? null,
  };
}

async function writeChangeEvents(tx: Prisma.TransactionClient, organizationId: string, events: TIncidentChangeEvent[], source: TEventSource): Promise<void> {
  if (events.length === 0) return;
  await tx.changeEvent.createMany({
    data: events.map((event) => ({
      organizationId,
      serviceId: event.serviceId,
      type: event.type,
      title: event.title,
      details: event.details as Prisma.InputJsonValue,
      actor: event.actor,
      source,
      dedupeKey: event.dedupeKey,
      occurredAt: event.occurredAt,
    })),
    skipDuplicates: true,
  });
}
