import { getPrisma } from "@/server/db/client.ts";
import type { Prisma } from "@/server/db/generated/client.ts";
import type { TIncidentChangeEvent } from "@/domain/incidents/incident-change-events.ts";
import type { TIncidentKind } from "@/domain/incidents/incident-kinds.ts";
import type { TPostmortemSections, TPostmortemTemplate } from "@/domain/incidents/postmortem-templates.ts";

// Postmortems (learnings), their reads, and action items. Every query is scoped by organizationId.

export interface TPostmortemWrite {
  template: TPostmortemTemplate;
  learning: string;
  sections: TPostmortemSections;
  author: string | null;
  /** Set to publish now; an already published learning keeps its first publication time. */
  publishAt: Date | null;
}

/**
 * Writes an incident's postmortem (creating it the first time) and, when it is first
 * published, the history entries of its services. Answers whether this write published it
 * (the caller posts it to Slack then), or null when the organization has no such incident.
 */
export async function upsertPostmortem(
  organizationId: string,
  incidentId: string,
  write: TPostmortemWrite,
  events: (serviceIds: string[]) => TIncidentChangeEvent[],
  source: "ui" | "api" | "demo",
): Promise<{ postmortemId: string; firstPublished: boolean } | null> {
  return getPrisma().$transaction(async (tx) => {
    const incident = await tx.incident.findFirst({
      where: { organizationId, id: incidentId },
      select: { id: true, services: { select: { serviceId: true } }, postmortem: { select: { id: true, publishedAt: true } } },
    });
    if (!incident) return null;
    const wasPublished = incident.postmortem?.publishedAt != null;
    const publishedAt = incident.postmortem?.publishedAt ?? write.publishAt;
    const data = { template: write.template, learning: write.learning, sections: write.sections as Prisma.InputJsonValue, author: write.author, publishedAt };
    const row = await tx.postmortem.upsert({ where: { incidentId }, create: { organizationId, incidentId, ...data }, update: data, select: { id: true } });
    const firstPublished = !wasPublished && publishedAt !== null;
    if (firstPublished) {
      const rows = events(incident.services.map((service) => service.serviceId));
      if (rows.length > 0) {
        await tx.changeEvent.createMany({
          data: rows.map((event) => ({ organizationId, serviceId: event.serviceId, type: event.type, title: event.title, details: event.details as Prisma.InputJsonValue, actor: event.actor, source, dedupeKey: event.dedupeKey, occurredAt: event.occurredAt })),
          skipDuplicates: true,
        });
      }
    }
    return { postmortemId: row.id, firstPublished };
  });
}

/** Counts one read per reader per day; answers whether this one counted. */
export async function recordPostmortemRead(organizationId: string, incidentId: string, reader: string, at: Date): Promise<boolean> {
  const prisma = getPrisma();
  const postmortem = await prisma.postmortem.findFirst({ where: { organizationId, incidentId, publishedAt: { not: null } }, select: { id: true } });
  if (!postmortem) return false;
  const readOn = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()));
  return prisma.$transaction(async (tx) => {
    const inserted = await tx.postmortemRead.createMany({ data: [{ organizationId, postmortemId: postmortem.id, reader, readOn, readAt: at }], skipDuplicates: true });
    if (inserted.count === 0) return false;
    await tx.postmortem.update({ where: { id: postmortem.id }, data: { readCount: { increment: 1 } } });
    return true;
  });
}

export interface TLearningFilter {
  q?: string;
  serviceId?: string;
  teamId?: string;
  kind?: TIncidentKind;
  limit: number;
}

const LEARNING_SELECT = {
  learning: true,
  template: true,
  author: true,
  publishedAt: true,
  readCount: true,
  incident: {
    select: {
      id: true,
      kind: true,
      title: true,
      startedAt: true,
      ownerTeam: { select: { slug: true, name: true } },
      services: { select: { service: { select: { slug: true, name: true } } }, orderBy: { createdAt: "asc" as const } },
    },
  },
} as const satisfies Prisma.PostmortemSelect;

export type TLearningRow = Prisma.PostmortemGetPayload<{ select: typeof LEARNING_SELECT }>;

/** Published learnings, newest first; `q` searches the learning, its sections and the incident's title. */
export async function findLearningRows(organizationId: string, filter: TLearningFilter): Promise<TLearningRow[]> {
  const incident: Prisma.IncidentWhereInput = {};
  if (filter.kind) incident.kind = filter.kind;
  if (filter.serviceId) incident.services = { some: { serviceId: filter.serviceId } };
  if (filter.teamId) incident.OR = [{ ownerTeamId: filter.teamId }, { services: { some: { service: { ownerTeamId: filter.teamId } } } }];
  const where: Prisma.PostmortemWhereInput = { organizationId, publishedAt: { not: null }, incident };
  if (filter.q) {
    const contains = { contains: filter.q, mode: "insensitive" as const };
    where.OR = [{ learning: contains }, { incident: { title: contains } }, { incident: { description: contains } }];
  }
  return getPrisma().postmortem.findMany({ where, select: LEARNING_SELECT, orderBy: [{ publishedAt: "desc" }, { id: "desc" }], take: filter.limit });
}

/** The most read learnings since `since` (reads counted in that period), most read first. */
export async function findMostReadSince(organizationId: string, since: Date, limit: number): Promise<{ row: TLearningRow; reads: number }[]> {
  const prisma = getPrisma();
  const grouped = await prisma.postmortemRead.groupBy({
    by: ["postmortemId"],
    where: { organizationId, readOn: { gte: since } },
    _count: { _all: true },
    orderBy: { _count: { postmortemId: "desc" } },
    take: limit,
  });
  if (grouped.length === 0) return [];
  const rows = await prisma.postmortem.findMany({ where: { organizationId, id: { in: grouped.map((group) => group.postmortemId) } }, select: { id: true, ...LEARNING_SELECT } });
  const byId = new Map(rows.map((row) => [row.id, row]));
  return grouped.flatMap((group) => {
    const row = byId.get(group.postmortemId);
    return row ? [{ row, reads: group._count._all }] : [];
  });
}

// ── Action items ──

const ACTION_ITEM_SELECT = {
  id: true,
  incidentId: true,
  title: true,
  ownerName: true,
  dueOn: true,
  doneAt: true,
  createdAt: true,
  service: { select: { slug: true, name: true } },
  ownerTeam: { select: { slug: true, name: true } },
} as const satisfies Prisma.IncidentActionItemSelect;

export type TActionItemRow = Prisma.IncidentActionItemGetPayload<{ select: typeof ACTION_ITEM_SELECT }>;

export async function findActionItems(organizationId: string, incidentId: string): Promise<TActionItemRow[]> {
  return getPrisma().incidentActionItem.findMany({ where: { organizationId, incidentId }, select: ACTION_ITEM_SELECT, orderBy: { createdAt: "asc" } });
}

/** False when the organization has no such incident. */
export async function insertActionItem(
  organizationId: string,
  incidentId: string,
  item: { title: string; serviceId: string | null; ownerTeamId: string | null; ownerName: string | null; dueOn: Date | null },
): Promise<TActionItemRow | null> {
  const prisma = getPrisma();
  const incident = await prisma.incident.findFirst({ where: { organizationId, id: incidentId }, select: { id: true } });
  if (!incident) return null;
  return prisma.incidentActionItem.create({ data: { organizationId, incidentId, ...item }, select: ACTION_ITEM_SELECT });
}

/** Marks an item done (now) or not done; null when the organization has no such item on that incident. */
export async function setActionItemDone(organizationId: string, incidentId: string, itemId: string, doneAt: Date | null): Promise<TActionItemRow | null> {
  const prisma = getPrisma();
  const updated = await prisma.incidentActionItem.updateMany({ where: { organizationId, incidentId, id: itemId }, data: { doneAt } });
  if (updated.count === 0) return null;
  return prisma.incidentActionItem.findFirst({ where: { organizationId, id: itemId }, select: ACTION_ITEM_SELECT });
}

/**
 * Open action items a service's page shows: those about the service, and those about no
 * service in particular of incidents that affected it.
 */
export async function findOpenActionItemsForService(organizationId: string, serviceId: string): Promise<(TActionItemRow & { incident: { kind: TIncidentKind; title: string } })[]> {
  return getPrisma().incidentActionItem.findMany({
    where: { organizationId, doneAt: null, OR: [{ serviceId }, { serviceId: null, incident: { services: { some: { serviceId } } } }] },
    select: { ...ACTION_ITEM_SELECT, incident: { select: { kind: true, title: true } } },
    orderBy: [{ dueOn: { sort: "asc", nulls: "last" } }, { createdAt: "asc" }],
    take: 50,
  });
}
